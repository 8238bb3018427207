"""Reading group work: the organisation's groups, one group's page, the members' change on the
group's instrument, and a client's groups for their file. Each in a fixed number of queries,
whatever the number of groups, members or sessions."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from anxin.documents.models import Document
from anxin.instruments.definitions import IMPROVED, WORSE

from .kinds import GROUP_EVALUATION, GROUP_PLAN, SESSION_RECORD
from .models import (
    Attendance,
    Group,
    GroupAttendance,
    GroupMeasurement,
    GroupMember,
    GroupSession,
    Phase,
    SessionStatus,
)


def group_list(user, *, status: str = ""):
    groups = (Group.objects.visible_to(user)
              .annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True),
                                           distinct=True),
                        session_count=Count("sessions", distinct=True),
                        held_count=Count("sessions", filter=Q(
                            sessions__status=SessionStatus.HELD), distinct=True))
              .order_by("-created_at", "-id"))
    if status:
        groups = groups.filter(status=status)
    return groups


@dataclass
class MemberChange:
    member: GroupMember
    pre: GroupMeasurement | None
    post: GroupMeasurement | None
    before: Decimal | None
    after: Decimal | None
    reading: str  # the scale's IMPROVED / WORSE / UNCHANGED / CHANGED, or ""

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class GroupChange:
    instrument: object  # the definition, or None
    scale: object  # the scale read (the instrument's first trend scale)
    members: list[MemberChange]

    @property
    def paired(self) -> list[MemberChange]:
        return [m for m in self.members if m.change is not None]

    @property
    def mean_change(self) -> Decimal | None:
        paired = self.paired
        if not paired:
            return None
        return (sum((m.change for m in paired), Decimal(0)) / len(paired)).quantize(
            Decimal("0.1"))

    def count(self, reading: str) -> int:
        return sum(1 for m in self.paired if m.reading == reading)

    @property
    def improved(self) -> int:
        return self.count(IMPROVED)

    @property
    def worse(self) -> int:
        return self.count(WORSE)


def _total(measurement, scale) -> Decimal | None:
    if measurement is None or scale is None:
        return None
    value = measurement.response.totals.get(scale.code)
    return None if value is None else Decimal(str(value))


def group_change(group, members) -> GroupChange:
    """Each member's score before and after on the group's instrument, and its direction."""
    from anxin.instruments import registry

    definition = registry.latest(group.measure) if group.measure else None
    scale = definition.trend_scales[0] if definition and definition.trend_scales else None
    measurements = {(m.member_id, m.phase): m for m in
                    GroupMeasurement.objects.filter(organization_id=group.organization_id,
                                                    group=group).select_related("response")}
    rows = []
    for member in members:
        pre, post = measurements.get((member.pk, Phase.PRE)), measurements.get(
            (member.pk, Phase.POST))
        before, after = _total(pre, scale), _total(post, scale)
        reading = scale.reading(before, after) if scale and before is not None \
            and after is not None else ""
        rows.append(MemberChange(member, pre, post, before, after, reading))
    return GroupChange(definition, scale, rows)


def group_page(group) -> dict:
    """Everything the group's page shows, in a fixed number of queries."""
    members = list(GroupMember.objects.filter(organization_id=group.organization_id,
                                              group=group)
                   .select_related("client").order_by("left_on", "joined_on", "id"))
    sessions = list(GroupSession.objects.filter(organization_id=group.organization_id,
                                                group=group).order_by("number"))
    counts = {}
    for row in (GroupAttendance.objects.filter(organization_id=group.organization_id,
                                               session__group=group)
                .values("session_id", "status").annotate(n=Count("id"))):
        counts.setdefault(row["session_id"], {})[row["status"]] = row["n"]
    documents = list(Document.objects.filter(
        Q(group=group) | Q(group_session__group=group),
        organization_id=group.organization_id).order_by("created_at", "id"))
    records = {d.group_session_id: d for d in documents if d.kind == SESSION_RECORD}
    for session in sessions:
        session.counts = counts.get(session.pk, {})
        session.record = records.get(session.pk)
    return {
        "leaders": list(group.leaders.select_related("user").order_by("co_leader", "id")),
        "members": members,
        "current": [m for m in members if m.left_on is None],
        "sessions": sessions,
        "plans": [d for d in documents if d.kind == GROUP_PLAN],
        "evaluations": [d for d in documents if d.kind == GROUP_EVALUATION],
        "change": group_change(group, members),
    }


def attendance_of(session) -> dict:
    """member id → the attendance row of `session`."""
    return {a.member_id: a for a in GroupAttendance.objects.filter(
        organization_id=session.organization_id, session=session)}


def session_members(session):
    """The members of the group on the session's day."""
    from django.utils import timezone

    day = timezone.localdate(session.starts_at)
    return list(GroupMember.objects.filter(organization_id=session.organization_id,
                                           group_id=session.group_id, joined_on__lte=day)
                .exclude(left_on__lt=day).select_related("client").order_by("joined_on", "id"))


@dataclass
class ClientGroup:
    member: GroupMember
    attended: int
    held: int


def groups_of(client, user) -> list[ClientGroup]:
    """The groups a client took part in, with the sessions they came to of those held, for
    their file; nothing for a user who may not read group work. Two queries."""
    groups = Group.objects.visible_to(user)
    members = list(GroupMember.objects.filter(organization_id=client.organization_id,
                                              client=client, group__in=groups)
                   .select_related("group").order_by("-joined_on", "-id"))
    if not members:
        return []
    rows = (GroupAttendance.objects.filter(organization_id=client.organization_id,
                                           member__in=members)
            .values("member_id").annotate(
                came=Count("id", filter=Q(status__in=(Attendance.PRESENT, Attendance.LATE))),
                held=Count("id")))
    by_member = {r["member_id"]: r for r in rows}
    return [ClientGroup(m, by_member.get(m.pk, {}).get("came", 0),
                        by_member.get(m.pk, {}).get("held", 0)) for m in members]


def sessions_of(client, user, *, since=None):
    """A client's group sessions (attended or missed), newest first, for their timeline."""
    groups = Group.objects.visible_to(user)
    rows = (GroupAttendance.objects.filter(organization_id=client.organization_id,
                                           member__client=client,
                                           session__group__in=groups)
            .select_related("session__group").order_by("-session__starts_at"))
    if since is not None:
        rows = rows.filter(session__starts_at__gte=since)
    return rows


@dataclass
class TimelineEntry:
    """A group session on a case's timeline, read like a stage change by its template."""

    at: object
    action_label: str
    reason: str
    group_id: int
    actor = None
    from_stage = None
    to_stage = None


def timeline_entries(case, user) -> list[TimelineEntry]:
    """The client's group sessions since the case was opened (one query)."""
    import datetime

    from django.utils import timezone
    from django.utils.translation import gettext as _

    since = timezone.make_aware(datetime.datetime.combine(case.opened_on, datetime.time.min))
    return [TimelineEntry(
        at=row.session.starts_at,
        action_label=_("Group session: %(group)s, session %(number)s")
        % {"group": row.session.group.title, "number": row.session.number},
        reason=row.get_status_display(), group_id=row.session.group_id)
        for row in sessions_of(case.client, user, since=since)]
