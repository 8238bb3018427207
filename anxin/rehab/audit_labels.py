"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "rehab.profile_updated": _("Centre profile changed"),
    "rehab.partner_added": _("Medical partner added"),
    "rehab.partner_ended": _("Medical partnership ended"),
    "rehab.enquiry_recorded": _("Enquiry registered"),
    "rehab.eligibility_overridden": _("Admission criteria overridden"),
}

# Never a client's name or an encrypted field (see TargetLabel).
TARGETS = {
    "rehab.centreprofile": TargetLabel(("beds_male", "beds_female")),
    "rehab.medicalpartner": TargetLabel(("name",)),
    "rehab.enquiry": TargetLabel(("received_at", "channel")),
}
