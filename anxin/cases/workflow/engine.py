"""The case-workflow engine: reads a pathway table and decides which moves a case may make.

A pathway is data: stages, the actions between them, and what each action requires (mostly forms of
the stage being left, complete or approved). The engine knows no pathway, database or date: callers
pass the requirement codes a case satisfies, and get back which actions are allowed or why not. UI
buttons and the API's `allowed_actions` both come from `evaluate`, so they cannot drift apart.
"""

from collections import Counter, deque
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

Label = str | Promise  # a gettext_lazy string with an English msgid

REASON_GIVEN = "reason.given"


@dataclass(frozen=True)
class Requirement:
    """A named precondition of an action, e.g. "the plan approved by a supervisor" (CMH-6.3).

    `description` is a noun phrase: it is listed after "Missing:" in refusals and in the docs.
    `document` names the pathway document that satisfies it, when there is one.
    """

    code: str
    description: Label
    clause: str
    document: str = ""


@dataclass(frozen=True)
class Deadline:
    """Leave the stage within `working_days` Chinese working days of `from_event` (data only:
    the working-days wrapper computes dates, since only it knows the holiday schedule)."""

    working_days: int
    from_event: str
    clause: str


@dataclass(frozen=True)
class Stage:
    code: str
    label: Label
    clause: str
    is_open: bool = False  # counts toward a worker's caseload
    # Waits for work before the case is on a caseload (an application, a screening, an
    # admission in progress): listed among the cases to act on, and its deadlines watched.
    pending: bool = False
    terminal: bool = False  # the episode is over: nothing leaves this stage
    deadline: Deadline | None = None


@dataclass(frozen=True)
class Transition:
    """An action a user takes on a case, moving it from one of `from_stages` to `to_stage`."""

    code: str
    label: Label
    from_stages: tuple[str, ...]
    to_stage: str
    clause: str
    requirements: tuple[Requirement, ...] = ()
    needs_reason: bool = False
    capability: str = "case.transition"
    # Named side effects the case layer carries out when the move is made (cases/effects.py),
    # e.g. recording the event a later deadline counts from.
    effects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A form the pathway uses, e.g. the plan (CMH-D); requirements point at it by code."""

    code: str
    label: Label
    clause: str


class PathwayError(ValueError):
    """The table itself is inconsistent; raised when the pathway is built (import time)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Pathway:
    code: str
    label: Label
    clause_prefix: str
    initial_stage: str
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]
    documents: tuple[Document, ...] = ()
    # The organisation kinds (accounts.choices.OrganizationKind) whose cases follow this
    # pathway; a kind no pathway names follows the default one (pathways.for_organization).
    organization_kinds: tuple[str, ...] = ()

    def __post_init__(self):
        self.validate()

    def validate(self) -> None:
        """Refuse a table with a typo, an unreachable stage or a stage a case could get stuck in."""
        problems: list[str] = []
        for kind, codes in (
            ("stage", [s.code for s in self.stages]),
            ("transition", [t.code for t in self.transitions]),
            ("document", [d.code for d in self.documents]),
        ):
            problems += [f"duplicate {kind} code {c!r}" for c, n in Counter(codes).items() if n > 1]
        stage_codes = {s.code for s in self.stages}
        document_codes = {d.code for d in self.documents} | {""}  # "" = no document
        if self.initial_stage not in stage_codes:
            problems.append(f"initial stage {self.initial_stage!r} is not a stage")
        for t in self.transitions:
            for code in [c for c in (*t.from_stages, t.to_stage) if c not in stage_codes]:
                problems.append(f"transition {t.code!r} names unknown stage {code!r}")
            for r in [r for r in t.requirements if r.document not in document_codes]:
                problems.append(f"requirement {r.code!r} names unknown document {r.document!r}")
        for s in self.stages:
            exits = [t for t in self.transitions if s.code in t.from_stages]
            if s.terminal and exits:
                problems.append(f"terminal stage {s.code!r} is left by {exits[0].code!r}")
            if not s.terminal and not any(t.to_stage != s.code for t in exits):
                problems.append(f"non-terminal stage {s.code!r} has no way out")
            if s.deadline and s.deadline.working_days <= 0:
                problems.append(f"stage {s.code!r} has a deadline that is not positive")
        unreachable = sorted(stage_codes - self._reachable())
        problems += [
            f"stage {code!r} is unreachable from the initial stage" for code in unreachable
        ]
        if problems:
            raise PathwayError(problems)

    def _reachable(self) -> set[str]:
        seen, queue = {self.initial_stage}, deque([self.initial_stage])
        while queue:
            here = queue.popleft()
            for t in self.transitions:
                if here in t.from_stages and t.to_stage not in seen:
                    seen.add(t.to_stage)
                    queue.append(t.to_stage)
        return seen

    def stage(self, code: str) -> Stage:
        found = next((s for s in self.stages if s.code == code), None)
        if found is None:
            raise KeyError(f"pathway {self.code!r} has no stage {code!r}")
        return found

    def transition(self, code: str) -> Transition | None:
        return next((t for t in self.transitions if t.code == code), None)

    def transitions_from(self, stage_code: str) -> tuple[Transition, ...]:
        self.stage(stage_code)
        return tuple(t for t in self.transitions if stage_code in t.from_stages)

    def exit_documents(self, stage_code: str) -> tuple[Document, ...]:
        """The documents some way out of this stage needs, in table order (for checklists)."""
        needed = {r.document for t in self.transitions_from(stage_code) for r in t.requirements}
        return tuple(d for d in self.documents if d.code in needed)

    @property
    def open_stages(self) -> frozenset[str]:
        return frozenset(s.code for s in self.stages if s.is_open)


