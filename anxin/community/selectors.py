"""Reads of community work: the lists (a fixed number of queries however many rows), one
activity or volunteer through `access`, and a client's activities for their file."""

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from anxin.accounts.capabilities import COMMUNITY_RECORD, COMMUNITY_VIEW, VOLUNTEER_MANAGE
from anxin.core.access import access

from .models import ActivityParticipant, CommunityActivity, Volunteer


def activity_list(user) -> QuerySet:
    """The organisation's activities, newest first, with their region and the number of
    registered clients who took part (annotated: one query for the page)."""
    return (CommunityActivity.objects.visible_to(user)
            .select_related("region", "created_by")
            .annotate(registered=Count("participants"))
            .order_by("-date", "-pk"))


def access_activity(user, activity_id, *, for_write: bool = False) -> CommunityActivity:
    """403 without the capability (recording needs COMMUNITY_RECORD), 404 for an activity of
    another organisation."""
    needs = (COMMUNITY_VIEW, COMMUNITY_RECORD) if for_write else (COMMUNITY_VIEW,)
    return access(user, CommunityActivity.objects.select_related("region", "created_by"),
                  activity_id, *needs)


def visible_participants(activity, user) -> QuerySet:
    """The participants of `activity` the user may see as clients."""
    return (ActivityParticipant.objects.visible_to(user).filter(activity=activity)
            .select_related("client", "added_by").order_by("client__name", "pk"))


def activities_of(client, user) -> list[CommunityActivity]:
    """The activities `client` took part in, newest first, that `user` may see — nothing when
    they may not read community work or may not see the client. One query.

    For the client file: `{% include "community/_client_activities.html" with
    activities=activities %}`."""
    from anxin.clients.models import Client

    if not user.is_authenticated or not user.can(COMMUNITY_VIEW) or user.membership is None:
        return []
    return list(CommunityActivity.objects.visible_to(user)
                .filter(participants__client=client,
                        participants__client__in=Client.objects.visible_ids(user, within=client))
                .select_related("region").order_by("-date", "-pk"))


def volunteer_list(user) -> QuerySet:
    """The volunteer register with each one's total hours (annotated: one query a page)."""
    return (Volunteer.objects.visible_to(user)
            .annotate(total_hours=Coalesce(Sum("hours__hours"), Value(0),
                                           output_field=DecimalField(max_digits=8,
                                                                     decimal_places=1)),
                      entries=Count("hours"))
            .order_by("-is_active", "name", "pk"))


def access_volunteer(user, volunteer_id, *, for_write: bool = False) -> Volunteer:
    needs = (COMMUNITY_VIEW, VOLUNTEER_MANAGE) if for_write else (COMMUNITY_VIEW,)
    return access(user, Volunteer.objects.all(), volunteer_id, *needs)


def hours_of(volunteer) -> QuerySet:
    return volunteer.hours.select_related("activity", "group", "recorded_by").order_by(
        "-date", "-pk")


def may_see_phone(user) -> bool:
    """A volunteer's phone is for those who keep the register, not for every reader."""
    return user.can(VOLUNTEER_MANAGE)


def filter_activities(queryset: QuerySet, *, type: str = "", region=None, date_from=None,
                      date_to=None, q: str = "") -> QuerySet:
    if type:
        queryset = queryset.filter(type=type)
    if region is not None:
        # A street's communities are filed under it by code (GB/T 2260 extended).
        queryset = queryset.filter(region__code__startswith=region.code)
    if date_from:
        queryset = queryset.filter(date__gte=date_from)
    if date_to:
        queryset = queryset.filter(date__lte=date_to)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(place__icontains=q)
                                   | Q(partners__icontains=q))
    return queryset


def filter_volunteers(queryset: QuerySet, *, status: str = "active", skill: str = "",
                      q: str = "") -> QuerySet:
    if status == "active":
        queryset = queryset.filter(is_active=True)
    elif status == "inactive":
        queryset = queryset.filter(is_active=False)
    if skill:
        # The codes are stored as a JSON list; its quoted text matches on SQLite and PostgreSQL.
        queryset = queryset.filter(skills__icontains=f'"{skill}"')
    if q:
        queryset = queryset.filter(name__icontains=q)
    return queryset
