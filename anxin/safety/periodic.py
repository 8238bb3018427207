"""Checks that must run on a clock, not on a request: escalating unacknowledged alerts, overdue
home-visit check-ins. Apps register theirs in `ready()`. The task scheduler (`anxin/jobs`,
ADR 0016) runs them all every minute; `manage.py safety_checks` runs them once, for cron."""

import datetime
import logging
from collections.abc import Callable

from django.utils import timezone

logger = logging.getLogger(__name__)

CHECKS: list[Callable] = []


def register(check: Callable) -> Callable:
    """`check(now) -> int` (how many things it acted on). Idempotent, safe to run concurrently."""
    if check not in CHECKS:
        CHECKS.append(check)
    return check


def check_name(check: Callable) -> str:
    return f"{check.__module__}.{check.__name__}"


def run_all(now: datetime.datetime | None = None) -> dict[str, int]:
    """Run every registered check once; how many things each acted on, by check name.

    A check that fails does not keep the ones after it from running (a broken token purge
    must not hold back an escalation); the first failure is raised once all have run."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    failure: Exception | None = None
    for check in CHECKS:
        try:
            counts[check_name(check)] = check(now)
        except Exception as exc:
            logger.exception("Periodic check %s failed", check_name(check))
            failure = failure or exc
    if failure is not None:
        raise failure
    return counts
