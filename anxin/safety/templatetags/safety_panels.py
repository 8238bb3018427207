"""The safety panel on the case and client pages: unresolved alerts, incidents, and the button
to record an incident."""

from django import template
from django.contrib.contenttypes.models import ContentType

from anxin.accounts.capabilities import ALERT_VIEW, INCIDENT_RECORD

from ..choices import AlertStatus
from ..models import Alert, Incident
from ..selectors import as_rows

register = template.Library()


def _panel(user, of_client, **where):
    alerts = []
    if user.can(ALERT_VIEW):
        alerts = list(as_rows(Alert.objects.visible_to(user, client=of_client).filter(**where)
                              .exclude(status=AlertStatus.RESOLVED).most_urgent_first())[:20])
    incidents = list(Incident.objects.visible_to(user, client=of_client).filter(**where)
                     .select_related("recorded_by")[:10])
    return {"alerts": alerts, "incidents": incidents, "user": user,
            "can_record": user.can(INCIDENT_RECORD)}


@register.inclusion_tag("safety/_panel.html", takes_context=True)
def safety_case_panel(context, case):
    user = context["request"].user
    return {**_panel(user, case.client, case=case), "case": case, "client": case.client}


@register.inclusion_tag("safety/_panel.html", takes_context=True)
def safety_client_panel(context, client):
    user = context["request"].user
    return {**_panel(user, client, client=client), "client": client, "case": None}


@register.inclusion_tag("safety/_raised_alerts.html", takes_context=True)
def alerts_raised_by(context, source):
    """The alerts `source` (e.g. an instrument response) raised, in any state, that the reader
    may see: the page that shows the result says an alert went out and links to it."""
    user = context["request"].user
    alerts = []
    if user.can(ALERT_VIEW):
        alerts = list(Alert.objects.visible_to(user)
                      .filter(source_type=ContentType.objects.get_for_model(source),
                              source_id=source.pk)
                      .order_by("raised_at", "id"))
    return {"alerts": alerts}
