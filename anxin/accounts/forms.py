from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Username or password is wrong. After 5 failed attempts the account "
                           "is locked for 15 minutes."),
        "inactive": _("This account is disabled."),
    }
    own_device = forms.BooleanField(label=_("This is my own phone or computer"),
                                    required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["own_device"].help_text = _(
            "Stay signed in for up to %(long)d hours without use. Leave it unticked on a shared "
            "computer: you are signed out after %(short)d minutes without use.") % {
                "long": settings.ANXIN_SESSION_IDLE_OWN_DEVICE_SECONDS // 3600,
                "short": settings.ANXIN_SESSION_IDLE_SECONDS // 60}


class SecondFactorForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=32, strip=True,
        help_text=_("The six digits your authenticator app shows, or one of your recovery "
                    "codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "autocapitalize": "none", "spellcheck": "false"}))


class EnrolForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from the app"), max_length=16, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9 ]*"}))


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
