"""Reads of home visits: who sees which, a person's visits of the day, who may go."""

import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from anxin.accounts.capabilities import (
    ALERT_HANDLE,
    VISIT_PLAN,
    role_can,
)
from anxin.accounts.models import User

from .choices import NOT_LEFT, VisitStatus


def day_bounds(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """The start of the day `now` falls on and of the next one, in the site's time zone
    (settings.TIME_ZONE), not UTC: at 00:30 in China it is still yesterday in UTC."""
    zone = timezone.get_default_timezone()
    day = timezone.localtime(now, zone).date()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min,
                                    tzinfo=zone)
    return start, end


def day_start(now: datetime.datetime) -> datetime.datetime:
    return day_bounds(now)[0]


def is_planned_for_day(visit, now: datetime.datetime) -> bool:
    """Whether the visit is planned for the day `now` falls on (site time)."""
    start, end = day_bounds(now)
    return start <= visit.planned_for < end


def board(user, *, now: datetime.datetime, mine: bool = True) -> QuerySet:
    """The visits of today (site time): out now (the longest overdue first, whenever they
    left), waiting for approval or planned and not yet left — planned for today only, a visit
    of another day is not today's — and back today. `mine` keeps those the user takes part in.

    One query for the visits and two for their staff, however many there are.
    """
    from .models import HomeVisit, involving

    start, end = day_bounds(now)
    visits = HomeVisit.objects.visible_to(user)
    if mine:
        visits = visits.filter(involving(user))
    visits = visits.filter(
        Q(status=VisitStatus.OUT)
        | Q(status__in=NOT_LEFT, planned_for__gte=start, planned_for__lt=end)
        | Q(status=VisitStatus.RETURNED, returned_at__gte=start))
    rank = Case(
        When(status=VisitStatus.OUT, expected_return_at__lt=now, then=Value(0)),
        When(status=VisitStatus.OUT, then=Value(1)),
        When(status=VisitStatus.AWAITING_APPROVAL, then=Value(2)),
        When(status=VisitStatus.READY, then=Value(3)),
        default=Value(4), output_field=IntegerField())
    return (visits.with_people().annotate(rank=rank)
            .order_by("rank", "expected_return_at", "planned_for", "-returned_at", "pk"))


def visiting_staff(organization) -> QuerySet:
    """Who may go on a home visit: active staff of the organisation who plan visits."""
    return _members(organization, lambda role: role_can(role, VISIT_PLAN))


def station_staff(organization) -> QuerySet:
    """Who may be told as station worker: active staff who can work a crisis alert, since the
    overdue alert goes to them."""
    return _members(organization, lambda role: role_can(role, ALERT_HANDLE))


def _members(organization, allowed) -> QuerySet:
    from anxin.accounts.choices import Role

    roles = [role for role in Role.values if allowed(role)]
    return (User.objects.filter(_membership__organization=organization,
                                _membership__role__in=roles, _membership__is_active=True,
                                is_active=True)
            .order_by("full_name", "username"))


def overdue_alert_for(visit):
    """The crisis alert an overdue visit raised, if any (resolved or not)."""
    from django.contrib.contenttypes.models import ContentType

    from anxin.safety.models import Alert

    if visit.overdue_alerted_at is None:
        return None
    return (Alert.objects.filter(rule="visit_overdue", source_id=visit.pk,
                                 source_type=ContentType.objects.get_for_model(visit))
            .order_by("-raised_at").first())


def urgent_open_alert(client):
    """The most urgent crisis alert on the client that is high or critical and not resolved,
    if any. While one is open the client counts as above the organisation's risk threshold
    for a home visit (CMH-8.2.2a 家访存在风险的精神障碍患者), whatever the last risk level."""
    from anxin.safety.choices import AlertStatus, Urgency
    from anxin.safety.models import Alert

    return (Alert.objects.filter(client=client, urgency__gte=Urgency.HIGH)
            .exclude(status=AlertStatus.RESOLVED)
            .order_by("-urgency", "raised_at", "id").first())
