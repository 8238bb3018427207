"""The caring-team panel of a client's file: `{% load caring_tags %}{% caring_client_panel
client %}` (the menu's entries come from accounts/context_processors.py)."""

from django import template

from ..selectors import caring_for

register = template.Library()


@register.inclusion_tag("caring/_client_panel.html", takes_context=True)
def caring_client_panel(context, client) -> dict:
    return {"caring": caring_for(client, context["request"].user)}
