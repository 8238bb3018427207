import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_ratelimit.core import is_ratelimited

from anxin.audit.actions import record

from . import second_factor
from .actions import (
    do_change_own_password,
    do_enrol_totp,
    do_sign_out_everywhere,
    do_verify_second_factor,
)
from .forms import EnrolForm, LoginForm, PasswordChangeForm, SecondFactorForm
from .middleware import IDLE_SECONDS_SESSION_KEY, LAST_ACTIVITY_SESSION_KEY
from .models import User

_ADDRESS_GROUP = "accounts.login"


def _address_limited(request, *, count: bool) -> bool:
    """Failed sign-ins from this request's address within the window reached the limit
    (ANXIN_LOGIN_FAILURES_PER_ADDRESS); with `count`, this request is one more failure."""
    return is_ratelimited(request, group=_ADDRESS_GROUP, key="ip",
                          rate=settings.ANXIN_LOGIN_FAILURES_PER_ADDRESS, increment=count)


def _address_refused(request):
    record("auth.address_throttled", actor_label=request.POST.get("username", "")[:150])
    messages.error(request, _("Too many failed sign-ins from this network. Wait 15 minutes and "
                              "try again."))
    return render(request, "accounts/login.html", {"form": LoginForm(request), "locked": True},
                  status=429)


def _open_session(request, user, *, backend: str, own_device: bool, device=None):
    """Sign in for real, after the password and, where the user has one, the second factor."""
    auth_login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)
    session = request.session
    session[second_factor.PASSWORD_SIGN_IN_SESSION_KEY] = True
    idle = (settings.ANXIN_SESSION_IDLE_OWN_DEVICE_SECONDS if own_device
            else settings.ANXIN_SESSION_IDLE_SECONDS)
    session[IDLE_SECONDS_SESSION_KEY] = idle
    session[LAST_ACTIVITY_SESSION_KEY] = int(time.time())
    if own_device:
        # A cookie that outlives the browser, and a server-side expiry counted from the last
        # save, which the idle middleware renews while the session is in use.
        session.set_expiry(idle)
    method = ("none" if device is None else
              "recovery_code" if second_factor.is_recovery_device(device) else "totp")
    record("auth.login_succeeded", actor=user,
           data={"second_factor": method, "own_device": own_device})


