"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "holiday_schedule.loaded": _("Holiday schedule loaded"),
}

TARGETS = {
    "core.holidayschedule": TargetLabel(("year",)),
}
