"""Reads of alerts and settings."""

from django.db.models import QuerySet

from .models import SafetySettings


def settings_for(organization) -> SafetySettings:
    """The organisation's settings; the defaults, unsaved, until an admin first saves them
    (`actions.do_update_safety_settings`). A read never writes."""
    found = SafetySettings.objects.filter(organization=organization).first()
    return found or SafetySettings(organization=organization)


def open_alerts_for(user) -> QuerySet:
    from .choices import AlertStatus
    from .models import Alert

    return (Alert.objects.visible_to(user).exclude(status=AlertStatus.RESOLVED)
            .select_related("client", "case", "worker", "supervisor").most_urgent_first())
