"""The client page's panel of the groups a client took part in (selectors.groups_of)."""

from django import template

from anxin.accounts.capabilities import COMMUNITY_VIEW

from ..selectors import groups_of

register = template.Library()


@register.inclusion_tag("groups/_client_panel.html", takes_context=True)
def groups_client_panel(context, client):
    user = context["request"].user
    if not user.can(COMMUNITY_VIEW):
        return {"show": False}
    return {"show": True, "rows": groups_of(client, user)}
