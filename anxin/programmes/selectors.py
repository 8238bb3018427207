"""What the pages and the API read: a case's sessions, a day's daily services, the staff one
may name on a session. The weekly record is participation.py."""

import datetime

from django.db.models import Prefetch, QuerySet

from anxin.accounts.models import User

from .models import DailyServiceLog, TrainingSession, TrainingSessionStaff


def with_people(sessions: QuerySet) -> QuerySet:
    """Sessions with their lead, chaperone and other staff: three queries for any number."""
    return sessions.select_related("lead", "chaperone").prefetch_related(
        Prefetch("staff_rows", queryset=TrainingSessionStaff.objects.select_related("user")
                 .order_by("pk")))


def case_sessions(case, user, *, since: datetime.datetime | None = None) -> QuerySet:
    """A case's sessions, newest first. The case came through access_case, so its rows need no
    visibility rule of their own."""
    sessions = TrainingSession.objects.filter(organization_id=case.organization_id, case=case)
    if since is not None:
        sessions = sessions.filter(started_at__gte=since)
    return sessions.order_by("-started_at", "-id")


def day_services(user, date: datetime.date) -> QuerySet:
    return (DailyServiceLog.objects.visible_to(user).filter(date=date)
            .select_related("case", "case__client", "recorded_by")
            .order_by("recorded_at", "id"))


def staff_of(organization_id: int) -> QuerySet:
    """Active colleagues of the organisation: who may lead, join or chaperone a session."""
    return (User.objects.filter(_membership__organization_id=organization_id,
                                _membership__is_active=True, is_active=True)
            .exclude(_membership__role="regional_viewer")
            .order_by("full_name", "username"))
