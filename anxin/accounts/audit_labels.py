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
}

TARGETS = {
    "accounts.user": TargetLabel(("username",)),
}
