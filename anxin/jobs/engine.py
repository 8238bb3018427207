"""Starting jobs and running them: the one place a job's row changes.

`start_job` writes the Job row, its audit event and the task in one transaction, so a job is
either queued with its task or not at all. The task (tasks.run_job) calls `run`, which hands the
job to the runner of its kind with a `Progress` to report to, and records how it ended. A runner
refuses with `JobFailed` (a message, and the problems found); anything else it raises is logged
and shown as a failure in the owner's language, never as a traceback.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import CASE_PRINT, CLIENT_CREATE, CLIENT_EXPORT
from anxin.audit.actions import record
from anxin.core.exceptions import NotPermitted

from . import files
from .models import Job, JobKind, JobStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    capability: str
    runner: str  # dotted path, imported when a job runs: the runners import the apps below
    # How the result is served: its type, and what reads the stored file back as bytes.
    content_type: str = "text/csv; charset=utf-8"
    reader: str = "anxin.jobs.files.read_utf8"


KINDS: dict[str, Kind] = {
    JobKind.CLIENT_EXPORT: Kind(CLIENT_EXPORT, "anxin.jobs.client_export.run"),
    JobKind.CLIENT_IMPORT: Kind(CLIENT_CREATE, "anxin.jobs.client_import.run"),
    JobKind.CASE_FILE_PRINT: Kind(CASE_PRINT, "anxin.cases.printing.case_file.run",
                                  content_type="application/pdf",
                                  reader="anxin.cases.printing.case_file.read_pdf"),
}

# Progress is written once per this many rows, not per row.
BATCH = 500


class JobFailed(Exception):
    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class Progress:
    """What a runner reports as it goes; the row is updated once per BATCH rows."""

    def __init__(self, job: Job, batch: int = BATCH):
        self.job = job
        self.batch = batch
        self._written = job.progress_done

    def total(self, total: int) -> None:
        self.job.progress_total = total
        Job.objects.filter(pk=self.job.pk).update(progress_total=total)

    def advance(self, rows: int = 1) -> None:
        self.job.progress_done += rows
        if self.job.progress_done - self._written >= self.batch:
            self.flush()

    def note(self, message: str) -> None:
        """A word on what is being done now ("saving…"), shown under the bar."""
        self.job.message = message
        self.flush(fields=("progress_done", "message"))

    def flush(self, fields=("progress_done",)) -> None:
        self._written = self.job.progress_done
        self.job.save(update_fields=list(fields))


def may_start(user, kind: str) -> bool:
    return user.is_authenticated and user.organization is not None and user.can(
        KINDS[kind].capability)


@transaction.atomic
def start_job(kind: str, user, params: dict, *, language: str = "") -> Job:
    """Queue a job of `kind` for `user`; refused (NotPermitted) without the kind's capability."""
    from .tasks import run_job  # tasks.py imports this module

    if not may_start(user, kind):
        raise NotPermitted
    job = Job.objects.create(organization=user.organization, requested_by=user, kind=kind,
                             parameters=params,
                             language=language or translation.get_language() or "")
    record("job.started", actor=user, target=job, data={"kind": kind})
    result = run_job.enqueue(job.pk)
    job.task_result_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_result_id=job.task_result_id)
    return job


def run(job_id: int) -> None:
    """Run a queued job to its end. A job already started (a task delivered twice) is left."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now())
    if not claimed:
        return
    job = Job.objects.select_related("organization", "requested_by").get(pk=job_id)
    with translation.override(job.language or None):
        runner: Callable = import_string(KINDS[job.kind].runner)
        try:
            if not job.requested_by.can(KINDS[job.kind].capability):
                raise JobFailed(_("You are no longer permitted to do this."))
            runner(job, Progress(job))
        except JobFailed as exc:
            fail(job, exc.message, exc.errors)
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            fail(job, _("The job stopped because of an error. Try again; if it fails again, "
                        "tell your administrator."))


def succeed(job: Job, *, message: str, result_name: str = "", stored: str = "") -> None:
    """Mark the job done; called by runners inside the transaction of their last write."""
    job.status = JobStatus.SUCCEEDED
    job.message = message
    job.finished_at = timezone.now()
    job.result = stored
    job.result_name = result_name
    job.save(update_fields=["status", "message", "finished_at", "result", "result_name",
                            "progress_done"])


def deliver(job: Job, *, stored: str, result_name: str, message: str, audit) -> None:
    """Hand over a stored result: `audit()` (the action that puts its making on the record) and
    the job's success in one transaction. Not on the record, not handed over: if either fails,
    the file goes too."""
    try:
        with transaction.atomic():
            audit()
            succeed(job, result_name=result_name, stored=stored, message=message)
    except Exception:
        files.delete(stored)
        job.result = ""
        raise


def fail(job: Job, message: str, errors: list[dict] | None = None) -> None:
    if job.result:
        files.delete(job.result.name)
    # An upload (an import's file, full of ID numbers) is kept no longer than its job, even
    # when the job fails before its runner could delete it.
    files.delete(job.parameters.get("upload", ""))
    job.status = JobStatus.FAILED
    job.message = message
    job.errors = errors or []
    job.finished_at = timezone.now()
    job.result = ""
    job.save(update_fields=["status", "message", "errors", "finished_at", "result",
                            "progress_done"])
