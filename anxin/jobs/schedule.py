"""What runs on a clock, as data: each entry names a trigger (APScheduler's CronTrigger or
IntervalTrigger, read only for its fire times) and the task it enqueues. The scheduler
(`schedule_runner.py`) enqueues; workers run. A trigger's fire times are the slots that make
a run happen once however many schedulers are up (`schedule_slots.py`), so every scheduler
must compute the same ones: cron triggers do; an IntervalTrigger needs a fixed `start_date`
(its default is "now", which differs from one process to the next)."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django_tasks.base import Task

from . import periodic_tasks


@dataclass(frozen=True)
class Scheduled:
    name: str  # stable: it is part of each run's key, so renaming one re-runs its current slot
    trigger: BaseTrigger
    task: Task


LOCAL = ZoneInfo(settings.TIME_ZONE)

SCHEDULE: tuple[Scheduled, ...] = (
    # Escalation is due 30 minutes (or the organisation's setting) after an alert is raised;
    # a minute's resolution is what the safety settings promise.
    Scheduled("safety_checks", CronTrigger(minute="*", timezone=LOCAL),
              periodic_tasks.run_safety_checks),
    Scheduled("prune_scheduled_results", CronTrigger(hour=3, minute=17, timezone=LOCAL),
              periodic_tasks.prune_scheduled_results),
)
