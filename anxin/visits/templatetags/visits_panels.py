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
    # A row names the client, the case and the team: the client (and on a case page the case)
    # is the page's own, so it is not joined again — with_people's eight joins cost the
    # database more to plan than to run.
    visits = list(visits.select_related(*(() if case is not None else ("case",)))
                  .prefetch_related("staff", "went")[:SHOWN])
    now = timezone.now()
    for visit in visits:
        visit.client = client
        if case is not None:
            visit.case = case
        visit.late = visit.is_late(now)
    return {"show": True, "visits": visits, "can_plan": user.can(VISIT_PLAN), "client": client,
            "case": case, "user": user}


@register.inclusion_tag("visits/_case_panel.html", takes_context=True)
def visits_case_panel(context, case):
    return _panel(context["request"].user, case.client, case)


@register.inclusion_tag("visits/_client_panel.html", takes_context=True)
def visits_client_panel(context, client):
    return _panel(context["request"].user, client)
