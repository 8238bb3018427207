"""The generic workflow engine, exercised on a tiny pathway defined here (no CMH knowledge)."""

import dataclasses

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from anxin.cases.workflow import (
    Deadline,
    Document,
    IllegalTransition,
    Pathway,
    PathwayError,
    Requirement,
    Stage,
    Transition,
    TransitionRefused,
    allowed_actions,
    check,
    evaluate,
)

SIGNED = Requirement("form.signed", _("the signed form"), "T-1", "form")
PAID = Requirement("fee.paid", _("the paid fee"), "T-2")

TINY = Pathway(
    code="tiny",
    label=_("Tiny"),
    clause_prefix="T",
    initial_stage="waiting",
    stages=(
        Stage("waiting", _("Waiting"), "T-1", deadline=Deadline(3, "request.received", "T-1")),
        Stage("active", _("Active"), "T-2", is_open=True),
        Stage("done", _("Done"), "T-3", terminal=True),
    ),
    transitions=(
        Transition("start", _("Start"), ("waiting",), "active", "T-1", (SIGNED, PAID)),
        Transition("note", _("Note"), ("active",), "active", "T-2"),
        Transition("finish", _("Finish"), ("active",), "done", "T-3", needs_reason=True),
        Transition("cancel", _("Cancel"), ("waiting", "active"), "done", "T-3", (PAID,)),
    ),
    documents=(Document("form", _("Form"), "T-1"),),
)


def codes(requirements) -> tuple[str, ...]:
    return tuple(r.code for r in requirements)


def rebuilt(**changes) -> Pathway:
    return dataclasses.replace(TINY, **changes)


def test_it_lists_every_action_leaving_a_stage_with_what_each_needs():
    """evaluate() reports each way out of the stage, in table order, allowed or not."""
    checks = evaluate(TINY, "waiting", frozenset({"fee.paid"}))

    assert [(c.transition.code, c.allowed, codes(c.missing)) for c in checks] == [
        ("start", False, ("form.signed",)),
        ("cancel", True, ()),
    ]


def test_it_offers_only_the_allowed_actions():
    """allowed_actions() is evaluate() filtered to what can be done now."""
    assert allowed_actions(TINY, "waiting", frozenset()) == []
    assert [t.code for t in allowed_actions(TINY, "waiting", frozenset({"fee.paid"}))] == ["cancel"]
    everything = frozenset({"form.signed", "fee.paid"})
    assert [t.code for t in allowed_actions(TINY, "waiting", everything)] == ["start", "cancel"]


def test_it_offers_an_action_needing_a_reason_before_the_reason_is_typed():
    """The button shows; the reason is asked for when the action is taken."""
    assert "finish" in [t.code for t in allowed_actions(TINY, "active", frozenset())]


def test_it_returns_the_transition_when_the_move_is_allowed():
    """check() hands back the transition so the caller knows the target stage."""
    transition = check(TINY, "waiting", "start", frozenset({"form.signed", "fee.paid"}))

    assert transition.to_stage == "active"


def test_it_allows_a_self_transition():
    """An action may keep the case in its stage (e.g. recording a follow-up)."""
    assert check(TINY, "active", "note", frozenset()).to_stage == "active"


def test_it_refuses_a_move_with_exactly_the_missing_requirements():
    """The refusal carries what is missing, in table order, and nothing already satisfied."""
    with pytest.raises(TransitionRefused) as refused:
        check(TINY, "waiting", "start", frozenset({"fee.paid"}))

    assert codes(refused.value.missing) == ("form.signed",)
    assert refused.value.transition.code == "start"


def test_it_refuses_an_empty_or_blank_reason():
    """A transition that needs a reason is refused with "reason.given" missing."""
    for reason in ("", "   "):
        with pytest.raises(TransitionRefused) as refused:
            check(TINY, "active", "finish", frozenset(), reason=reason)
        assert codes(refused.value.missing) == ("reason.given",)
        assert refused.value.missing[0].clause == "T-3"

    assert check(TINY, "active", "finish", frozenset(), reason="moved away").code == "finish"


def test_it_says_what_is_missing_in_the_refusal_message():
    """The message names the action and lists every missing requirement's description."""
    with pytest.raises(TransitionRefused) as refused:
        check(TINY, "waiting", "start", frozenset())

    with translation.override("en"):
        assert str(refused.value) == "Cannot 'Start' yet. Missing: the signed form; the paid fee."
        assert refused.value.message == str(refused.value)


def test_it_refuses_an_action_that_does_not_leave_the_stage():
    """An action from another stage is illegal, not merely refused, and says so."""
    with pytest.raises(IllegalTransition) as illegal:
        check(TINY, "waiting", "finish", frozenset(), reason="x")

    with translation.override("en"):
        assert str(illegal.value) == "Cannot 'Finish' from 'Waiting'."
    assert illegal.value.transition.code == "finish"


