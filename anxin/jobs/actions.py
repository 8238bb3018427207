"""Writes about jobs that are not the engine's: a result's download is on the record."""

from anxin.audit.actions import record

from .models import Job


def record_result_download(job: Job, *, acting_user) -> None:
    record("job.result_downloaded", actor=acting_user, target=job,
           data={"kind": job.kind, "file": job.result_name})
