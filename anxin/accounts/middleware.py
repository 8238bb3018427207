from django.shortcuts import redirect
from django.urls import reverse

# Pages a user with a temporary password may still reach: the change itself, signing out, and
# what those pages load.
_ALLOWED_PREFIXES = ("/static/", "/jsi18n/", "/i18n/")


class PasswordChangeRequiredMiddleware:
    """A temporary password (set by an admin) opens only the page that replaces it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            path = request.path
            if path not in allowed and not path.startswith(_ALLOWED_PREFIXES):
                if path.startswith("/api/"):
                    from django.http import JsonResponse

                    return JsonResponse({"error": {
                        "code": "password_change_required",
                        "message": "Change the temporary password before using the API."}},
                        status=403)
                return redirect("accounts:password_change")
        return self.get_response(request)


LAST_ACTIVITY_SESSION_KEY = "anxin_last_activity"
IDLE_SECONDS_SESSION_KEY = "anxin_idle_seconds"
# Writing the session on every request would cost a database write each; a minute's precision
# is plenty for a half-hour limit.
_ACTIVITY_RESOLUTION_SECONDS = 60


class IdleSessionMiddleware:
    """A signed-in session unused for longer than its idle limit ends: a phone left on a desk
    or a shared computer does not stay signed in. The limit is ANXIN_SESSION_IDLE_SECONDS, or
    the longer ANXIN_SESSION_IDLE_OWN_DEVICE_SECONDS the sign-in asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.conf import settings
        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = int(time.time())
            last = session.get(LAST_ACTIVITY_SESSION_KEY)
            limit = session.get(IDLE_SECONDS_SESSION_KEY, settings.ANXIN_SESSION_IDLE_SECONDS)
            if last is not None and now - last > limit:
                from anxin.audit.actions import record

                record("auth.session_expired", actor=user, data={"idle_seconds": now - last})
                logout(request)
            elif last is None or now - last >= _ACTIVITY_RESOLUTION_SECONDS:
                session[LAST_ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """After a password sign-in, a role that must use a second factor (ANXIN_REQUIRE_TOTP_ROLES)
    reaches only the enrolment until an authenticator is confirmed. Users who have one never
    get here unverified: the sign-in asks for their code before it opens the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import second_factor

        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated
                and request.session.get(second_factor.PASSWORD_SIGN_IN_SESSION_KEY)
                and not user.is_verified() and second_factor.required_for(user)):
            allowed = {reverse("accounts:totp_enrol"), reverse("accounts:logout"),
                       reverse("accounts:password_change")}
            path = request.path
            if second_factor.has_second_factor(user):
                # An authenticator confirmed elsewhere since this sign-in: this session never
                # gave its code, so it ends rather than let a password alone replace the app.
                from django.contrib.auth import logout

                logout(request)
                return redirect("accounts:login")
            if path not in allowed and not path.startswith(_ALLOWED_PREFIXES):
                if path.startswith("/api/"):
                    from django.http import JsonResponse

                    return JsonResponse({"error": {
                        "code": "second_factor_required",
                        "message": "Set up the authenticator app before using the API."}},
                        status=403)
                return redirect("accounts:totp_enrol")
        return self.get_response(request)
