"""The community mental-health pathway (CMH-6.1 … 6.6, forms A–G), checked against a table
written out by hand here — not read from the pathway — so a wrong entry in cmh.py fails a test."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from anxin.cases.workflow import (
    IllegalTransition,
    Pathway,
    Stage,
    Transition,
    TransitionRefused,
    allowed_actions,
    check,
)
from anxin.cases.workflow.docs import render
from anxin.cases.workflow.pathways import PATHWAYS, get_pathway
from anxin.cases.workflow.pathways.cmh import CMH

OPEN = ("brief_intervention", "intake", "assessment", "planning", "intervention", "evaluation")
TERMINAL = ("not_accepted", "referred", "ended")
STAGES = ("application", *OPEN, "closed", *TERMINAL)
PLAN = ("plan.confirmed_by_client", "plan.confirmed_by_worker", "plan.approved_by_supervisor")

# action: (stages it leaves, stage it enters, what is missing when nothing is satisfied, in order)
EXPECTED = {
    "accept": (("application", "brief_intervention"), "intake", ("application.accepted",)),
    "accept_simple": (
        ("application",),
        "brief_intervention",
        ("application.accepted_simple", "consent.signed"),
    ),
    "decline": (("application",), "not_accepted", ("application.not_accepted", "reason.given")),
    "complete_intake": (("intake",), "assessment", ("consent.signed", "application.accepted")),
    # CMH-6.2: the risk level comes first.
    "complete_assessment": (
        ("assessment",),
        "planning",
        ("assessment.risk_level_recorded", "assessment.complete"),
    ),
    "start_intervention": (("planning",), "intervention", PLAN),
    "revise_plan": (("intervention", "evaluation"), "planning", ("reason.given",)),
    "start_evaluation": (("intervention",), "evaluation", ("service_record.any",)),
    "close": (
        ("evaluation",),
        "closed",
        # CMH-6.6 结案后跟进回访: a follow-up is planned (unless the client died).
        ("evaluation.complete", "closure.planned_date_recorded", "closure.follow_up_planned",
         "closure.approved"),
    ),
    "close_brief": (
        ("brief_intervention",),
        "closed",
        ("service_record.any", "closure.approved"),
    ),
    "record_follow_up": (("closed",), "closed", ()),
    "reopen": (("closed",), "intake", ("reason.given",)),
    "refer_out": (
        ("application", *OPEN),
        "referred",
        ("referral.consent_recorded", "reason.given"),
    ),
    "end": (OPEN, "ended", ("reason.given",)),
}
PAIRS = [(stage, action) for stage in STAGES for action in EXPECTED]


def codes(requirements) -> tuple[str, ...]:
    return tuple(r.code for r in requirements)


def documents_for(action: str) -> frozenset[str]:
    return frozenset(EXPECTED[action][2]) - {"reason.given"}


def test_it_has_exactly_the_stages_and_actions_of_the_hand_table():
    """A stage or action added to the table without updating these expectations fails here."""
    assert tuple(s.code for s in CMH.stages) == STAGES
    assert {t.code for t in CMH.transitions} == set(EXPECTED)
    assert CMH.initial_stage == "application"


@pytest.mark.parametrize(("stage", "action"), PAIRS)
def test_it_refuses_or_allows_every_action_from_every_stage(stage, action):
    """Each (stage, action) pair: illegal, or refused with exactly the expected missing
    requirements when nothing is done, then allowed once all are met and a reason is given;
    and refused again if any single requirement is taken away."""
    sources, target, missing = EXPECTED[action]
    if stage not in sources:
        with pytest.raises(IllegalTransition):
            check(CMH, stage, action, documents_for(action), reason="because")
        return

    if missing:
        with pytest.raises(TransitionRefused) as refused:
            check(CMH, stage, action, frozenset(), reason="")
        assert codes(refused.value.missing) == missing

    satisfied = documents_for(action)
    assert check(CMH, stage, action, satisfied, reason="because").to_stage == target
    for requirement in missing:
        with pytest.raises(TransitionRefused) as refused:
            reason = "" if requirement == "reason.given" else "because"
            check(CMH, stage, action, satisfied - {requirement}, reason=reason)
        assert codes(refused.value.missing) == (requirement,)


@pytest.mark.parametrize("stage", STAGES)
def test_it_offers_the_same_actions_as_the_hand_table(stage):
    """With everything satisfied, the buttons of a stage are exactly its legal actions."""
    everything = frozenset().union(*(documents_for(a) for a in EXPECTED))
    expected = {action for action, (sources, _, _) in EXPECTED.items() if stage in sources}

    assert {t.code for t in allowed_actions(CMH, stage, everything)} == expected


def test_it_marks_open_and_terminal_stages():
    """Open stages count toward caseload; application and closed do not; three stages end it."""
    assert CMH.open_stages == frozenset(OPEN)
    assert tuple(s.code for s in CMH.stages if s.terminal) == TERMINAL
    assert not CMH.stage("closed").terminal  # follow-ups and reopening leave from it


def test_it_carries_the_intake_and_assessment_deadlines():
    """Intake within 5 working days of the application (CMH-6.1); assessment within 15
    working days of intake (CMH-6.2)."""
    intake = CMH.stage("intake").deadline
    assessment = CMH.stage("assessment").deadline

    assert (intake.working_days, intake.from_event, intake.clause) == (
        5,
        "application.received",
        "CMH-6.1",
    )
    assert CMH.stage("application").deadline == intake
    assert (assessment.working_days, assessment.from_event, assessment.clause) == (
        15,
        "intake.completed",
        "CMH-6.2",
    )
    assert [s.code for s in CMH.stages if s.deadline] == ["application", "intake", "assessment"]


def test_it_cites_a_cmh_clause_for_every_rule():
    """Every stage, action, requirement and document is traceable to the standard."""
    cited = [s.clause for s in CMH.stages] + [d.clause for d in CMH.documents]
    for t in CMH.transitions:
        cited += [t.clause, *(r.clause for r in t.requirements)]

    assert all(clause.startswith("CMH-") for clause in cited), cited
    assert [d.clause for d in CMH.documents][:7] == [f"CMH-{x}" for x in "ABCDEFG"]


def test_it_needs_a_supervisor_to_reopen_an_approved_closing():
    """Reopening undoes a closing a supervisor approved, so it takes the approval capability."""
    capabilities = {t.code: t.capability for t in CMH.transitions}

    assert capabilities.pop("reopen") == "case.approve"
    assert set(capabilities.values()) == {"case.transition"}


def walk(stage: str, action: str, satisfied: set[str], reason: str = "") -> str:
    return check(CMH, stage, action, frozenset(satisfied), reason=reason).to_stage


def test_it_walks_a_case_from_application_to_follow_up_and_reopening():
    """接案 → 预估 → 计划 → 介入 → 评估 → 结案 → 回访, then reopened with a reason."""
    done: set[str] = set()
    done |= {"application.accepted"}
    stage = walk("application", "accept", done)
    assert stage == "intake"
    with pytest.raises(TransitionRefused):
        walk(stage, "complete_intake", done)  # no consent yet (CMH-A)
    done |= {"consent.signed"}
    stage = walk(stage, "complete_intake", done)
    assert stage == "assessment"
    done |= {"assessment.complete"}
    with pytest.raises(TransitionRefused) as refused:
        walk(stage, "complete_assessment", done)
    assert codes(refused.value.missing) == ("assessment.risk_level_recorded",)
    done |= {"assessment.risk_level_recorded"}
    stage = walk(stage, "complete_assessment", done)
    assert stage == "planning"
    done |= {"plan.confirmed_by_client", "plan.confirmed_by_worker"}
    with pytest.raises(TransitionRefused):
        walk(stage, "start_intervention", done)  # the supervisor has not approved (CMH-6.3)
    done |= {"plan.approved_by_supervisor"}
    stage = walk(stage, "start_intervention", done)
    assert stage == "intervention"
    done |= {"service_record.any"}
    stage = walk(stage, "start_evaluation", done)
    assert stage == "evaluation"
    done |= {"evaluation.complete", "closure.approved", "closure.follow_up_planned"}
    with pytest.raises(TransitionRefused) as refused:
        walk(stage, "close", done)
    assert codes(refused.value.missing) == ("closure.planned_date_recorded",)
    done |= {"closure.planned_date_recorded"}
    stage = walk(stage, "close", done)
    assert stage == "closed"
    assert walk(walk(stage, "record_follow_up", done), "record_follow_up", done) == "closed"
    with pytest.raises(TransitionRefused):
        walk(stage, "reopen", done)
    assert walk(stage, "reopen", done, reason="relapse after discharge") == "intake"


def test_it_closes_a_simple_problem_after_brief_help():
    """CMH-B: a simple problem gets temporary intervention or consultation, then is closed."""
    done = {"application.accepted_simple", "consent.signed"}
    stage = walk("application", "accept_simple", done)
    assert stage == "brief_intervention"
    assert "close" not in [t.code for t in allowed_actions(CMH, stage, frozenset(done))]
    done |= {"service_record.any", "closure.approved"}
    assert walk(stage, "close_brief", done) == "closed"


def test_it_explains_a_refused_closing():
    """The refusal names the missing closing documents in words."""
    with pytest.raises(TransitionRefused) as refused:
        check(CMH, "evaluation", "close", frozenset({"evaluation.complete"}))

    with translation.override("en"):
        message = str(refused.value)
    assert message == (
        "Cannot 'Close the case' yet. Missing: the planned closing date; "
        "at least one follow-up planned on the closing form (none only if the client died); "
        "the closing form approved by a supervisor."
    )


def test_it_registers_the_cmh_pathway():
    """The registry finds the pathway by code."""
    assert get_pathway("cmh") is CMH
    with pytest.raises(KeyError):
        get_pathway("nope")


def test_it_keeps_docs_workflow_md_in_step_with_the_tables():
    """docs/workflow.md is what `manage.py workflow_doc` renders today; regenerate it if not."""
    committed = (Path(settings.BASE_DIR) / "docs" / "workflow.md").read_text(encoding="utf-8")

    assert committed == render(PATHWAYS.values(), ("en",))
    assert "stateDiagram-v2" in committed
    assert "    evaluation --> closed: Close the case" in committed


def test_it_writes_and_checks_the_workflow_doc(tmp_path):
    """The command writes the file, and --check fails on a stale one."""
    output = tmp_path / "workflow.md"
    call_command("workflow_doc", output=str(output), stdout=io.StringIO())
    assert output.read_text(encoding="utf-8") == render(PATHWAYS.values(), ("en",))

    output.write_text("stale", encoding="utf-8")
    with pytest.raises(CommandError, match="out of date"):
        call_command("workflow_doc", output=str(output), check=True)


def test_it_renders_each_label_in_every_language_asked_for():
    """Labels are rendered once per language, and a label that reads the same is shown once."""
    language = lazy(translation.get_language, str)()  # a "label" that shows the active language
    tiny = Pathway(
        code="tiny",
        label=language,
        clause_prefix="T",
        initial_stage="start",
        stages=(Stage("start", language, "T-1"),
                Stage("end", _("The tiny end"), "T-2", terminal=True)),
        transitions=(Transition("finish", _("Finish"), ("start",), "end", "T-2"),),
    )

    text = render([tiny], ("zh-hans", "en"))

    assert "## zh-hans / en (`tiny`)" in text
    assert 'state "zh-hans / en" as start' in text
    assert 'state "The tiny end" as end' in text  # not in the catalogue: shown once
