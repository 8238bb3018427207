"""What raised an alert, stored as a code and its parameters and put into words when the alert
is read, in the reader's language (`Alert.detail_text`).

A raising action with only free text may still pass it as `detail`; it is shown as written.
Apps above safety register the renderers for their own codes when they load (portal: a public
self-assessment's result; visits: a home visit not checked in).
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext

RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {}


def register(code: str, renderer: Callable[[Mapping[str, Any]], str]) -> None:
    RENDERERS[code] = renderer


def render(code: str, params: Mapping[str, Any]) -> str | None:
    renderer = RENDERERS.get(code)
    if renderer is None:
        return None
    try:
        return renderer(params)
    except (KeyError, TypeError, ValueError):
        return None


ASSESSMENT_RISK = "assessment_risk"
INCIDENT = "incident"


def _assessment_risk(params) -> str:
    return gettext("Risk level %(level)d on the assessment of %(date)s") % {
        "level": int(params["level"]), "date": params["date"]}


def _incident(params) -> str:
    from .choices import IncidentKind

    kind = params["kind"]
    label = IncidentKind(kind).label if kind in IncidentKind.values else kind
    return gettext("%(kind)s on %(date)s") % {"kind": label, "date": params["date"]}


register(ASSESSMENT_RISK, _assessment_risk)
register(INCIDENT, _incident)
