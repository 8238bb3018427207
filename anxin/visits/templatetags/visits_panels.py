"""The home-visit panel on the case and client pages: the visits, and the button to plan one."""

from django import template
from django.utils import timezone

from anxin.accounts.capabilities import VISIT_PLAN

from ..models import HomeVisit, may_see_visits

register = template.Library()
SHOWN = 10


def _panel(user, client, case=None) -> dict:
    if not may_see_visits(user):
        return {"show": False}
    visits = HomeVisit.objects.visible_to(user, client=client).filter(client=client)
    if case is not None:
        visits = visits.filter(case=case)
    visits = list(visits.with_people()[:SHOWN])
    now = timezone.now()
    for visit in visits:
        visit.late = visit.is_late(now)
    return {"show": True, "visits": visits, "can_plan": user.can(VISIT_PLAN), "client": client,
            "case": case, "user": user}


@register.inclusion_tag("visits/_case_panel.html", takes_context=True)
def visits_case_panel(context, case):
    return _panel(context["request"].user, case.client, case)


@register.inclusion_tag("visits/_client_panel.html", takes_context=True)
def visits_client_panel(context, client):
    return _panel(context["request"].user, client)
