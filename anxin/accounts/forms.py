from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Username or password is wrong. After 5 failed attempts the account "
                           "is locked for 15 minutes."),
        "inactive": _("This account is disabled."),
    }
