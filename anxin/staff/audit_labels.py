"""Readable names of organisation administration's audit events and targets."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "staff.member_added": _("Member added"),
    "staff.member_changed": _("Member's role or team changed"),
    "staff.record_updated": _("Staff record changed"),
    "staff.member_deactivated": _("Member deactivated"),
    "staff.member_reactivated": _("Member reactivated"),
    "staff.member_unlocked": _("Member unlocked"),
    "staff.password_reset": _("Temporary password issued"),
    "staff.qualification_added": _("Qualification recorded"),
    "staff.training_added": _("Training recorded"),
    "staff.team_created": _("Team created"),
    "staff.attachment_downloaded": _("Certificate copy downloaded"),
    "organization.created": _("Organisation registered"),
}

TARGETS = {
    "staff.qualification": TargetLabel(("kind", "issued_on")),
    "staff.trainingrecord": TargetLabel(("date", "topic")),
}