class LoginView(auth_views.LoginView):
    """Sign in; success and failure both go on the audit trail, lock-out comes from axes, the
    per-address limit from the cache, and a user with an authenticator gives its code next."""

    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if _address_limited(request, count=False):
            return _address_refused(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        own_device = form.cleaned_data.get("own_device", False)
        if second_factor.has_second_factor(user):
            self.request.session[second_factor.PENDING_SESSION_KEY] = {
                "user": user.pk, "backend": user.backend, "at": int(time.time()),
                "own_device": own_device, "next": self.get_success_url(), "failures": 0}
            return redirect("accounts:login_verify")
        _open_session(self.request, user, backend=user.backend, own_device=own_device)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        record("auth.login_failed", actor_label=form.data.get("username", "")[:150])
        _address_limited(self.request, count=True)
        return super().form_invalid(form)


class AdminLoginView(LoginView):
    """/admin/login/ is this same sign-in (audit, limits, second factor), landing in the admin."""

    redirect_authenticated_user = False

    def get(self, request, *args, **kwargs):
        if request.user.is_active and request.user.is_staff:
            return redirect("admin:index")
        return super().get(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("admin:index")


def admin_login(request, extra_context=None):
    return AdminLoginView.as_view()(request)


def login_verify(request):
    """The second step of signing in: the authenticator's code or a recovery code."""
    pending = request.session.get(second_factor.PENDING_SESSION_KEY)
    user = None
    if pending and time.time() - pending["at"] <= second_factor.PENDING_SECONDS:
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(second_factor.PENDING_SESSION_KEY, None)
        messages.info(request, _("Sign in again, please."))
        return redirect("accounts:login")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _address_limited(request, count=False):
            return _address_refused(request)
        device = do_verify_second_factor(user, code=form.cleaned_data["code"])
        if device is not None:
            del request.session[second_factor.PENDING_SESSION_KEY]
            _open_session(request, user, backend=pending["backend"],
                          own_device=pending["own_device"], device=device)
            if second_factor.is_recovery_device(device):
                messages.warning(request, _(
                    "You signed in with a recovery code; %(left)d are left. If your phone is "
                    "lost, set up the authenticator again on your account page.") % {
                        "left": second_factor.recovery_codes_left(user)})
            target = pending["next"]
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
                target = reverse(settings.LOGIN_REDIRECT_URL)
            return redirect(target)
        _address_limited(request, count=True)
        pending["failures"] += 1
        if pending["failures"] >= second_factor.PENDING_MAX_FAILURES:
            del request.session[second_factor.PENDING_SESSION_KEY]
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("accounts:login")
        request.session[second_factor.PENDING_SESSION_KEY] = pending
        form.add_error("code", _("This code is wrong or already used. Enter the code your app "
                                 "shows now, or a recovery code."))
    return render(request, "accounts/login_verify.html", {"form": form})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record("auth.logout", actor=request.user)
    return auth_views.LogoutView.as_view()(request)


def locked_out(request, original_response=None, credentials=None, *args, **kwargs):
    """Answer for a username locked after repeated failures (AXES_FAILURE_LIMIT)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    record("auth.locked_out", actor_label=str(username)[:150])
    messages.error(request, _("Too many failed attempts. This account is locked for 15 minutes; "
                              "ask your organisation admin if you need access sooner."))
    return render(request, "accounts/login.html", {"form": LoginForm(request), "locked": True},
                  status=429)


@login_required
def password_change(request):
    """Choose a new password; required before anything else after an admin's reset."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_change_own_password(request.user, old_password=form.cleaned_data["old_password"],
                                   new_password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password is changed."))
            return redirect("home")
    return render(request, "accounts/password_change.html", {
        "form": form, "required": request.user.must_change_password})


@login_required
def account(request):
    """The user's own account: password, authenticator app, and signing out everywhere."""
    user = request.user
    return render(request, "accounts/account.html", {
        "has_second_factor": second_factor.has_second_factor(user),
        "second_factor_required": second_factor.required_for(user),
        "recovery_codes_left": second_factor.recovery_codes_left(user),
    })


@login_required
def totp_enrol(request):
    """Set up an authenticator app: scan the code (or type the secret), confirm with a first
    code, then see the recovery codes once. Replacing an app needs a session that gave a code."""
    user = request.user
    if second_factor.has_second_factor(user) and not user.is_verified():
        messages.error(request, _("Sign in with your current authenticator code before you set "
                                  "up a new one."))
        return redirect("accounts:account")
    key = request.session.get(second_factor.ENROL_SECRET_SESSION_KEY)
    if not key:
        key = second_factor.new_key()
        request.session[second_factor.ENROL_SECRET_SESSION_KEY] = key
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = do_enrol_totp(user, key=key, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            del request.session[second_factor.ENROL_SECRET_SESSION_KEY]
            otp_login(request, device)
            request.session[second_factor.RECOVERY_CODES_SESSION_KEY] = codes
            return redirect("accounts:recovery_codes")
    return render(request, "accounts/totp_enrol.html", {
        "form": form, "qr_svg": second_factor.qr_svg(second_factor.otpauth_uri(user, key)),
        "secret": second_factor.base32_secret(key),
        "replacing": second_factor.has_second_factor(user),
        "required": second_factor.required_for(user)})


@login_required
def recovery_codes(request):
    """The recovery codes of a new enrolment, shown this once: they are not kept to show again."""
    codes = request.session.pop(second_factor.RECOVERY_CODES_SESSION_KEY, None)
    return render(request, "accounts/recovery_codes.html", {
        "codes": codes, "left": second_factor.recovery_codes_left(request.user)})


@require_POST
@login_required
def sign_out_everywhere(request):
    do_sign_out_everywhere(request.user)
    logout(request)
    messages.success(request, _("You are signed out on every device. Sign in again here."))
    return redirect("accounts:login")
