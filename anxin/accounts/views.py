from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from anxin.audit.actions import record

from .actions import do_change_own_password
from .forms import LoginForm, PasswordChangeForm


class LoginView(auth_views.LoginView):
    """Sign in; success and failure both go on the audit trail, lock-out comes from axes."""

    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record("auth.login_succeeded", actor=form.get_user())
        return response

    def form_invalid(self, form):
        record("auth.login_failed", actor_label=form.data.get("username", "")[:150])
        return super().form_invalid(form)


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
