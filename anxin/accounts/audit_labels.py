"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "auth.login_succeeded": _("Logged in"),
    "auth.login_failed": _("Failed login"),
    "auth.locked_out": _("Account locked after failed logins"),
    "auth.logout": _("Logged out"),
    "api_token.issued": _("API token issued"),
    "auth.password_changed": _("Password changed"),
    "auth.address_throttled": _("Sign-in refused: too many failures from one address"),
    "auth.session_expired": _("Signed out after inactivity"),
    "auth.signed_out_everywhere": _("Signed out on every device"),
    "auth.totp_enrolled": _("Authenticator app set up"),
    "auth.second_factor_failed": _("Wrong authenticator code"),
    "auth.recovery_code_used": _("Recovery code used"),
}

TARGETS = {
    "accounts.user": TargetLabel(("username",)),
}
