#!/usr/bin/env python
"""Deployment smoke test: the production settings served by gunicorn on PostgreSQL.

A fresh database is migrated and given the demo; static files are collected and `check --deploy`
must pass; gunicorn then serves config.settings.prod on a free loopback port, as it would behind
the proxy. People sign in through the real sign-in form (a supervisor and an org admin enrol
their authenticator, as the second-factor rule makes them), the main pages must answer 200 in
Chinese, and a static file must be served. Everything made is removed at the end.

Plain HTTP on loopback cannot carry the Secure cookies production sets, so the script does what
the TLS-terminating proxy does: it sends X-Forwarded-Proto: https (ANXIN_PROXY_SSL_HEADER=1)
and keeps the cookies itself. The redirect to HTTPS stays on, as in production: a request
without the header must be redirected.
"""

import base64
import hashlib
import hmac
import html
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
from urllib.parse import urljoin, urlsplit

import requests
from smoke_deploy_common import (
    ROOT,
    SmokeFailure,
    base_environment,
    check,
    fresh_keys,
    load_demo,
    manage,
    run,
    step,
    throwaway_database,
)

PASSWORD = "anxin-demo-2026"  # the demo's (anxin/workspace/demo/loader.py)
# A Redis database of the smoke test's own: its sessions and counters never meet a developer's.
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/14")
# The address the proxy says the people connect from; the audit trail must record it.
CLIENT_ADDRESS = "203.0.113.10"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def totp(secret_base32: str, at: float | None = None) -> str:
    """RFC 6238, as the authenticator app computes it (SHA-1, 6 digits, 30 s)."""
    secret = secret_base32.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class Browser:
    """One person's browser behind the proxy: cookies kept here (they are Secure), the forwarded
    scheme set on every request, redirects followed by hand."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()
        self.http.trust_env = False  # no proxy of the environment between us and loopback

    def request(self, method: str, path: str, data: dict | None = None,
                *, follow: bool = True) -> requests.Response:
        url = urljoin(self.base, path)
        for _ in range(10):
            origin = "https://" + urlsplit(self.base).netloc
            headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": CLIENT_ADDRESS,
                       "Accept-Language": "zh-hans",
                       "Origin": origin, "Referer": origin + urlsplit(url).path}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            # Each response is read whole and its connection released at once, so no worker
            # is held by a keep-alive connection this client will not reuse.
            response = self.http.request(method, url, data=data, headers=headers,
                                         allow_redirects=False, timeout=30)
            for cookie in response.cookies:
                self.cookies[cookie.name] = cookie.value
            if not follow or response.status_code not in (301, 302, 303):
                return response
            location = response.headers["Location"]
            check(not location.startswith("http://"),
                  f"{path} redirected to plain HTTP: {location}")
            url = urljoin(url, urlsplit(location).path + (
                "?" + urlsplit(location).query if urlsplit(location).query else ""))
            method, data = "GET", None
        raise SmokeFailure(f"{path}: too many redirects")

    def get(self, path: str) -> requests.Response:
        return self.request("GET", path)

    def form_post(self, path: str, fields: dict) -> requests.Response:
        page = self.get(path)
        check(page.status_code == 200, f"GET {path}: {page.status_code}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        check(token is not None, f"{path} has no CSRF token")
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **fields})

    def sign_in(self, username: str) -> None:
        response = self.form_post("/accounts/login/",
                                  {"username": username, "password": PASSWORD})
        check(response.status_code == 200, f"signing in as {username}: {response.status_code}")
        path = urlsplit(response.url).path
        if path == "/accounts/two-factor/":
            # A role that must use a second factor enrols on first sign-in: read the secret as
            # a person would type it into the app, and confirm with the app's code. The secret
            # waits in the session between the two requests, which may reach different workers.
            secret = re.search(r'id="totp-secret">([^<]+)<', response.text)
            check(secret is not None, "the enrolment page shows no secret")
            response = self.form_post("/accounts/two-factor/",
                                      {"code": totp(html.unescape(secret.group(1)))})
            check(urlsplit(response.url).path == "/accounts/two-factor/recovery-codes/",
                  f"enrolling {username}'s authenticator ended on {response.url}")
        else:
            check(path == "/", f"{username} signed in but landed on {response.url}")
        check("sessionid" in self.cookies, f"{username} got no session cookie")


def expect_page(browser: Browser, path: str, title: str, *texts: str) -> str:
    """The page answers 200 at its own address, in Chinese: its title and the texts given."""
    response = browser.get(path)
    check(response.status_code == 200, f"GET {path}: {response.status_code}")
    check(urlsplit(response.url).path == urlsplit(urljoin(browser.base, path)).path,
          f"GET {path} ended on {response.url}")
    found = re.search(r"<title>([^<]*) · 安心</title>", response.text)
    check(found is not None and title in found.group(1),
          f"GET {path}: the title is {found and found.group(1)!r}, not {title!r}")
    for text in texts:
        check(text in response.text, f"GET {path}: no {text!r} on the page")
    print(f"    200 {path}", flush=True)
    return response.text


def first_link(page: str, pattern: str, where: str) -> str:
    found = re.search(pattern, page)
    check(found is not None, f"no link matching {pattern} on {where}")
    return found.group(0)


def start_gunicorn(env: dict[str, str], port: int, log) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "config/gunicorn.conf.py",
         "config.wsgi"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.prod",
                       "ANXIN_BIND": f"127.0.0.1:{port}", "ANXIN_WEB_WORKERS": "2"},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        check(server.poll() is None, "gunicorn exited at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    raise SmokeFailure("gunicorn did not start listening within 60 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # the session gunicorn leads: master and workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def clear_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def main() -> None:
    static_root = tempfile.mkdtemp(prefix="anxin-static-")
    log = tempfile.TemporaryFile(mode="w+")
    server = None
    try:
        with throwaway_database("deploy_smoke") as database:
            env = base_environment(database, fresh_keys(), ANXIN_REDIS_URL=REDIS_URL,
                                   ANXIN_STATIC_ROOT=static_root, ANXIN_PROXY_SSL_HEADER="1")
            step("database, demo data")
            load_demo(env, check_refusal=True)
            step("collectstatic and check --deploy (production settings)")
            manage(env, "config.settings.prod", "collectstatic", "--noinput", "-v0")
            check(os.path.exists(os.path.join(static_root, "staticfiles.json")),
                  "collectstatic wrote no manifest")
            manage(env, "config.settings.prod", "check", "--deploy", "--fail-level", "WARNING")

            step("gunicorn with config.settings.prod")
            clear_redis()
            port = free_port()
            server = start_gunicorn(env, port, log)
            base = f"http://127.0.0.1:{port}/"
            serve(base)
            stop(server)
            log.seek(0)
            access = log.read()
            check(re.search(r'"GET /cases/ HTTP/1.1" 200 \d+ \d+ms', access) is not None,
                  "the access log has no line with the request time for /cases/")
    except SmokeFailure:
        if log is not None:
            log.seek(0)
            print("gunicorn's log (last lines):\n" + "".join(log.readlines()[-40:]))
        raise
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(static_root, ignore_errors=True)
        try:
            clear_redis()
        except Exception as exc:  # noqa: BLE001 - cleaning up after a failure must not hide it
            print(f"could not clear {REDIS_URL}: {exc}")


def serve(base: str) -> None:
    # Nothing is served over plain HTTP: without the proxy's header, a redirect to HTTPS.
    plain = requests.get(urljoin(base, "/accounts/login/"), allow_redirects=False, timeout=30)
    check(plain.status_code == 301 and plain.headers["Location"].startswith("https://"),
          f"plain HTTP was not redirected to HTTPS: {plain.status_code}")
    anonymous = Browser(base)
    login = anonymous.get("/accounts/login/")
    check(login.status_code == 200 and "登录" in login.text, "the sign-in page is not there")
    check("max-age" in login.headers.get("Strict-Transport-Security", ""),
          "no HSTS header over the forwarded HTTPS")
    static = first_link(login.text, r'/static/[^"\']+\.css', "the sign-in page")
    check(re.search(r"\.[0-9a-f]{12}\.css$", static) is not None,
          f"{static} is not a hashed (manifest) name")
    asset = anonymous.get(static)
    check(asset.status_code == 200 and len(asset.content) > 1000, f"GET {static}: "
          f"{asset.status_code}")
    check("immutable" in asset.headers.get("Cache-Control", ""),
          f"{static} is not served as cacheable forever")
    print(f"    200 {static} ({len(asset.content)} bytes)", flush=True)

    step("a worker")
    worker = Browser(base)
    worker.sign_in("cd_worker1")
    expect_page(worker, "/", "首页", "李婷，您好")
    caseload = expect_page(worker, "/cases/", "个案", "我的个案")
    clients = expect_page(worker, "/clients/", "服务对象")
    expect_page(worker, first_link(clients, r"/clients/\d+/", "the client list"), "",
                "身份证", "量表结果变化")
    expect_page(worker, first_link(caseload, r"/cases/\d+/", "the caseload"), "CDWH-C",
                "时间线")
    api = worker.get("/api/v1/clients/")
    check(api.status_code == 200 and api.json()["results"], f"/api/v1/clients/: {api.status_code}")
    check(any(re.search(r"[\u4e00-\u9fff]", row.get("name", "")) for row in api.json()["results"]),
          "/api/v1/clients/ lists no client with a Chinese name")
    print("    200 /api/v1/clients/", flush=True)

    step("a supervisor (enrols the authenticator on first sign-in)")
    supervisor = Browser(base)
    supervisor.sign_in("cd_supervisor1")
    expect_page(supervisor, "/cases/queue/", "审批与转介")
    expect_page(supervisor, "/safety/alerts/", "危机预警")

    step("an org admin")
    admin = Browser(base)
    admin.sign_in("cd_admin")
    expect_page(admin, "/audit/", "审计日志", CLIENT_ADDRESS)


if __name__ == "__main__":
    run(main)
