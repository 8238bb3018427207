"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "client.registered": _("Client registered"),
    "client.updated": _("Client details changed"),
    "client.viewed": _("Client file viewed"),
    "clients.exported": _("Client list exported"),
    "clients.id_number_checked": _("ID number checked at registration"),
    "client.contact_added": _("Contact added"),
    "client.contact_removed": _("Contact removed"),
    "client.household_member_added": _("Household member added"),
    "client.household_member_removed": _("Household member removed"),
    "client.diagnosis_added": _("Diagnosis added"),
    "client.diagnosis_removed": _("Diagnosis removed"),
    "client.emergency_access_opened": _("Client file opened by emergency access"),
    "client.emergency_access_reviewed": _("Emergency access reviewed"),
}

# The file number names a client without decrypting anything; names and diagnoses stay out.
TARGETS = {
    "clients.client": TargetLabel(("file_number",)),
    "clients.contact": TargetLabel(
        ("client__file_number", "kind"),
        lambda c: f"{c.client.file_number} · {c.get_kind_display()}"),
    "clients.householdmember": TargetLabel(("client__file_number", "relationship")),
    "clients.clientdiagnosis": TargetLabel(("client__file_number",)),
    "clients.emergencyaccess": TargetLabel(("client__file_number",)),
}
