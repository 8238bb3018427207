"""The weekly participation record (REH-6.4.3.4 已入站的康复者每周应有参与社区康复训练的记录):
for one ISO week (Monday to Sunday, the centre's time zone), each resident the reader sees, the
individual training sessions recorded and the group sessions attended, by programme — and
those with nothing, who come first.

Three queries whatever the number of residents (the residents; their sessions counted by case
and programme; their group attendance counted by client and programme), plus what the
visibility rule itself reads.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from anxin.cases.models import Case
from anxin.cases.workflow.pathways import get_pathway
from anxin.groups.models import Attendance, GroupAttendance, SessionStatus
from anxin.rehab.kinds import PROGRAMMES

from . import rules
from .choices import GROUP_PROGRAMME_CODES
from .models import TrainingSession, may_read

REH = "reh"
WEEK_FORMAT = re.compile(r"^(\d{4})-W(\d{1,2})$")
# A member who came late took part in the session all the same.
ATTENDED = (Attendance.PRESENT, Attendance.LATE)


@dataclass(frozen=True)
class Week:
    """An ISO week: `monday` to `monday + 6 days`."""

    monday: datetime.date

    @classmethod
    def containing(cls, day: datetime.date) -> "Week":
        return cls(day - datetime.timedelta(days=day.weekday()))

    @classmethod
    def parse(cls, value: str | None) -> "Week":
        """"2026-W49" → that week; empty → this week; anything else a ValidationError."""
        if not value:
            return cls.containing(timezone.localdate())
        match = WEEK_FORMAT.match(value.strip())
        try:
            if match is None:
                raise ValueError
            return cls(datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1))
        except ValueError:
            raise ValidationError({"week": _(
                "Give an ISO week such as 2026-W49.")}) from None

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)

    @property
    def code(self) -> str:
        year, week, _weekday = self.monday.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def previous(self) -> "Week":
        return Week(self.monday - datetime.timedelta(days=7))

    @property
    def next(self) -> "Week":
        return Week(self.monday + datetime.timedelta(days=7))

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """From Monday 00:00 to the next Monday 00:00, in the centre's time zone."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.monday, datetime.time.min, tzinfo=zone)
        return start, start + datetime.timedelta(days=7)


@dataclass
class ResidentWeek:
    case: Case
    sessions: int = 0
    group_sessions: int = 0
    by_programme: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.sessions + self.group_sessions

    @property
    def has_none(self) -> bool:
        return self.total == 0

    def programme_cells(self) -> list[tuple]:
        """(programme, count) in REH-5.5.2's order, for a table's columns."""
        return [(choice.label, self.by_programme.get(choice.code, 0)) for choice in PROGRAMMES]


@dataclass
class WeekParticipation:
    week: Week
    residents: list[ResidentWeek]
    clause: str = rules.RESIDENT_CLAUSE

    @property
    def without_any(self) -> list[ResidentWeek]:
        return [row for row in self.residents if row.has_none]


def residents_of(user):
    """The residents `user` sees: REH cases in the pathway's open stages."""
    return (Case.objects.visible_to(user)
            .filter(pathway=REH, stage__in=sorted(get_pathway(REH).open_stages)))


def weekly_participation(user, week: Week) -> WeekParticipation:
    if not may_read(user):
        return WeekParticipation(week, [])
    organization_id = user.membership.organization_id
    cases = list(residents_of(user).select_related("client").order_by("case_number", "pk"))
    rows = {case.pk: ResidentWeek(case) for case in cases}
    if not rows:
        return WeekParticipation(week, [])
    start, end = week.bounds()
    sessions = (TrainingSession.objects
                .filter(organization_id=organization_id, case_id__in=list(rows),
                        started_at__gte=start, started_at__lt=end)
                .order_by().values("case_id", "programme").annotate(n=Count("pk")))
    for item in sessions:
        row = rows[item["case_id"]]
        row.sessions += item["n"]
        row.by_programme[item["programme"]] = row.by_programme.get(item["programme"], 0) \
            + item["n"]
    by_client = defaultdict(list)
    for case in cases:
        by_client[case.client_id].append(rows[case.pk])
    attended = (GroupAttendance.objects
                .filter(organization_id=organization_id, status__in=ATTENDED,
                        member__client_id__in=list(by_client),
                        session__starts_at__gte=start, session__starts_at__lt=end)
                .exclude(session__status=SessionStatus.CANCELLED)
                .order_by().values("member__client_id", "session__group__programme")
                .annotate(n=Count("session_id", distinct=True)))
    for item in attended:
        code = item["session__group__programme"] or ""
        code = GROUP_PROGRAMME_CODES.get(code, code)
        for row in by_client[item["member__client_id"]]:
            row.group_sessions += item["n"]
            if code:
                row.by_programme[code] = row.by_programme.get(code, 0) + item["n"]
    # Those with nothing this week first: they are what the centre has to act on.
    ordered = sorted(rows.values(), key=lambda row: not row.has_none)
    return WeekParticipation(week, ordered)
