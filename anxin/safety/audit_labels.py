"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

from .rules import RULES

ACTIONS = {
    "safety.alert.raised": _("Crisis alert raised"),
    "safety.alert.acknowledged": _("Crisis alert acknowledged"),
    "safety.alert.step": _("Crisis alert: step recorded"),
    "safety.alert.resolved": _("Crisis alert resolved"),
    "safety.alert.viewed": _("Crisis alert viewed"),
    "safety.alert.escalated": _("Crisis alert escalated"),
    "safety.alert.handed_over": _("Crisis alert handed over with its case"),
    "safety.incident.recorded": _("Safety incident recorded"),
    "safety.settings.changed": _("Safety settings changed"),
    "safety.alert.held_back": _("Self-assessment alert held back (hourly limit reached)"),
}


def _rule_label(code: str) -> str:
    rule = RULES.get(code)
    return str(rule.label) if rule else code


TARGETS = {
    "safety.alert": TargetLabel(("rule", "client__file_number"), lambda a: " · ".join(
        filter(None, [_rule_label(a.rule), a.client.file_number if a.client else ""]))),
    "safety.incident": TargetLabel(
        ("kind", "occurred_at", "client__file_number"),
        lambda i: f"{i.client.file_number} · {i.get_kind_display()} · "
                  f"{timezone.localtime(i.occurred_at):%Y-%m-%d}"),
    "safety.safetysettings": TargetLabel(("organization__code",)),
    "safety.alertlimithour": TargetLabel(
        ("organization__code", "starts_at"),
        lambda h: f"{h.organization.code} · {timezone.localtime(h.starts_at):%Y-%m-%d %H:00}"),
}
