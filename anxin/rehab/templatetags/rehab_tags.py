"""The rehabilitation centre's panel on a case page: the admission criteria while they matter,
and the way to the rehabilitation file. Nothing for a case of another pathway."""

from django import template

from anxin.accounts.capabilities import CASE_APPROVE

from .. import eligibility

register = template.Library()

CHECKED_AT = ("screening", "admission_assessment")


@register.inclusion_tag("rehab/_case_panel.html", takes_context=True)
def rehab_case_panel(context, case):
    if case.pathway != "reh":
        return {"show": False}
    user = context["request"].user
    results = None
    if case.stage in CHECKED_AT:
        results = eligibility.evaluate(eligibility.gather(case.client, case=case))
    return {"show": True, "case": case, "results": results,
            "unmet": [r for r in results or () if not r.met],
            "can_override": user.can(CASE_APPROVE)}
