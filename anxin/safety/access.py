from anxin.accounts.capabilities import ALERT_VIEW
from anxin.core.access import access

from .models import Alert, Incident


def access_alert(user, alert_id) -> Alert:
    """The alert, if `user` may see it; 404 otherwise (another organisation's included)."""
    return access(user, Alert.objects.select_related(
        "client", "case", "worker", "supervisor", "acknowledged_by", "resolved_by",
        "source_type"), alert_id, ALERT_VIEW)


def access_incident(user, incident_id) -> Incident:
    # Whoever sees the client sees what happened on a visit to them: no capability of its own.
    return access(user, Incident.objects.select_related("client", "case", "recorded_by"),
                  incident_id)
