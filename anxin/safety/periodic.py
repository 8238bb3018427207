"""Checks that must run on a clock, not on a request: escalating unacknowledged alerts, overdue
home-visit check-ins. Apps register theirs in `ready()`; `manage.py safety_checks` (every minute,
from cron or a systemd timer) runs them all."""

from collections.abc import Callable

CHECKS: list[Callable] = []


def register(check: Callable) -> Callable:
    """`check(now) -> int` (how many things it acted on). Idempotent, safe to run concurrently."""
    if check not in CHECKS:
        CHECKS.append(check)
    return check
