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


# What a row of an alert list shows (safety/_alert_row.html): nothing encrypted is loaded, so
# a long list decrypts neither the alerts' details nor their clients' files.
ROW_FIELDS = ("organization_id", "rule", "urgency", "status", "raised_at", "escalated_at",
              "client__name", "case__case_number", "worker__full_name", "worker__username")


def as_rows(alerts: QuerySet) -> QuerySet:
    """`alerts` with only what a row shows, in one query."""
    return alerts.select_related("client", "case", "worker").only(*ROW_FIELDS)


def open_alerts_for(user) -> QuerySet:
    from .choices import AlertStatus
    from .models import Alert

    return as_rows(Alert.objects.visible_to(user).exclude(status=AlertStatus.RESOLVED)
                   .most_urgent_first())
