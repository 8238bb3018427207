"""The client page's panel of placements, relapse admissions and disability assessments:
`{% load outcomes_panels %}{% outcomes_client_panel client %}`."""

from django import template

from anxin.accounts.capabilities import REHAB_RECORD

from ..models import may_read
from ..selectors import outcomes_of

register = template.Library()


@register.inclusion_tag("outcomes/_client_panel.html", takes_context=True)
def outcomes_client_panel(context, client) -> dict:
    user = context["request"].user
    if not may_read(user):
        return {"show": False}
    can_record = user.can(REHAB_RECORD)
    rows = outcomes_of(client, user)
    # Nothing to show and nothing the reader may add: no empty card on the file.
    return {"show": bool(rows) or can_record, "rows": rows, "client": client,
            "can_record": can_record}
