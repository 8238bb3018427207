from anxin.accounts.capabilities import ALERT_VIEW
from anxin.core.exceptions import NotPermitted, NotVisible

from .models import Alert, Incident


def access_alert(user, alert_id) -> Alert:
    """The alert, if `user` may see it; 404 otherwise (another organisation's included)."""
    if not user.can(ALERT_VIEW):
        raise NotPermitted
    try:
        return (Alert.objects.visible_to(user)
                .select_related("client", "case", "worker", "supervisor", "acknowledged_by",
                                "resolved_by", "source_type")
                .get(pk=alert_id))
    except (Alert.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None


def access_incident(user, incident_id) -> Incident:
    try:
        return (Incident.objects.visible_to(user)
                .select_related("client", "case", "recorded_by").get(pk=incident_id))
    except (Incident.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
