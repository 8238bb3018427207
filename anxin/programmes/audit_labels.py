"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "training_session.recorded": _("Individual training session recorded"),
    "training_session.list_viewed": _("Individual training sessions of a case viewed"),
    "daily_service.recorded": _("Residential daily service recorded"),
    "daily_service.day_viewed": _("Residential daily services of a day viewed"),
}

# Never a note: the session's time and programme code, the service's date and kind.
TARGETS = {
    "programmes.trainingsession": TargetLabel(("started_at", "programme")),
    "programmes.dailyservicelog": TargetLabel(("date", "kind")),
}
