"""Who counts as employed for the employment rate (精神障碍康复者就业率, REH-6.4.4). Pure: no
database, no clock.

The rate is those registered as employed in the year — full-time, flexible hours, or assisted
work inside the centre (REH-6.4.4.1) — over the street's registered clients. REH-6.4.4.2 leaves
out "康复就业者再次上岗工作不满3个月者": whoever, in the statistical year, has been back at work
for less than three months.

Our reading, written down because the clause leaves it open:

- "In the year" is the calendar year; only the days of a placement inside it count, so a
  placement that began the year before counts with its days from 1 January, and one that runs
  on counts to 31 December (or to `as_of`, for a year still running).
- "Three months" is 90 days (``MINIMUM_DAYS``), counted inclusively from the first day at work
  to the last: 1 January to 31 March of a common year is 90 days and counts; 89 does not.
- The days are those of all the client's placements together, each day once (a client who moved
  from assisted work to a flexible job without a gap has been at work throughout). Short spells
  add up: the clause asks how long someone has been back at work, not in one job.
- Every kind REH-6.4.4.1 names counts alike.
"""

import datetime
from collections.abc import Iterable
from typing import Protocol

from .choices import PlacementKind

MINIMUM_DAYS = 90  # "3个月" (REH-6.4.4.2)
COUNTED_KINDS = frozenset(PlacementKind.values)  # REH-6.4.4.1


class PlacementLike(Protocol):
    kind: str
    started_on: datetime.date
    ended_on: datetime.date | None


def days_at_work(placements: Iterable[PlacementLike], year: int, *,
                 as_of: datetime.date | None = None) -> int:
    """The days of `year` (up to `as_of`, when given) on which the client was at work in a
    counted placement, each day once."""
    first = datetime.date(year, 1, 1)
    last = datetime.date(year, 12, 31)
    if as_of is not None:
        last = min(last, as_of)
    spans = []
    for placement in placements:
        if placement.kind not in COUNTED_KINDS:
            continue
        start = max(placement.started_on, first)
        end = min(placement.ended_on or last, last)
        if start <= end:
            spans.append((start, end))
    total, reached = 0, None  # `reached`: the last day already counted
    for start, end in sorted(spans):
        if reached is not None and start <= reached:
            start = reached + datetime.timedelta(days=1)
        if start <= end:
            total += (end - start).days + 1
            reached = end
    return total


def counts_as_employed(placements: Iterable[PlacementLike], year: int, *,
                       as_of: datetime.date | None = None) -> bool:
    """Whether the client counts as employed in `year` (REH-6.4.4, REH-6.4.4.2): at least
    MINIMUM_DAYS of the year at work. `placements` are one client's."""
    return days_at_work(placements, year, as_of=as_of) >= MINIMUM_DAYS
