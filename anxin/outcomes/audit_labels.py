"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "placement.added": _("Employment placement added"),
    "placement.ended": _("Employment placement ended"),
    "relapse_admission.recorded": _("Relapse admission recorded"),
    "disability_assessment.recorded": _("Disability assessment recorded"),
}

# Never an encrypted field nor the grade: the kind and dates only.
TARGETS = {
    "outcomes.placement": TargetLabel(("kind", "started_on")),
    "outcomes.relapseadmission": TargetLabel(("admitted_on",)),
    "outcomes.disabilityassessment": TargetLabel(("assessed_on",)),
}
