"""Group work's changes: creating a group, members joining (with their consent) and leaving,
planning sessions, recording attendance, the before- and after-measures, and closing. Each with
its audit event in one transaction; the standards' rules (rules.py) are checked before anything
is kept, and a refusal names its clause.

Running a group needs GROUP_RUN in the group's organisation. A client joins only if the acting
worker may see them (their own clients, or those of their cases) and consented to group work.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import GROUP_RUN
from anxin.audit.actions import record
from anxin.core.exceptions import NotPermitted

from . import rules
from .models import (
    Attendance,
    ConsentMode,
    Group,
    GroupAttendance,
    GroupLeader,
    GroupMeasurement,
    GroupMember,
    GroupSession,
    GroupStatus,
    GroupType,
    Phase,
    SessionStatus,
)


def _require(user, group: Group | None = None) -> None:
    if not user.is_authenticated or user.membership is None or not user.can(GROUP_RUN):
        raise NotPermitted
    if group is not None and group.organization_id != user.membership.organization_id:
        raise NotPermitted


def _lock(group: Group) -> Group:
    return Group.objects.select_for_update().get(pk=group.pk)


def _open(group: Group) -> None:
    if group.status == GroupStatus.CLOSED:
        raise ValidationError(_("This group is closed."))


@transaction.atomic
def do_create_group(*, acting_user, type: str, title: str, goals: str = "",
                    target_population: str = "", course_weeks: int | None = None,
                    measure: str = "", leaders=(), external_leaders: str = "",
                    programme: str = "") -> Group:
    """A group in planning; the acting worker leads it unless `leaders` (staff) are named, the
    first of them as leader and the others as co-leaders."""
    _require(acting_user)
    organization_id = acting_user.membership.organization_id
    errors = {}
    if type not in GroupType.values:
        errors["type"] = _("Choose the type of group.")
    if not title.strip():
        errors["title"] = _("Give the group a title.")
    errors.update(rules.programme_problems(type, programme))
    if measure:
        from anxin.instruments import registry

        if measure not in registry.codes():
            errors["measure"] = _("No such instrument.")
    try:
        rules.check_course_weeks(type, course_weeks)
    except ValidationError as exc:
        errors.update({k: v[0].messages[0] for k, v in exc.error_dict.items()})
    if errors:
        raise ValidationError(errors)
    staff = list(leaders) or [acting_user]
    for leader in staff:
        membership = leader.membership
        if membership is None or membership.organization_id != organization_id \
                or not membership.is_active:
            raise ValidationError({"leaders": _("A leader from the staff must be an active "
                                                "member of your organisation.")})
    group = Group.objects.create(organization_id=organization_id, type=type, title=title.strip(),
                                 programme=programme,
                                 goals=goals, target_population=target_population,
                                 course_weeks=course_weeks, measure=measure,
                                 external_leaders=external_leaders, created_by=acting_user)
    for position, leader in enumerate(staff):
        GroupLeader.objects.create(group=group, user=leader, co_leader=position > 0)
    record("group.created", actor=acting_user, target=group, data={"type": type})
    return group


@transaction.atomic
def do_add_member(group: Group, client, *, acting_user, joined_on: datetime.date,
                  consent_mode: str = "", consented_on: datetime.date | None = None
                  ) -> GroupMember:
    """A client the acting user may see joins the group, within its member limit, once they
    have agreed to take part (told in person or in writing what group work involves: others
    hear what they share)."""
    from anxin.clients.models import Client

    _require(acting_user, group)
    group = _lock(group)
    _open(group)
    if not Client.objects.visible_to(acting_user).filter(pk=client.pk).exists():
        raise NotPermitted
    errors = {}
    if consent_mode not in ConsentMode.values:
        errors["consent_mode"] = _("Record how the client agreed to take part in the group.")
    if consented_on is None:
        errors["consented_on"] = _("Give the date the client agreed to take part.")
    elif consented_on > timezone.localdate():
        errors["consented_on"] = _("This date cannot be in the future.")
    if group.members.filter(client=client, left_on__isnull=True).exists():
        errors["client"] = _("This client is already a member of the group.")
    if errors:
        raise ValidationError(errors)
    rules.check_members(group.type, group.members.filter(left_on__isnull=True).count() + 1)
    member, _created = GroupMember.objects.update_or_create(
        group=group, client=client,
        defaults={"joined_on": joined_on, "left_on": None, "consent_mode": consent_mode,
                  "consented_on": consented_on, "consent_taken_by": acting_user})
    record("group.member_added", actor=acting_user, target=group, client=client,
           data={"consent": consent_mode})
    return member


@transaction.atomic
def do_remove_member(member: GroupMember, *, acting_user, left_on: datetime.date) -> GroupMember:
    group = _lock(member.group)
    _require(acting_user, group)
    member = GroupMember.objects.select_for_update().get(pk=member.pk, group=group)
    if member.left_on is not None:
        raise ValidationError(_("This member has left the group already."))
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before they joined.")})
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    record("group.member_left", actor=acting_user, target=group, client=member.client)
    return member


@transaction.atomic
def do_plan_session(group: Group, *, acting_user, starts_at, minutes: int,
                    place: str = "") -> GroupSession:
    _require(acting_user, group)
    group = _lock(group)
    _open(group)
    if starts_at is None:
        raise ValidationError({"starts_at": _("Give the date and time of the session.")})
    rules.check_session_minutes(group.type, minutes)
    number = (group.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    session = GroupSession.objects.create(group=group, number=number, starts_at=starts_at,
                                          minutes=minutes, place=place)
    record("group.session_planned", actor=acting_user, target=group,
           data={"number": number, "minutes": minutes})
    return session


@transaction.atomic
def do_record_attendance(session: GroupSession, marks: dict, *, acting_user) -> GroupSession:
    """Who came to a session, for every current member: present, late, or absent with a
    reason. The session is then held and the group running. Only after the group plan was
    approved (rules.check_plan_approved, MSW-7.1) and once the session has begun."""
    group = _lock(session.group)
    _require(acting_user, group)
    _open(group)
    session = GroupSession.objects.select_for_update().get(pk=session.pk, group=group)
    rules.check_plan_approved(group)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This session was cancelled."))
    if session.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the session has begun."))
    members = {m.pk: m for m in group.members.filter(joined_on__lte=timezone.localdate(
        session.starts_at)).exclude(left_on__lt=timezone.localdate(session.starts_at))
        .select_related("client")}
    errors = {}
    for pk, member in members.items():
        status, reason = marks.get(pk, ("", ""))
        field = f"member_{pk}"
        if status not in Attendance.values:
            errors[field] = _("Mark whether %(name)s came.") % {"name": member.client.name}
        elif status == Attendance.ABSENT and not (reason or "").strip():
            errors[f"{field}_reason"] = _("Say why %(name)s was absent.") % {
                "name": member.client.name}
    unknown = set(marks) - set(members)
    if unknown:
        errors["__all__"] = _("Only members of the group at the time of the session can be "
                              "marked.")
    if errors:
        raise ValidationError(errors)
    for pk, member in members.items():
        status, reason = marks[pk]
        GroupAttendance.objects.update_or_create(
            session=session, member=member,
            defaults={"status": status, "recorded_by": acting_user,
                      "reason": (reason or "").strip() if status == Attendance.ABSENT else ""})
    session.status = SessionStatus.HELD
    session.save(update_fields=["status"])
    if group.status == GroupStatus.PLANNED:
        group.status = GroupStatus.RUNNING
        group.save(update_fields=["status"])
    counts = {s: sum(1 for v in marks.values() if v[0] == s) for s in Attendance.values}
    record("group.attendance_recorded", actor=acting_user, target=group,
           data={"session": session.number, **counts})
    return session


@transaction.atomic
def do_cancel_session(session: GroupSession, *, acting_user) -> GroupSession:
    group = _lock(session.group)
    _require(acting_user, group)
    session = GroupSession.objects.select_for_update().get(pk=session.pk, group=group)
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(_("Only a planned session can be cancelled."))
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    record("group.session_cancelled", actor=acting_user, target=group,
           data={"session": session.number})
    return session


@transaction.atomic
def do_record_measure(member: GroupMember, phase: str, answers: dict, *, acting_user,
                      administered_on: datetime.date | None = None) -> GroupMeasurement:
    """A member's before- or after-measure: the group's instrument, scored and kept like any
    response (instruments.actions), and marked as this member's `phase`. Before: on or before
    the first session; after: once the last session was held, on or after it."""
    from anxin.instruments.actions import do_record_response

    group = _lock(member.group)
    _require(acting_user, group)
    member = GroupMember.objects.select_related("client").get(pk=member.pk, group=group)
    administered_on = administered_on or timezone.localdate()
    if not group.measure:
        raise ValidationError(_("This group has no outcome instrument."))
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Choose before or after.")})
    if GroupMeasurement.objects.filter(member=member, phase=phase).exists():
        raise ValidationError({"phase": _("This measure was recorded already.")})
    sessions = group.sessions.exclude(status=SessionStatus.CANCELLED)
    if phase == Phase.PRE:
        first = sessions.order_by("starts_at").first()
        if first is not None and administered_on > timezone.localdate(first.starts_at):
            raise ValidationError({"administered_on": _(
                "The before-measure is taken on or before the first session (%(date)s).")
                % {"date": timezone.localdate(first.starts_at)}})
    else:
        last = sessions.filter(status=SessionStatus.HELD).order_by("-starts_at").first()
        if last is None:
            raise ValidationError(_("The after-measure is taken once a session was held."))
        if administered_on < timezone.localdate(last.starts_at):
            raise ValidationError({"administered_on": _(
                "The after-measure is taken on or after the last session held (%(date)s).")
                % {"date": timezone.localdate(last.starts_at)}})
    response = do_record_response(member.client, instrument_code=group.measure,
                                  answers=answers, acting_user=acting_user,
                                  administered_on=administered_on)
    measurement = GroupMeasurement.objects.create(group=group, member=member, phase=phase,
                                                  response=response)
    record("group.measure_recorded", actor=acting_user, target=group, client=member.client,
           data={"phase": phase, "instrument": group.measure})
    return measurement


@transaction.atomic
def do_close_group(group: Group, *, acting_user, closed_on: datetime.date | None = None) -> Group:
    """Close the group once its evaluation was approved (rules.check_evaluation_approved,
    MSW-7.1); current members leave on the closing day."""
    _require(acting_user, group)
    group = _lock(group)
    _open(group)
    rules.check_evaluation_approved(group)
    closed_on = closed_on or timezone.localdate()
    group.members.filter(left_on__isnull=True).update(left_on=closed_on)
    group.sessions.filter(status=SessionStatus.PLANNED).update(status=SessionStatus.CANCELLED)
    group.status = GroupStatus.CLOSED
    group.save(update_fields=["status"])
    record("group.closed", actor=acting_user, target=group)
    return group
