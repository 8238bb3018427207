"""The rehabilitation centre's pathway (REH-4.7, REH-4.8, REH-5.2) against a table written out
by hand here — not read from rehab/pathway.py — so a wrong entry there fails a test. Every
(stage, action) pair: illegal, or refused with exactly the expected requirements missing, then
allowed once they are met, and refused again when any single one is taken away."""

import pytest

from anxin.cases.workflow import IllegalTransition, TransitionRefused, allowed_actions, check
from anxin.cases.workflow.pathways import for_organization, get_pathway

BEFORE = ("screening", "application", "admission_assessment", "agreement")
RESIDENT = ("intake_assessment", "planning", "intervention", "mid_evaluation", "end_evaluation")
STAGES = (*BEFORE, *RESIDENT, "closed", "not_admitted", "referred")

SCREENED = "document:reh_screening:completed"
ELIGIBLE = "rehab:eligible"
APPLIED = "document:reh_admission_application:completed"
ADMIT = "document:reh_admission_assessment:completed:conclusion=admit"
AGREED = "document:reh_agreement:completed"
TOLD_IN = "document:reh_information_exchange:completed:occasion=admission"
TOLD_OUT = "document:reh_information_exchange:completed:occasion=exit"
INTAKE = "document:reh_intake_assessment:completed"
PLAN = "document:reh_plan:approved"
MID = "document:reh_evaluation:completed:phase=mid"
END = "document:reh_evaluation:completed:phase=end"
EXIT = "document:reh_exit:approved"
EXIT_EARLY = ("document:reh_exit:approved:reason="
              "asked_to_leave|refused|beyond_capacity|objective_factors")
CONSENT = "referral.consent_recorded"
REASON = "reason.given"

# action: (stages it leaves, stage it enters, what is missing when nothing is done, in order)
EXPECTED = {
    "screen_in": (("screening",), "application", (SCREENED, ELIGIBLE)),
    "accept_application": (("application",), "admission_assessment", (APPLIED,)),
    # The criteria are checked again after the admission assessment's risk level (4.7.1.4).
    "approve_admission": (("admission_assessment",), "agreement", (ADMIT, ELIGIBLE)),
    "complete_admission": (("agreement",), "intake_assessment", (AGREED, TOLD_IN)),
    "complete_intake_assessment": (("intake_assessment",), "planning", (INTAKE,)),
    "start_rehabilitation": (("planning",), "intervention", (PLAN,)),
    "start_mid_evaluation": (("intervention",), "mid_evaluation", ()),
    "resume_rehabilitation": (("mid_evaluation",), "intervention", (MID,)),
    "revise_plan": (("mid_evaluation",), "planning", (MID, REASON)),
    "start_end_evaluation": (("intervention",), "end_evaluation", (MID,)),
    "close": (("end_evaluation",), "closed", (END, EXIT, TOLD_OUT)),
    "leave_early": (RESIDENT[:-1], "closed", (EXIT_EARLY, TOLD_OUT)),
    "not_admit": (BEFORE, "not_admitted", (REASON,)),
    "refer_out": (BEFORE, "referred", (CONSENT, REASON)),
    "refer_resident": (RESIDENT, "referred", (CONSENT, TOLD_OUT, REASON)),
    "record_follow_up": (("closed",), "closed", ()),
    "readmit": (("closed",), "screening", (REASON,)),
}
PAIRS = [(stage, action) for stage in STAGES for action in EXPECTED]
REH = get_pathway("reh")


def codes(requirements) -> tuple[str, ...]:
    return tuple(r.code for r in requirements)


def documents_for(action: str) -> frozenset[str]:
    return frozenset(EXPECTED[action][2]) - {REASON}


def test_it_has_exactly_the_stages_and_actions_of_the_hand_table():
    assert tuple(s.code for s in REH.stages) == STAGES
    assert {t.code for t in REH.transitions} == set(EXPECTED)
    assert REH.initial_stage == "screening"


@pytest.mark.parametrize(("stage", "action"), PAIRS)
def test_it_refuses_or_allows_every_action_from_every_stage(stage, action):
    sources, target, missing = EXPECTED[action]
    if stage not in sources:
        with pytest.raises(IllegalTransition):
            check(REH, stage, action, documents_for(action), reason="because")
        return
    if missing:
        with pytest.raises(TransitionRefused) as refused:
            check(REH, stage, action, frozenset(), reason="")
        assert codes(refused.value.missing) == missing
    satisfied = documents_for(action)
    assert check(REH, stage, action, satisfied, reason="because").to_stage == target
    for requirement in missing:
        with pytest.raises(TransitionRefused) as refused:
            reason = "" if requirement == REASON else "because"
            check(REH, stage, action, satisfied - {requirement}, reason=reason)
        assert codes(refused.value.missing) == (requirement,)


@pytest.mark.parametrize("stage", STAGES)
def test_it_offers_the_same_actions_as_the_hand_table(stage):
    everything = frozenset().union(*(documents_for(a) for a in EXPECTED))
    expected = {action for action, (sources, _, _) in EXPECTED.items() if stage in sources}
    assert {t.code for t in allowed_actions(REH, stage, everything)} == expected


def test_residents_are_the_open_stages_and_two_stages_end_it():
    assert REH.open_stages == frozenset(RESIDENT)
    assert tuple(s.code for s in REH.stages if s.terminal) == ("not_admitted", "referred")


def test_it_cites_a_reh_clause_for_every_rule():
    cited = [s.clause for s in REH.stages] + [d.clause for d in REH.documents]
    for t in REH.transitions:
        cited += [t.clause, *(r.clause for r in t.requirements)]
    assert all(clause.startswith("REH-") for clause in cited), cited


def test_only_a_supervisor_readmits():
    capabilities = {t.code: t.capability for t in REH.transitions}
    assert capabilities.pop("readmit") == "case.approve"
    assert set(capabilities.values()) == {"case.transition"}


@pytest.mark.parametrize(("kind", "pathway"), [
    ("rehab_day", "reh"), ("rehab_residential", "reh"), ("community_station", "cmh"),
    ("hospital", "cmh"), ("social_service", "cmh")])
def test_a_centre_follows_the_rehabilitation_pathway(kind, pathway):
    class Organization:
        pass

    organization = Organization()
    organization.kind = kind
    assert for_organization(organization).code == pathway


def test_cases_waiting_for_admission_are_cases_to_act_on():
    """A screening, an application, an admission assessment or an agreement in progress is on
    the case list and the supervisor's overdue list, though not yet a resident."""
    from anxin.cases.selectors import active_stages

    assert set(BEFORE) <= active_stages()
    assert "closed" not in active_stages()
