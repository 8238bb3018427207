"""Panels this app adds to the case and client pages, and the small pieces other pages reuse
(the scores of one response, e.g. on a crisis alert). Each panel costs a fixed number of
queries, however many responses there are."""

from django import template

from anxin.accounts.capabilities import INSTRUMENT_ADMINISTER

from .. import selectors, trends

register = template.Library()
SHOWN = 10  # responses listed on the case page; the client's page charts them all


def _row(response) -> dict:
    definition = response.definition
    return {
        "response": response,
        "definition": definition,
        "scores": trends.summary(response, definition),
        "flags": [f for f in definition.flags if f.code in response.flags],
    }


@register.inclusion_tag("instruments/_case_panel.html", takes_context=True)
def instruments_case_panel(context, case):
    """The responses given in this case, and for those who may, buttons to give one or to
    issue a client link."""
    user = context["request"].user
    can_administer = user.can(INSTRUMENT_ADMINISTER)
    responses = list(selectors.case_responses(case, user)[:SHOWN + 1])
    return {
        "case": case,
        "user": user,
        "rows": [_row(r) for r in responses[:SHOWN]],
        "more": len(responses) > SHOWN,
        "links": list(selectors.case_links(case, user)) if can_administer else [],
        "can_administer": can_administer and not case.is_terminal,
    }


@register.inclusion_tag("instruments/_client_panel.html", takes_context=True)
def instruments_client_panel(context, client):
    """Every instrument the client was given, as a chart over time per scale."""
    user = context["request"].user
    return {
        "client": client,
        "user": user,
        "histories": trends.histories(selectors.client_responses(client, user)),
    }


@register.simple_tag
def response_scores(response) -> dict:
    """{"scores": [(scale, value, band)], "flags": [Flag]} of one response."""
    return _row(response)
