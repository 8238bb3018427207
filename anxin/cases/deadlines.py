"""Due dates of a case's stage, in Chinese working days (CMH-6.1: 5 days, CMH-6.2: 15 days).

Dates come only from core/workdays. A deadline in a year whose holiday schedule is not loaded is
not guessed: the case shows that the year is missing until an administrator loads it.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from anxin.core import workdays


def compute_due_on(case) -> datetime.date | None:
    """The deadline of the case's current stage; raises workdays.UnknownYear if it cannot be
    counted."""
    deadline = case.stage_obj.deadline
    if deadline is None:
        return None
    start = case.milestones.get(deadline.from_event)
    if not start:
        return None
    return workdays.add_working_days(datetime.date.fromisoformat(start), deadline.working_days)


def refresh_due_on(case) -> None:
    """Set `case.due_on` (not saved); None when there is no deadline or its year is unknown."""
    try:
        case.due_on = compute_due_on(case)
    except workdays.UnknownYear:
        case.due_on = None


@dataclass(frozen=True)
class DeadlineStatus:
    due_on: datetime.date | None
    working_days_left: int | None  # negative: overdue by that many working days
    clause: str
    problem: str = ""  # why there is no due date although the stage has a deadline

    @property
    def is_overdue(self) -> bool:
        return self.working_days_left is not None and self.working_days_left < 0

    @property
    def text(self) -> str:
        if self.problem:
            return self.problem
        left = self.working_days_left
        if left is None:
            return ""
        if left < 0:
            return ngettext("overdue by %(n)d working day", "overdue by %(n)d working days",
                            -left) % {"n": -left}
        if left == 0:
            return _("due today")
        return ngettext("due in %(n)d working day", "due in %(n)d working days",
                        left) % {"n": left}


def deadline_status(case, today: datetime.date | None = None) -> DeadlineStatus | None:
    """What to show about the stage's deadline, or None when the stage has none."""
    deadline = case.stage_obj.deadline
    if deadline is None or deadline.from_event not in case.milestones:
        return None
    today = today or timezone.localdate()
    try:
        due_on = case.due_on or compute_due_on(case)
        left = workdays.working_days_between(today, due_on) if due_on else None
        # On a day off just after the due date no working day has passed since, but the
        # deadline has: the case is late, not "due today".
        if due_on and today > due_on:
            left = min(left, -1)
    except workdays.UnknownYear as exc:
        return DeadlineStatus(None, None, deadline.clause, problem=str(exc.message))
    return DeadlineStatus(due_on, left, deadline.clause)
