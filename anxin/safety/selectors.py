"""Reads of alerts and settings."""

from django.db.models import QuerySet

from .models import SafetySettings


def settings_for(organization) -> SafetySettings:
    """The organisation's settings; the defaults, unsaved, until an admin first saves them
    (`actions.do_update_safety_settings`). A read never writes."""
    found = SafetySettings.objects.filter(organization=organization).first()
    return found or SafetySettings(organization=organization)


def is_duty_worker(user) -> bool:
    """The organisation's duty worker (值班社工) answers crises for all its clients, so clients'
    break-the-glass admits them too (registered in SafetyConfig.ready)."""
    organization = user.organization
    return organization is not None and settings_for(organization).duty_worker_id == user.pk


def open_alerts_for(user) -> QuerySet:
    from .choices import AlertStatus
    from .models import Alert

    return (Alert.objects.visible_to(user).exclude(status=AlertStatus.RESOLVED)
            .select_related("client", "case", "worker", "supervisor").most_urgent_first())
