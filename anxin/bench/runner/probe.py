"""The benchmark's in-process half, run as a script inside the code being served (the project or
a `--source` checkout) with the benchmark settings and database:

- chooses the bench identities: the busiest worker and supervisor of the largest organisation
  (the worst case) and its org admin;
- signs them in as Django's `login` does (a session holding the user and its hash), with a
  verified authenticator for the roles that need a second factor, and issues an API token;
- picks the values a worker would search for, decrypted through the model;
- counts each page's queries with django.test.Client and CaptureQueriesContext.

It prints one JSON document on stdout. It imports nothing of the benchmark package, so that an
older checkout without it can still be measured.
"""

import json
import sys
from urllib.parse import urlencode

# name, role, path (filled from the identities), floor, page size, is it a list, auth
PAGES = [
    ("caseload", "worker", "/cases/", "caseload", 25, True, "session"),
    ("clients_worker", "worker", "/clients/", "clients_worker", 25, True, "session"),
    ("clients_supervisor", "supervisor", "/clients/", "clients_supervisor", 25, True, "session"),
    ("search_name", "worker", "/clients/?{q_name}", "search_name", 25, True, "session"),
    ("search_id", "worker", "/clients/?{q_id}", "search_id", 25, True, "session"),
    ("search_phone", "worker", "/clients/?{q_phone}", "search_phone", 25, True, "session"),
    ("client_file", "worker", "/clients/{client}/", "client_file", 1, False, "session"),
    ("case_page", "worker", "/cases/{case}/", "case_page", 1, False, "session"),
    ("queue", "supervisor", "/cases/queue/", "queue", 50, True, "session"),
    ("alerts_worker", "worker", "/safety/alerts/", "alerts_worker", 200, True, "session"),
    ("alerts_supervisor", "supervisor", "/safety/alerts/", "alerts_supervisor", 200, True,
     "session"),
    ("audit", "org_admin", "/audit/", "audit", 50, True, "session"),
    ("api_clients", "worker", "/api/v1/clients/", "clients_worker", 25, True, "token"),
    ("api_cases", "worker", "/api/v1/cases/", "api_cases", 25, True, "token"),
    ("api_alerts", "worker", "/api/v1/alerts/", "alerts_worker", 25, True, "token"),
]

BENCH_DEVICE_NAME = "benchmark"
DB_TIME_RUNS = 5


def choose_identities():
    """The largest organisation (most clients), its worker with the most cases, its supervisor
    who sees the most cases, and its first org admin; only active accounts that need no new
    password."""
    from django.db.models import Count

    from anxin.accounts.choices import Role
    from anxin.accounts.models import Membership
    from anxin.cases.models import Case
    from anxin.clients.models import Client

    top = (Client.objects.values("organization_id").annotate(n=Count("id"))
           .order_by("-n", "organization_id").first())
    if top is None:
        raise SystemExit("The database holds no clients.")
    org_id = top["organization_id"]
    members = (Membership.objects.filter(organization_id=org_id, is_active=True,
                                         user__is_active=True,
                                         user__must_change_password=False)
               .select_related("user"))
    workers = {m.user_id: m.user for m in members if m.role == Role.WORKER}
    busiest = (Case.objects.filter(organization_id=org_id, worker_id__in=workers)
               .values("worker_id").annotate(n=Count("id")).order_by("-n", "worker_id").first())
    if busiest is None:
        raise SystemExit("The largest organisation has no worker with cases.")
    worker = workers[busiest["worker_id"]]
    supervisors = [m.user for m in members if m.role == Role.SUPERVISOR]
    if not supervisors:
        raise SystemExit("The largest organisation has no supervisor.")
    seen = {s.pk: Case.objects.visible_to(s).count() for s in supervisors}
    supervisor = max(supervisors, key=lambda s: (seen[s.pk], -s.pk))
    admin = next((m.user for m in members if m.role == Role.ORG_ADMIN), None)
    if admin is None:
        raise SystemExit("The largest organisation has no org admin.")
    return org_id, top["n"], {
        "worker": (worker, busiest["n"]), "supervisor": (supervisor, seen[supervisor.pk]),
        "org_admin": (admin, None)}


