"""A job: work too long for a request (an export, an import), run by a task worker.

The row is the whole state the pages show: a reload or another device sees the same progress,
and the result waits here until its owner downloads it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anxin.core.crypto import EncryptedJSONField, EncryptedTextField


class JobKind(models.TextChoices):
    CLIENT_EXPORT = "client_export", _("Client list export")
    CLIENT_IMPORT = "client_import", _("Client import")
    CASE_FILE_PRINT = "case_file_print", _("Whole case file (PDF)")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JobQuerySet":
        """Only the person who asked for a job sees it: its result is their export."""
        if not user.is_authenticated or user.organization is None:
            return self.none()
        return self.filter(organization=user.organization, requested_by=user)


class Job(models.Model):
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("requested by"))
    kind = models.CharField(_("kind"), max_length=32, choices=JobKind.choices)
    # An export's filters can hold a searched name or ID number; an import's, the file's
    # name: encrypted at rest like the rest of what identifies people (ADR 0015).
    parameters = EncryptedJSONField(_("parameters"), default=dict, blank=True)
    # The language of the person who asked: the worker writes messages in it.
    language = models.CharField(_("language"), max_length=16, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    message = EncryptedTextField(_("message"), blank=True)
    # Each problem found, e.g. an import's {"row": 3, "field": "ID number", "message": …}.
    errors = EncryptedJSONField(_("errors"), default=list, blank=True)
    # In the default storage, encrypted (jobs/files.py); served only by the download view.
    result = models.FileField(_("result"), blank=True, max_length=200)
    result_name = models.CharField(_("file name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    task_result_id = models.CharField(_("task id"), max_length=64, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            models.Index(fields=["organization", "requested_by", "-created_at"],
                         name="job_owner_time"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)
