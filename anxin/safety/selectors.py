"""Reads of alerts and settings."""

from django.db.models import Q, QuerySet

from anxin.accounts.capabilities import ALERT_VIEW
from anxin.accounts.choices import Role

from .models import SafetySettings


def settings_for(organization) -> SafetySettings:
    """The organisation's settings; the defaults, unsaved, until an admin first saves them
    (`actions.do_update_safety_settings`). A read never writes."""
    found = SafetySettings.objects.filter(organization=organization).first()
    return found or SafetySettings(organization=organization)


def visible_alerts(queryset: QuerySet, user) -> QuerySet:
    """A worker sees the alerts addressed to them and those about clients they see; supervisors,
    org admins and quality officers see every alert of the organisation (they answer for all of
    it); a self-assessment alert has no client and is seen by its addressees and those roles."""
    if not user.is_authenticated or not user.can(ALERT_VIEW):
        return queryset.none()
    in_org = queryset.filter(organization=user.organization)
    if user.role in (Role.SUPERVISOR, Role.ORG_ADMIN, Role.QUALITY_OFFICER):
        return in_org
    from anxin.clients.models import Client

    return in_org.filter(
        Q(worker=user) | Q(supervisor=user)
        | Q(client__in=Client.objects.visible_to(user).values("pk")))


def open_alerts_for(user) -> QuerySet:
    from .choices import AlertStatus
    from .models import Alert

    return (Alert.objects.visible_to(user).exclude(status=AlertStatus.RESOLVED)
            .select_related("client", "case", "worker", "supervisor").most_urgent_first())
