"""Chinese working days: the one place deadlines such as CMH-6.1 (intake within 5 working days)
and CMH-6.2 (assessment within 15 working days) are counted.

A year with a loaded HolidaySchedule is computed from that schedule alone; a year without one
falls back to chinese-calendar if the package knows it; any other year is unknown and every
function refuses it with UnknownYear rather than guessing from weekends.

Counting convention (domain-facts §7.3): the start day is not counted, and the answer is the n-th
working day strictly after it. Make-up days (调休上班) are working days.
"""

import datetime
import time
from bisect import bisect_right
from dataclasses import dataclass

import chinese_calendar
from django.utils.translation import gettext_lazy as _

# Other processes (web workers, task runners) clear only their own cache, so entries also expire:
# a schedule reloaded in one process reaches the others within this many seconds.
CACHE_SECONDS = 300


class UnknownYear(Exception):
    """A date falls in a year whose holiday schedule nobody has loaded yet."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(year)

    @property
    def message(self) -> str:
        # Rendered on access, so the message follows the language active where it is shown.
        return _("The holiday schedule for %(year)s is not loaded yet; an administrator can load "
                 "it when the State Council publishes it.") % {"year": self.year}

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class _Year:
    working: frozenset[datetime.date]
    ordered: tuple[datetime.date, ...]
    expires: float


_cache: dict[int, _Year] = {}


def clear_cache() -> None:
    """Forget every computed year; the schedule load action calls this after commit."""
    _cache.clear()


def _library_years() -> range:
    first = min(chinese_calendar.holidays).year
    last = max(chinese_calendar.holidays).year
    return range(first, last + 1)


def _days_of(year: int):
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)


def _compute(year: int) -> frozenset[datetime.date]:
    # Models are imported here so that importing this module never needs the app registry.
    from anxin.core.models import DayKind, HolidaySchedule, ScheduleDay

    if HolidaySchedule.objects.filter(year=year).exists():
        listed = dict(ScheduleDay.objects.filter(schedule__year=year)
                      .values_list("date", "kind"))
        return frozenset(
            day for day in _days_of(year)
            if listed.get(day, DayKind.HOLIDAY if day.weekday() >= 5 else DayKind.WORKDAY)
            == DayKind.WORKDAY)
    if year in _library_years():
        return frozenset(day for day in _days_of(year) if chinese_calendar.is_workday(day))
    raise UnknownYear(year)


def _year(year: int) -> _Year:
    entry = _cache.get(year)
    if entry is None or entry.expires < time.monotonic():
        working = _compute(year)
        entry = _Year(working=working, ordered=tuple(sorted(working)),
                      expires=time.monotonic() + CACHE_SECONDS)
        _cache[year] = entry
    return entry


def _check(day: datetime.date) -> datetime.date:
    # A datetime is a date subclass but compares unequal to dates; refuse it instead of
    # silently counting in whatever time zone it carries.
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise TypeError(f"expected a datetime.date, got {type(day).__name__}")
    return day


def known_years() -> set[int]:
    """Years whose working days can be computed: loaded schedules and chinese-calendar's years."""
    from anxin.core.models import HolidaySchedule

    return set(_library_years()) | set(HolidaySchedule.objects.values_list("year", flat=True))


def is_working_day(day: datetime.date) -> bool:
    """Whether `day` is a working day; raises UnknownYear if its year is not known."""
    return _check(day) in _year(day.year).working


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day strictly after `start` (start itself is not counted).

    `n == 0` returns `start`. Raises UnknownYear as soon as counting needs a year that is not
    known, including when it steps past 31 December into an unknown year.
    """
    _check(start)
    if n < 0:
        raise ValueError("n must not be negative")
    year = start.year
    ordered = _year(year).ordered
    if n == 0:
        return start
    position = bisect_right(ordered, start)
    remaining = n
    while remaining > len(ordered) - position:
        remaining -= len(ordered) - position
        year += 1
        ordered = _year(year).ordered
        position = 0
    return ordered[position + remaining - 1]


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The number of working days d with start < d <= end; negative when end is before start.

    `working_days_between(s, add_working_days(s, n)) == n` for every n >= 0.
    """
    _check(start)
    _check(end)
    if end < start:
        return -working_days_between(end, start)
    total = 0
    for year in range(start.year, end.year + 1):
        ordered = _year(year).ordered
        total += bisect_right(ordered, end) - bisect_right(ordered, start)
    return total