def test_it_refuses_an_unknown_action_as_illegal():
    """A made-up action code is illegal everywhere."""
    with pytest.raises(IllegalTransition) as illegal:
        check(TINY, "waiting", "teleport", frozenset())

    with translation.override("en"):
        assert str(illegal.value) == "Cannot 'teleport' from 'Waiting'."


def test_it_offers_nothing_from_a_terminal_stage():
    """A terminal stage has no way out: every action from it is illegal."""
    assert evaluate(TINY, "done", frozenset({"form.signed", "fee.paid"})) == []
    for action in ("start", "note", "finish", "cancel"):
        with pytest.raises(IllegalTransition):
            check(TINY, "done", action, frozenset({"form.signed", "fee.paid"}), reason="x")


def test_it_rejects_an_unknown_stage():
    """Asking about a stage the pathway lacks is a programming error, not a refusal."""
    with pytest.raises(KeyError):
        evaluate(TINY, "limbo", frozenset())


def test_it_exposes_stage_data_for_callers():
    """Open stages, deadlines and exit documents are plain data on the pathway."""
    assert TINY.open_stages == frozenset({"active"})
    assert TINY.stage("waiting").deadline == Deadline(3, "request.received", "T-1")
    assert [d.code for d in TINY.exit_documents("waiting")] == ["form"]
    assert TINY.exit_documents("active") == ()


def test_it_rejects_a_transition_naming_an_unknown_stage():
    """A typo in a stage code is caught when the table is built."""
    bad = Transition("jump", _("Jump"), ("waiting",), "nowhere", "T-9")

    with pytest.raises(PathwayError, match="transition 'jump' names unknown stage 'nowhere'"):
        rebuilt(transitions=(*TINY.transitions, bad))


def test_it_rejects_an_unknown_initial_stage():
    """The initial stage must be one of the stages."""
    with pytest.raises(PathwayError, match="initial stage 'nowhere' is not a stage"):
        rebuilt(initial_stage="nowhere")


def test_it_rejects_an_unreachable_stage():
    """A stage no path leads to from the initial stage is a table error."""
    orphan = Stage("orphan", _("Orphan"), "T-9", terminal=True)

    with pytest.raises(PathwayError, match="stage 'orphan' is unreachable"):
        rebuilt(stages=(*TINY.stages, orphan))


def test_it_rejects_a_non_terminal_dead_end():
    """A non-terminal stage must have a way out; a self-transition alone is not one."""
    limbo = Stage("limbo", _("Limbo"), "T-9")
    into = Transition("wander", _("Wander"), ("active",), "limbo", "T-9")
    stay = Transition("linger", _("Linger"), ("limbo",), "limbo", "T-9")

    with pytest.raises(PathwayError, match="non-terminal stage 'limbo' has no way out"):
        rebuilt(stages=(*TINY.stages, limbo), transitions=(*TINY.transitions, into, stay))


def test_it_rejects_a_way_out_of_a_terminal_stage():
    """Terminal means over: nothing may leave it."""
    undo = Transition("undo", _("Undo"), ("done",), "active", "T-9")

    with pytest.raises(PathwayError, match="terminal stage 'done' is left by 'undo'"):
        rebuilt(transitions=(*TINY.transitions, undo))


def test_it_rejects_duplicate_codes():
    """Stage, transition and document codes are each unique."""
    with pytest.raises(PathwayError, match="duplicate stage code 'active'"):
        rebuilt(stages=(*TINY.stages, Stage("active", _("Again"), "T-9", is_open=True)))
    with pytest.raises(PathwayError, match="duplicate transition code 'note'"):
        rebuilt(transitions=(*TINY.transitions, TINY.transitions[1]))
    with pytest.raises(PathwayError, match="duplicate document code 'form'"):
        rebuilt(documents=(*TINY.documents, Document("form", _("Form"), "T-9")))


def test_it_rejects_a_requirement_naming_an_unknown_document():
    """A requirement that points at a document must point at one of the pathway's."""
    ghost = Requirement("ghost.signed", _("ghost"), "T-9", "ghost")
    start = dataclasses.replace(TINY.transitions[0], requirements=(ghost,))

    with pytest.raises(PathwayError, match="names unknown document 'ghost'"):
        rebuilt(transitions=(start, *TINY.transitions[1:]))


def test_it_rejects_a_deadline_that_is_not_positive():
    """Zero working days is a typo, not a rule."""
    waiting = dataclasses.replace(TINY.stages[0], deadline=Deadline(0, "request.received", "T-1"))

    with pytest.raises(PathwayError, match="deadline that is not positive"):
        rebuilt(stages=(waiting, *TINY.stages[1:]))


def test_it_reports_every_problem_at_once():
    """A broken table lists all its problems, so one edit can fix them."""
    with pytest.raises(PathwayError) as error:
        rebuilt(initial_stage="nowhere", documents=())

    assert len(error.value.problems) >= 3  # initial stage, unknown document, unreachable stages
