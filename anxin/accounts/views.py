from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from anxin.audit.actions import record

from .forms import LoginForm


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
