"""The pathway facts a rehabilitation centre's rules answer (cases/facts.py SOURCES, prefix
"rehab:"): whether every admission criterion is met, or a supervisor's override of this episode
covers each one that is not."""

from . import eligibility

ELIGIBLE = "rehab:eligible"


def overridden_rules(case) -> set[str]:
    from .models import EligibilityOverride

    rules: set[str] = set()
    for row in EligibilityOverride.objects.filter(organization_id=case.organization_id,
                                                  case=case, episode=case.episode):
        rules.update(row.rules)
    return rules


def answer(case, codes) -> set[str]:
    met = set()
    if ELIGIBLE in codes:
        missing = set(eligibility.unmet(eligibility.evaluate(
            eligibility.gather(case.client, case=case))))
        if not missing or missing <= overridden_rules(case):
            met.add(ELIGIBLE)
    return met
