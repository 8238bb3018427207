"""Readable names of community work's audit events and targets (found by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "community.activity_recorded": _("Community activity recorded"),
    "community.activity_updated": _("Community activity changed"),
    "community.participant_added": _("Activity participant added"),
    "community.material_added": _("Activity materials recorded"),
    "community.volunteer_registered": _("Volunteer registered"),
    "community.volunteer_updated": _("Volunteer changed"),
    "community.volunteer_hours_logged": _("Volunteer hours logged"),
}

TARGETS = {
    "community.communityactivity": TargetLabel(("date", "title")),
    "community.volunteer": TargetLabel(("name",)),
}
