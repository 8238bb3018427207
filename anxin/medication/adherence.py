"""Adherence to a prescription schedule over a period (服药依从性): of the doses scheduled in the
period and recorded, the share given. A residential centre records each dose (REH-4.6.2.8), so
this is what the centre can show the psychiatrist and the community mental-health worker, and
what the condition "takes medication voluntarily" (REH-4.7.1.2) is watched with.

A dose whose time passed with no record is not counted either way: the day sheet shows it as
unrecorded for staff to settle, as given, refused or missed.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from .choices import DoseOutcome
from .models import Administration


@dataclass(frozen=True)
class Adherence:
    start: datetime.date
    end: datetime.date
    given: int
    refused: int
    missed: int

    @property
    def scheduled(self) -> int:
        return self.given + self.refused + self.missed

    @property
    def rate(self) -> Decimal:
        return Decimal(self.given) / Decimal(self.scheduled)

    @property
    def percent(self) -> Decimal:
        """The rate in per cent with one decimal, e.g. 85.7."""
        return (self.rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def adherence(rows: Iterable[tuple[datetime.datetime, str]], *, start: datetime.date,
              end: datetime.date) -> Adherence | None:
    """From (scheduled_for, outcome) rows, the adherence of the doses scheduled from `start` to
    `end` (both days included, in local time); None when no dose was scheduled then."""
    counts = dict.fromkeys(DoseOutcome.values, 0)
    for scheduled_for, outcome in rows:
        if start <= timezone.localtime(scheduled_for).date() <= end and outcome in counts:
            counts[outcome] += 1
    if not any(counts.values()):
        return None
    return Adherence(start=start, end=end, given=counts[DoseOutcome.GIVEN],
                     refused=counts[DoseOutcome.REFUSED], missed=counts[DoseOutcome.MISSED])


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def client_adherence(client, *, days: Iterable[int] = (7, 30),
                     today: datetime.date | None = None) -> dict[int, Adherence | None]:
    """The client's adherence over the last `days` days each (today included), from one query
    of the longest period's doses."""
    today = today or timezone.localdate()
    days = sorted(set(days))
    earliest = today - datetime.timedelta(days=days[-1] - 1)
    rows = list(Administration.objects.filter(
        organization_id=client.organization_id, client=client,
        scheduled_for__gte=_day_start(earliest),
        scheduled_for__lt=_day_start(today + datetime.timedelta(days=1)),
    ).order_by().values_list("scheduled_for", "outcome"))
    return {n: adherence(rows, start=today - datetime.timedelta(days=n - 1), end=today)
            for n in days}
