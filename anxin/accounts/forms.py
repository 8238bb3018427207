from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Username or password is wrong. After 5 failed attempts the account "
                           "is locked for 15 minutes."),
        "inactive": _("This account is disabled."),
    }


class PasswordChangeForm(StyledFormMixin, forms.Form):
    old_password = forms.CharField(label=_("Current password"), strip=False,
                                   widget=forms.PasswordInput(attrs={
                                       "autocomplete": "current-password"}))
    new_password1 = forms.CharField(label=_("New password"), strip=False,
                                    widget=forms.PasswordInput(attrs={
                                        "autocomplete": "new-password"}),
                                    help_text=_("At least 10 characters, not a common password."))
    new_password2 = forms.CharField(label=_("New password again"), strip=False,
                                    widget=forms.PasswordInput(attrs={
                                        "autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") and (
                data["new_password1"] != data["new_password2"]):
            self.add_error("new_password2", _("The two new passwords differ."))
        return data
