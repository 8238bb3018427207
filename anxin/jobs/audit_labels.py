"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "job.started": _("Background job started"),
    "job.result_downloaded": _("Job result downloaded"),
    "clients.imported": _("Clients imported from a file"),
}

TARGETS = {
    "jobs.job": TargetLabel(("kind", "id"), lambda job: f"{job.get_kind_display()} #{job.pk}"),
}