@dataclass(frozen=True)
class ActionCheck:
    transition: Transition
    allowed: bool
    missing: tuple[Requirement, ...]


class WorkflowError(Exception):
    """A refused move. `message` is rendered on demand, in the language active where it is shown."""

    def __str__(self) -> str:
        return self.message


class IllegalTransition(WorkflowError):
    """The action does not leave this stage at all (e.g. closing a case still in intake)."""

    def __init__(self, pathway: Pathway, stage_code: str, action_code: str):
        super().__init__(action_code, stage_code)
        self.stage, self.action_code = pathway.stage(stage_code), action_code
        self.transition = pathway.transition(action_code)

    @property
    def message(self) -> str:
        action = self.transition.label if self.transition else self.action_code
        text = gettext("Cannot '%(action)s' from '%(stage)s'.")
        return text % {"action": action, "stage": self.stage.label}


class TransitionRefused(WorkflowError):
    """The action leaves this stage, but some of its requirements are not met yet."""

    def __init__(self, transition: Transition, missing: tuple[Requirement, ...]):
        super().__init__(transition.code, [r.code for r in missing])
        self.transition, self.missing = transition, missing

    @property
    def message(self) -> str:
        missing = pgettext("list separator", "; ").join(str(r.description) for r in self.missing)
        text = gettext("Cannot '%(action)s' yet. Missing: %(missing)s.")
        return text % {"action": self.transition.label, "missing": missing}


def reason_requirement(transition: Transition) -> Requirement:
    return Requirement(REASON_GIVEN, _("a reason"), transition.clause)


def missing_requirements(
    transition: Transition, satisfied: frozenset[str], reason: str | None = None
) -> tuple[Requirement, ...]:
    """Unmet requirements, in table order. `reason=None` means "not asked yet" (button display)."""
    missing = tuple(r for r in transition.requirements if r.code not in satisfied)
    if transition.needs_reason and reason is not None and not reason.strip():
        missing += (reason_requirement(transition),)
    return missing


def evaluate(pathway: Pathway, stage_code: str, satisfied: frozenset[str]) -> list[ActionCheck]:
    """Every action leaving the stage, allowed or not, with what each still needs."""
    pairs = [(t, missing_requirements(t, satisfied)) for t in pathway.transitions_from(stage_code)]
    return [ActionCheck(t, allowed=not m, missing=m) for t, m in pairs]


def allowed_actions(
    pathway: Pathway, stage_code: str, satisfied: frozenset[str]
) -> list[Transition]:
    return [c.transition for c in evaluate(pathway, stage_code, satisfied) if c.allowed]


def check(
    pathway: Pathway,
    stage_code: str,
    action_code: str,
    satisfied: frozenset[str],
    reason: str = "",
) -> Transition:
    """Return the transition if the case may take it now; raise to say why not otherwise."""
    transition = pathway.transition(action_code)
    if transition is None or stage_code not in transition.from_stages:
        raise IllegalTransition(pathway, stage_code, action_code)
    missing = missing_requirements(transition, satisfied, reason)
    if missing:
        raise TransitionRefused(transition, missing)
    return transition
