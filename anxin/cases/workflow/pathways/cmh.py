"""The community mental-health social-work case process, as laid down by the CMH standard.

接案 → 预估 → 计划 → 介入 → 评估 → 结案 → 回访 (CMH-6.1 … 6.6) with forms A–G. The stage before
intake, `application`, is where form B's decision is taken (CMH-B 社工评估/处理方式):

- 否 (not accepted): tell the client why → `decline` to `not_accepted`; or refer → `refer_out`.
- 是, problem is simple → 临时干预 / 咨询性服务: `accept_simple` to `brief_intervention`, a
  short open episode with no assessment or plan, closed by `close_brief` (service record and an
  approved closing form) — or opened as a full case with `accept` if it proves not to be simple.
- 是, within the centre's scope → 接案: `accept` to `intake`.

Episodes ending in `not_accepted`, `referred` or `ended` are over; a new request for help from the
same client is a new case. A `closed` case stays reachable: follow-ups are recorded on it (CMH-6.6
回访) and it can be reopened with a reason.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ...choices import ApplicationDecision
from ..engine import Deadline, Document, Pathway, Requirement, Stage, Transition

TRANSITION = "case.transition"
# Reopening undoes a closing a supervisor approved (CMH-G 督导审批), so it needs the same rank.
APPROVE = "case.approve"

# --- Documents: appendices A–G, plus the referral CMH-6.4 asks for on move/hospitalisation/death.
DOCUMENTS = (
    Document("consent", _("Informed consent"), "CMH-A"),
    Document("application", _("Case application"), "CMH-B"),
    Document("assessment", _("Assessment form"), "CMH-C"),
    Document("plan", _("Service plan"), "CMH-D"),
    Document("service_record", _("Service record"), "CMH-E"),
    Document("evaluation", _("Evaluation form"), "CMH-F"),
    Document("closure", _("Closing form"), "CMH-G"),
    Document("referral", _("Referral"), "CMH-6.4"),
)

# --- Requirements (noun phrases: they follow "Missing:" in a refusal).
# Form A allows 口头知会 (verbal notice) as well as a written agreement (CMH-6.1).
CONSENT = Requirement(
    "consent.signed", _("informed consent, written or noted as verbal"), "CMH-6.1", "consent"
)
# Form B's decision is named by the very choice the worker ticks on the form
# (ApplicationDecision), so "Missing: …" points at a box the worker can find.
def _decision(choice: ApplicationDecision):
    return format_lazy(_("the case application decided as “{}”"), choice.label)


ACCEPTED = Requirement(
    "application.accepted", _decision(ApplicationDecision.ACCEPTED), "CMH-6.1", "application"
)
ACCEPTED_SIMPLE = Requirement(
    "application.accepted_simple", _decision(ApplicationDecision.BRIEF), "CMH-B", "application"
)
NOT_ACCEPTED = Requirement(
    "application.not_accepted",
    _decision(ApplicationDecision.NOT_ACCEPTED),
    "CMH-B",
    "application",
)
# CMH-6.2 asks for the disease status, risk level first, before the rest of the assessment.
RISK_LEVEL = Requirement(
    "assessment.risk_level_recorded",
    _("the risk level on the assessment form"),
    "CMH-6.2",
    "assessment",
)
ASSESSED = Requirement(
    "assessment.complete", _("the completed assessment form"), "CMH-6.2", "assessment"
)
# CMH-6.3: the plan takes effect only once all three have signed (form D 服务确认).
PLAN_CLIENT = Requirement(
    "plan.confirmed_by_client", _("the plan confirmed by the client or family"), "CMH-6.3", "plan"
)
PLAN_WORKER = Requirement(
    "plan.confirmed_by_worker", _("the plan confirmed by the responsible worker"), "CMH-6.3", "plan"
)
PLAN_SUPERVISOR = Requirement(
    "plan.approved_by_supervisor", _("the plan approved by a supervisor"), "CMH-6.3", "plan"
)
SERVICE_RECORD = Requirement(
    "service_record.any", _("at least one service record"), "CMH-6.4", "service_record"
)
EVALUATED = Requirement(
    "evaluation.complete", _("the completed evaluation form"), "CMH-6.5", "evaluation"
)
# CMH-6.6: the client is told the closing date in advance, so it is on file before closing.
CLOSING_DATE = Requirement(
    "closure.planned_date_recorded", _("the planned closing date"), "CMH-6.6", "closure"
)
# CMH-6.6 结案后，及时跟进回访; REH-5.2.6.2.5 跟踪服务或回访: the closing form plans at least one
# follow-up, unless the client died (facts.follow_up_planned).
FOLLOW_UP_PLANNED = Requirement(
    "closure.follow_up_planned",
    _("at least one follow-up planned on the closing form (none only if the client died)"),
    "CMH-6.6",
    "closure",
)
CLOSURE_APPROVED = Requirement(
    "closure.approved", _("the closing form approved by a supervisor"), "CMH-6.6", "closure"
)
# Handing a client's file to another agency needs their consent (CMH-4.1, CMH-4.2).
REFERRAL_CONSENT = Requirement(
    "referral.consent_recorded", _("the client's consent to the referral"), "CMH-4.1", "referral"
)

# --- Stages.
ACTIVE = ("brief_intervention", "intake", "assessment", "planning", "intervention", "evaluation")
# CMH-6.1 "接案宜在5个工作日内完成": the decision and the intake both fall inside those 5 days.
# A reopened case restarts the clock: the reopening counts as a new application.received.
INTAKE_DEADLINE = Deadline(5, "application.received", "CMH-6.1")

STAGES = (
    Stage("application", _("Application"), "CMH-B", deadline=INTAKE_DEADLINE),
    Stage("brief_intervention", _("Brief intervention or consultation"), "CMH-B", is_open=True),
    Stage("intake", _("Intake"), "CMH-6.1", is_open=True, deadline=INTAKE_DEADLINE),
    # CMH-6.2 "预估应在15个工作日内完成", counted from the end of intake.
    Stage(
        "assessment",
        _("Assessment"),
        "CMH-6.2",
        is_open=True,
        deadline=Deadline(15, "intake.completed", "CMH-6.2"),
    ),
    Stage("planning", _("Planning"), "CMH-6.3", is_open=True),
    Stage("intervention", _("Intervention"), "CMH-6.4", is_open=True),
    Stage("evaluation", _("Evaluation"), "CMH-6.5", is_open=True),
    Stage("closed", _("Closed"), "CMH-6.6"),
    Stage("not_accepted", _("Not accepted"), "CMH-B", terminal=True),
    Stage("referred", _("Referred"), "CMH-6.4", terminal=True),
    Stage("ended", _("Service ended"), "CMH-6.4", terminal=True),
)

TRANSITIONS = (
    Transition(
        "accept",
        _("Accept the case"),
        ("application", "brief_intervention"),
        "intake",
        "CMH-6.1",
        (ACCEPTED,),
    ),
    Transition(
        "accept_simple",
        _("Give brief help"),
        ("application",),
        "brief_intervention",
        "CMH-B",
        # Even a one-off consultation is given with informed consent (CMH-4.1).
        (ACCEPTED_SIMPLE, CONSENT),
    ),
    # The reason is what the client is told (CMH-B 明确告知不能接案的原因).
    Transition(
        "decline",
        _("Decline"),
        ("application",),
        "not_accepted",
        "CMH-B",
        (NOT_ACCEPTED,),
        needs_reason=True,
        effects=("close_episode",),
    ),
    Transition(
        "complete_intake",
        _("Complete intake"),
        ("intake",),
        "assessment",
        "CMH-6.1",
        (CONSENT, ACCEPTED),
        # The assessment's 15 working days count from here (CMH-6.2).
        effects=("milestone:intake.completed",),
    ),
    Transition(
        "complete_assessment",
        _("Complete assessment"),
        ("assessment",),
        "planning",
        "CMH-6.2",
        (RISK_LEVEL, ASSESSED),
    ),
    Transition(
        "start_intervention",
        _("Start intervention"),
        ("planning",),
        "intervention",
        "CMH-6.3",
        (PLAN_CLIENT, PLAN_WORKER, PLAN_SUPERVISOR),
    ),
    # A supplementary plan (form D 计划类型：补充) goes back through the three confirmations.
    # From evaluation too: interim results may call for a changed plan (CMH-8.1).
    Transition(
        "revise_plan",
        _("Revise the plan"),
        ("intervention", "evaluation"),
        "planning",
        "CMH-6.3",
        needs_reason=True,
        effects=("draft_supplementary_plan",),
    ),
    Transition(
        "start_evaluation",
        _("Start evaluation"),
        ("intervention",),
        "evaluation",
        "CMH-6.4",
        (SERVICE_RECORD,),
    ),
    Transition(
        "close",
        _("Close the case"),
        ("evaluation",),
        "closed",
        "CMH-6.6",
        (EVALUATED, CLOSING_DATE, FOLLOW_UP_PLANNED, CLOSURE_APPROVED),
        effects=("close_episode", "schedule_follow_ups"),
    ),
    # Brief help has no evaluation stage, but what was done is recorded and a supervisor still
    # signs off every closing (CMH-G).
    Transition(
        "close_brief",
        _("Close brief help"),
        ("brief_intervention",),
        "closed",
        "CMH-B",
        (SERVICE_RECORD, CLOSURE_APPROVED),
        effects=("close_episode", "schedule_follow_ups"),
    ),
    Transition(
        "record_follow_up", _("Record a follow-up"), ("closed",), "closed", "CMH-6.6",
        effects=("record_follow_up",),
    ),
    # Back to intake, so a case closed after brief help still passes the full intake checks.
    Transition(
        "reopen",
        _("Reopen"),
        ("closed",),
        "intake",
        "CMH-6.6",
        needs_reason=True,
        capability=APPROVE,
        # A reopening is a new application: the intake clock restarts (CMH-6.1).
        effects=("new_episode", "milestone:application.received"),
    ),
    # CMH-6.1 (beyond capacity or scope) and CMH-6.4 (move, hospitalisation) call for referral.
    Transition(
        "refer_out",
        _("Refer out"),
        ("application", *ACTIVE),
        "referred",
        "CMH-6.4",
        (REFERRAL_CONSENT,),
        needs_reason=True,
        effects=("send_referral", "close_episode"),
    ),
    # CMH-6.4 中止服务: on death or a move with no one to refer to.
    Transition(
        "end", _("End service"), ACTIVE, "ended", "CMH-6.4", needs_reason=True,
        effects=("close_episode",),
    ),
)

CMH = Pathway(
    code="cmh",
    label=_("Community mental-health social work"),
    clause_prefix="CMH",
    initial_stage="application",
    stages=STAGES,
    transitions=TRANSITIONS,
    documents=DOCUMENTS,
)