def open_session(user) -> str:
    """A session as django.contrib.auth.login leaves it (what the test client's force_login
    does too). For a role that must use a second factor, it is marked as opened by the password
    sign-in and verified with a confirmed authenticator, as after typing the code."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    required = getattr(settings, "ANXIN_REQUIRE_TOTP_ROLES", ())
    if user.membership.role in required:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
                  or TOTPDevice.objects.create(user=user, name=BENCH_DEVICE_NAME, confirmed=True))
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
        try:
            from anxin.accounts.second_factor import PASSWORD_SIGN_IN_SESSION_KEY
        except ImportError:  # an older checkout without the requirement
            pass
        else:
            store[PASSWORD_SIGN_IN_SESSION_KEY] = True
    store.save()
    return store.session_key


def issue_token(user) -> str | None:
    try:
        from anxin.accounts.actions import do_issue_api_token
    except ImportError:
        return None
    _token, key = do_issue_api_token(user, name="benchmark")
    return key


def search_values(worker):
    """A client the worker sees with an ID number and a phone, newest first: what a worker
    would type to find them, decrypted through the model."""
    from anxin.clients.models import Client

    client = (Client.objects.visible_to(worker).exclude(id_number_index="")
              .exclude(phone_index="").order_by("-created_at", "-id").first())
    if client is None:
        raise SystemExit("The bench worker sees no client with an ID number and a phone.")
    return client


def count_queries(pages, sessions, token):
    from django.conf import settings
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext

    browsers = {}
    for role, key in sessions.items():
        browser = HttpClient(HTTP_HOST="127.0.0.1", raise_request_exception=False)
        browser.cookies[settings.SESSION_COOKIE_NAME] = key
        browsers[role] = browser
    api = HttpClient(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    for page in pages:
        if page["auth"] == "token":
            browser, headers = api, {"Authorization": f"Token {token}"}
        else:
            browser, headers = browsers[page["role"]], {}
        browser.get(page["path"], headers=headers)  # the first request fills per-process caches
        database_ms = []
        for _ in range(DB_TIME_RUNS):
            with CaptureQueriesContext(connection) as queries:
                response = browser.get(page["path"], headers=headers)
            database_ms.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        # The time the page's queries took in the database (and the driver), to set beside the
        # floor: the rest of the server time is Python — the view, forms and templates.
        page.update(queries=len(queries), status=response.status_code,
                    bytes=len(response.content),
                    database_ms=round(sorted(database_ms)[len(database_ms) // 2], 2))


def main():
    import django

    django.setup()
    from django.utils import timezone

    from anxin.cases.models import Case
    from anxin.cases.selectors import active_stages

    org_id, org_clients, chosen = choose_identities()
    worker = chosen["worker"][0]
    client = search_values(worker)
    case = (Case.objects.filter(organization_id=org_id, worker=worker)
            .order_by("-stage_changed_at", "-id").first())
    values = {
        "q_name": urlencode({"q": client.name}), "q_id": urlencode({"q": client.id_number}),
        "q_phone": urlencode({"q": client.phone}), "client": client.pk, "case": case.pk,
    }
    sessions = {role: open_session(user) for role, (user, _n) in chosen.items()}
    token = issue_token(worker)
    common = {"org": org_id, "stages": sorted(active_stages()),
              "today": timezone.localdate().isoformat(), "name": client.name,
              "id_index": client.id_number_index, "phone_index": client.phone_index,
              "client": client.pk, "case": case.pk}
    pages = []
    for name, role, path, floor, limit, is_list, auth in PAGES:
        if auth == "token" and not token:
            continue
        pages.append({"name": name, "role": role, "path": path.format(**values),
                      "floor": floor, "list": is_list, "auth": auth,
                      "floor_params": {**common, "user": chosen[role][0].pk, "limit": limit}})
    count_queries(pages, sessions, token)
    print(json.dumps({
        "organization": {"id": org_id, "clients": org_clients},
        "users": {role: {"id": user.pk, "username": user.get_username(), "sees": n}
                  for role, (user, n) in chosen.items()},
        "sessions": sessions, "token": token, "pages": pages,
    }))


if __name__ == "__main__":
    # Run as a script, its own directory would come first on the path; the code measured must
    # come from the checkout on PYTHONPATH.
    sys.path.pop(0)
    sys.exit(main())
