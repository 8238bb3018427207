"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "group.created": _("Group created"),
    "group.member_added": _("Group member added"),
    "group.session_planned": _("Group session planned"),
    "group.member_left": _("Group member left"),
    "group.attendance_recorded": _("Group attendance recorded"),
    "group.session_cancelled": _("Group session cancelled"),
    "group.measure_recorded": _("Group member's measure recorded"),
    "group.closed": _("Group closed"),
}

TARGETS = {"groups.group": TargetLabel(("title",))}
