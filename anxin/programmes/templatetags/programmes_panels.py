"""The case page's panel of individual training: this week's sessions of a rehabilitation case
and the link to record one. `{% load programmes_panels %}{% programmes_case_panel case %}`.

Nothing for a case of another pathway, without a query; for a REH case one query (the week's
sessions with their lead).
"""

from django import template
from django.utils import timezone

from anxin.accounts.capabilities import REHAB_RECORD

from ..actions import REH, is_resident
from ..models import TrainingSession, may_read
from ..participation import Week

register = template.Library()


@register.inclusion_tag("programmes/_case_panel.html", takes_context=True)
def programmes_case_panel(context, case) -> dict:
    if case is None or case.pathway != REH:
        return {"show": False}
    user = context["request"].user
    if not may_read(user):
        return {"show": False}
    week = Week.containing(timezone.localdate())
    start, end = week.bounds()
    # The case reached the page through access_case: its rows need no visibility rule again.
    sessions = list(TrainingSession.objects
                    .filter(organization_id=case.organization_id, case=case,
                            started_at__gte=start, started_at__lt=end)
                    .select_related("lead").order_by("-started_at", "-id"))
    return {"show": True, "case": case, "sessions": sessions, "week": week,
            "can_record": user.can(REHAB_RECORD) and is_resident(case)}
