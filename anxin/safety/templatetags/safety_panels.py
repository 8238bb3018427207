"""The safety panel on the case and client pages: unresolved alerts, incidents, and the button
to record an incident."""

from django import template

from anxin.accounts.capabilities import ALERT_VIEW, INCIDENT_RECORD

from ..choices import AlertStatus
from ..models import Alert, Incident

register = template.Library()


def _panel(user, **where):
    alerts = []
    if user.can(ALERT_VIEW):
        alerts = list(Alert.objects.visible_to(user).filter(**where)
                      .exclude(status=AlertStatus.RESOLVED)
                      .select_related("client", "case", "worker").most_urgent_first()[:20])
    incidents = list(Incident.objects.visible_to(user).filter(**where)
                     .select_related("recorded_by")[:10])
    return {"alerts": alerts, "incidents": incidents, "user": user,
            "can_record": user.can(INCIDENT_RECORD)}


@register.inclusion_tag("safety/_panel.html", takes_context=True)
def safety_case_panel(context, case):
    user = context["request"].user
    return {**_panel(user, case=case), "case": case, "client": case.client}


@register.inclusion_tag("safety/_panel.html", takes_context=True)
def safety_client_panel(context, client):
    user = context["request"].user
    return {**_panel(user, client=client), "client": client, "case": None}
