"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "group.created": _("Group created"),
    "group.member_added": _("Group member added"),
    "group.session_planned": _("Group session planned"),
}

TARGETS = {"groups.group": TargetLabel(("title",))}
