"""Creating a group, adding members and planning sessions: each with its audit event in one
transaction, and the group rules of the standards (rules.py) checked before anything is kept."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import CASE_TRANSITION
from anxin.audit.actions import record
from anxin.core.exceptions import NotPermitted

from . import rules
from .models import Group, GroupLeader, GroupMember, GroupSession


def _require(user) -> None:
    # Group work is client work: whoever works on cases runs groups.
    if not user.is_authenticated or user.membership is None or not user.can(CASE_TRANSITION):
        raise NotPermitted


@transaction.atomic
def do_create_group(*, acting_user, type: str, title: str, goals: str = "",
                    target_population: str = "", course_weeks: int | None = None,
                    leaders=(), external_leaders: str = "") -> Group:
    _require(acting_user)
    organization_id = acting_user.membership.organization_id
    rules.check_course_weeks(type, course_weeks)
    staff = list(leaders) or [acting_user]
    for leader in staff:
        membership = leader.membership
        if membership is None or membership.organization_id != organization_id \
                or not membership.is_active:
            raise ValidationError({"leaders": _("A leader from the staff must be an active "
                                                "member of your organisation.")})
    group = Group.objects.create(organization_id=organization_id, type=type, title=title,
                                 goals=goals, target_population=target_population,
                                 course_weeks=course_weeks, external_leaders=external_leaders,
                                 created_by=acting_user)
    for position, leader in enumerate(staff):
        GroupLeader.objects.create(group=group, user=leader, co_leader=position > 0)
    record("group.created", actor=acting_user, target=group, data={"type": type})
    return group


@transaction.atomic
def do_add_member(group: Group, client, *, acting_user, joined_on) -> GroupMember:
    """A client the acting user may see joins the group, within its member limit."""
    from anxin.clients.models import Client

    _require(acting_user)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.organization_id != acting_user.membership.organization_id or \
            not Client.objects.visible_to(acting_user).filter(pk=client.pk).exists():
        raise NotPermitted
    if group.members.filter(client=client, left_on__isnull=True).exists():
        raise ValidationError({"client": _("This client is already a member of the group.")})
    rules.check_members(group.type, group.members.filter(left_on__isnull=True).count() + 1)
    member = GroupMember.objects.create(group=group, client=client, joined_on=joined_on)
    record("group.member_added", actor=acting_user, target=group, client=client)
    return member


@transaction.atomic
def do_plan_session(group: Group, *, acting_user, starts_at, minutes: int,
                    place: str = "") -> GroupSession:
    _require(acting_user)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.organization_id != acting_user.membership.organization_id:
        raise NotPermitted
    rules.check_session_minutes(group.type, minutes)
    number = (group.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    session = GroupSession.objects.create(group=group, number=number, starts_at=starts_at,
                                          minutes=minutes, place=place)
    record("group.session_planned", actor=acting_user, target=group,
           data={"number": number, "minutes": minutes})
    return session
