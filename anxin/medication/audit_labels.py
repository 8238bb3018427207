"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "medication.prescription_added": _("Prescription recorded"),
    "medication.prescription_ended": _("Prescription ended"),
    "medication.dose_recorded": _("Dose recorded (given, refused or missed)"),
    "medication.viewed": _("Medication record viewed"),
    "medication.list_viewed": _("Medication of several clients viewed"),
}

# Never the drug or the dose (both encrypted, see TargetLabel): the prescription's dates.
TARGETS = {
    "medication.prescription": TargetLabel(("started_on", "ended_on")),
}
