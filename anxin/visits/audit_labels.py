"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "home_visit.planned": _("Home visit planned"),
    "home_visit.approved": _("Home visit approved"),
    "home_visit.refused": _("Home visit refused"),
    "home_visit.departed": _("Left on a home visit"),
    "home_visit.checked_in": _("Checked in from a home visit"),
    "home_visit.cancelled": _("Home visit cancelled"),
    "home_visit.overdue": _("Home visit overdue: alert raised"),
    "home_visit.viewed": _("Home visit viewed"),
    "home_visit.service_record_added": _("Service record of a home visit added"),
}

TARGETS = {
    "visits.homevisit": TargetLabel(
        ("client__file_number", "planned_for"),
        lambda v: f"{v.client.file_number} · "
                  f"{timezone.localtime(v.planned_for):%Y-%m-%d %H:%M}"),
}
