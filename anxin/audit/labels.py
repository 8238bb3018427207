"""Readable names of audit actions. An action missing here is shown by its code."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "auth.login_succeeded": _("Logged in"),
    "auth.login_failed": _("Failed login"),
    "auth.locked_out": _("Account locked after failed logins"),
    "auth.logout": _("Logged out"),
    "api_token.issued": _("API token issued"),
    "client.registered": _("Client registered"),
    "client.updated": _("Client details changed"),
    "client.viewed": _("Client file viewed"),
    "clients.exported": _("Client list exported"),
    "client.contact_added": _("Contact added"),
    "client.contact_removed": _("Contact removed"),
    "client.household_member_added": _("Household member added"),
    "client.household_member_removed": _("Household member removed"),
    "client.diagnosis_added": _("Diagnosis added"),
    "client.diagnosis_removed": _("Diagnosis removed"),
    "case.viewed": _("Case file viewed"),
    "case.document.printed": _("Case form printed"),
}


def label_for(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
