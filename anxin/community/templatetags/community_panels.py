"""The client page's panel of the community activities a client took part in."""

from django import template

from anxin.accounts.capabilities import COMMUNITY_VIEW

from ..selectors import activities_of

register = template.Library()


@register.inclusion_tag("community/_client_panel.html", takes_context=True)
def community_client_panel(context, client):
    user = context["request"].user
    if not user.can(COMMUNITY_VIEW):
        return {"show": False}
    return {"show": True, "activities": activities_of(client, user)}
