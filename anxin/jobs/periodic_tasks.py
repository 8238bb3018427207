"""The tasks the scheduler enqueues (`schedule.SCHEDULE`). Workers (`manage.py db_worker` or
`run_jobs`) run them; each is safe to run twice or concurrently, since a check acts on the
state it finds, not on the minute it was scheduled for."""

import datetime
import logging

from django.utils import timezone
from django_tasks import TaskResultStatus, task

from anxin.safety.periodic import run_all

logger = logging.getLogger(__name__)

# Successful runs of a scheduled task are kept this long, failed ones longer, for diagnosis.
KEEP_SUCCEEDED = datetime.timedelta(days=7)
KEEP_FAILED = datetime.timedelta(days=90)


@task()
def run_safety_checks() -> dict[str, int]:
    """Escalate unacknowledged crisis alerts, flag overdue home visits, forget expired portal
    tokens (`anxin.safety.periodic.CHECKS`). The counts are the task's result."""
    counts = run_all()
    logger.info("Safety checks: %s", ", ".join(f"{name.rsplit('.', 1)[-1]}={count}"
                                              for name, count in counts.items()))
    return counts


@task()
def prune_scheduled_results() -> int:
    """Delete the finished rows of scheduled tasks: one a minute would otherwise pile up. Only
    the scheduler's own tasks are pruned; other jobs' results are left to their owners."""
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult

    from .schedule import SCHEDULE

    now = timezone.now()
    paths = [entry.task.module_path for entry in SCHEDULE]
    old_enough = (Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lte=now - KEEP_SUCCEEDED)
                  | Q(status=TaskResultStatus.FAILED, finished_at__lte=now - KEEP_FAILED))
    deleted, _ = (DBTaskResult.objects.finished().filter(task_path__in=paths)
                  .filter(old_enough).delete())
    logger.info("Pruned %d finished scheduled task result(s)", deleted)
    return deleted
