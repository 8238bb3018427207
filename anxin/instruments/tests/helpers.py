"""Shared setup for the instrument tests: cases in a given stage, and answers."""

import datetime

from django.utils import timezone

from anxin.cases import actions as case_actions
from anxin.cases import scenarios

TODAY = timezone.localdate


def open_case(p, client=None, *, worker=None, supervisor="default", stage="application",
              by=None):
    """A case of `client` (张伟 by default) for `worker` (王芳), opened by `by` (the worker),
    walked to `stage`."""
    worker = worker or p.wang_fang
    supervisor = p.chen_min if supervisor == "default" else supervisor
    case = case_actions.do_open_case(client or p.client_a, acting_user=by or worker,
                                     worker=worker,
                                     supervisor=supervisor, source="sought_help",
                                     application_date=TODAY() - datetime.timedelta(days=2))
    if stage != "application":
        case = scenarios.advance(case, stage, worker=worker, supervisor=supervisor or worker)
    return case


def phq9(*values: int) -> dict:
    """PHQ-9 answers item_1 … item_9 from nine values (item 10, not scored, left blank)."""
    assert len(values) == 9
    return {f"item_{n}": v for n, v in enumerate(values, start=1)}


def phq9_total(total: int, *, item_9: int = 0) -> dict:
    """Answers adding up to `total`, with item 9 as given (0: no self-harm flag)."""
    values = [0] * 9
    values[8] = item_9
    rest = total - item_9
    for i in range(8):
        values[i] = min(3, rest)
        rest -= values[i]
    assert rest == 0, total
    return phq9(*values)


def days_ago(n: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=n)
