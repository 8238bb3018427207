"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "portal.self_assessment.submitted": _("Public self-assessment submitted"),
    "portal.self_assessment.contact_given": _("Public self-assessment: contact requested"),
    "portal.self_assessment.viewed": _("Public self-assessment viewed"),
    "portal.used_form_tokens.purged": _("Used self-assessment form tokens purged"),
}

TARGETS = {
    "portal.selfassessment": TargetLabel(
        ("instrument", "created_at"),
        lambda s: f"{s.instrument} #{s.pk} · {timezone.localtime(s.created_at):%Y-%m-%d}"),
}
