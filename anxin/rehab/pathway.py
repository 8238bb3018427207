"""A community rehabilitation centre's process for one resident, as laid down by REH
(DB51/T 2697—2020): 筛选 → 入住申请 → 入住评估 → 签订协议 → 入组评估 → 制订计划 → 服务实施 →
中期评估 → 末期评估 → 出组结案 → 跟踪回访 (REH-4.7, REH-4.8, REH-5.2).

咨询/接待 (REH-5.3.1, 5.3.2) comes before a case: an enquiry is entered in the reception
register (rehab/models.py Enquiry) and opens a case when the person applies. A case's first
stage is screening: the eligibility rules (rehab/eligibility.py) decide, and a supervisor may
override a refusal with a reason (rehab/actions.py).

Residents are the cases from the intake assessment to the end evaluation (the open stages): who
has signed the agreement and been admitted. A resident may leave early (REH-4.8.1 主动要求离开,
REH-5.2.6.1.2–4) with an approved exit form; the information exchange with the community grid
worker and the 精防 staff is required on admission and on exit (REH-4.7.2.4, REH-4.8.3,
REH-5.6.4). A closed case records its follow-ups (REH-5.2.6.2.5) and can readmit.
"""

from django.utils.translation import gettext_lazy as _

from anxin.accounts.choices import OrganizationKind
from anxin.cases.workflow.engine import Document, Pathway, Requirement, Stage, Transition
from anxin.documents.requirements import document_requirement

from . import kinds as k

TRANSITION = "case.transition"
APPROVE = "case.approve"

DOCUMENTS = (
    Document(k.NEEDS_SURVEY, _("Needs survey"), "REH-4.7.3.1"),
    Document(k.SCREENING, _("Screening"), "REH-5.2.1.1"),
    Document(k.APPLICATION, _("Admission application"), "REH-4.7.2.1"),
    Document(k.ADMISSION_ASSESSMENT, _("Admission assessment"), "REH-4.7.2.2"),
    Document(k.AGREEMENT, _("Admission agreement"), "REH-4.7.2.3"),
    Document(k.EXCHANGE, _("Information exchange notice"), "REH-4.7.2.4"),
    Document(k.INTAKE_ASSESSMENT, _("Intake assessment"), "REH-5.2.2"),
    Document(k.PLAN, _("Individual rehabilitation plan"), "REH-5.2.3"),
    Document(k.EVALUATION, _("Rehabilitation evaluation"), "REH-5.2.5"),
    Document(k.EXIT, _("Exit application and review"), "REH-4.8.2"),
    # The outcomes app's agreement for assisted employment (REH-5.5.2.5.3).
    Document("reh_employment_agreement", _("Employment agreement"), "REH-5.5.2.5.3"),
    # Forms A–G's referral (CMH-6.4) carries the client's consent to a referral out.
    Document("referral", _("Referral"), "REH-5.3.3"),
)

# --- Requirements (noun phrases: they follow "Missing:" in a refusal).
SCREENED = document_requirement(k.SCREENING, description=_("the completed screening"),
                                clause="REH-5.2.1.1")
# rehab/facts.py answers these from the eligibility rules and the supervisor's overrides.
ELIGIBLE = Requirement("rehab:eligible",
                       _("every admission criterion met, or a supervisor's override"),
                       "REH-4.7.1")
APPLIED = document_requirement(
    k.APPLICATION, description=_("the completed admission application with its copies"),
    clause="REH-4.7.2.1")
ASSESSED_ADMIT = document_requirement(
    k.ADMISSION_ASSESSMENT, clause="REH-4.7.2.2", field="conclusion", values=("admit",),
    description=_("the admission assessment concluding that the criteria are met"))
AGREED = document_requirement(
    k.AGREEMENT, clause="REH-4.7.2.3",
    description=_("the admission agreement signed by the client or guardian"))
EXCHANGED_ON_ADMISSION = document_requirement(
    k.EXCHANGE, clause="REH-4.7.2.4", field="occasion", values=("admission",),
    description=_("the admission told to the grid worker and the mental-health staff"))
EXCHANGED_ON_EXIT = document_requirement(
    k.EXCHANGE, clause="REH-4.8.3", field="occasion", values=("exit",),
    description=_("the exit told to the grid worker and the mental-health staff"))
INTAKE_ASSESSED = document_requirement(
    k.INTAKE_ASSESSMENT, clause="REH-5.2.2", description=_("the completed intake assessment"))
PLAN_APPROVED = document_requirement(
    k.PLAN, status="approved", clause="REH-5.2.3",
    description=_("the rehabilitation plan signed by the client and approved by a supervisor"))
MID_EVALUATED = document_requirement(
    k.EVALUATION, clause="REH-5.2.5", field="phase", values=("mid",),
    description=_("the completed mid-term evaluation"))
END_EVALUATED = document_requirement(
    k.EVALUATION, clause="REH-5.2.5", field="phase", values=("end",),
    description=_("the completed end evaluation"))
EXIT_APPROVED = document_requirement(
    k.EXIT, status="approved", clause="REH-4.8.2",
    description=_("the exit application approved by a supervisor"))
# Leaving before the end evaluation is for the reasons that are not "goals met" (REH-4.8.1,
# REH-5.2.6.1.2–4).
EXIT_EARLY_APPROVED = document_requirement(
    k.EXIT, status="approved", clause="REH-5.2.6.1", field="reason",
    values=("asked_to_leave", "refused", "beyond_capacity", "objective_factors"),
    description=_("the exit application approved by a supervisor, giving a reason to leave "
                  "early"))
REFERRAL_CONSENT = Requirement(
    "referral.consent_recorded", _("the client's consent to the referral"), "REH-5.3.3",
    "referral")

# --- Stages.
BEFORE_ADMISSION = ("screening", "application", "admission_assessment", "agreement")
RESIDENT = ("intake_assessment", "planning", "intervention", "mid_evaluation", "end_evaluation")

STAGES = (
    # Before admission the person is not yet a resident, but the centre has work to do.
    Stage("screening", _("Screening"), "REH-5.2.1.1", pending=True),
    Stage("application", _("Admission application"), "REH-4.7.2.1", pending=True),
    Stage("admission_assessment", _("Admission assessment"), "REH-4.7.2.2", pending=True),
    Stage("agreement", _("Agreement"), "REH-4.7.2.3", pending=True),
    Stage("intake_assessment", _("Intake assessment"), "REH-5.2.2", is_open=True),
    Stage("planning", _("Planning"), "REH-5.2.3", is_open=True),
    Stage("intervention", _("Rehabilitation"), "REH-5.2.4", is_open=True),
    Stage("mid_evaluation", _("Mid-term evaluation"), "REH-5.2.5", is_open=True),
    Stage("end_evaluation", _("End evaluation"), "REH-5.2.5", is_open=True),
    Stage("closed", _("Exited"), "REH-5.2.6"),
    Stage("not_admitted", _("Not admitted"), "REH-4.7.1", terminal=True),
    Stage("referred", _("Referred"), "REH-5.3.3", terminal=True),
)

TRANSITIONS = (
    Transition("screen_in", _("Screened in"), ("screening",), "application", "REH-5.2.1.1",
               (SCREENED, ELIGIBLE)),
    Transition("accept_application", _("Accept the application"), ("application",),
               "admission_assessment", "REH-4.7.2.1", (APPLIED,)),
    Transition("approve_admission", _("Admit"), ("admission_assessment",), "agreement",
               "REH-4.7.2.2", (ASSESSED_ADMIT, ELIGIBLE)),
    # 4.7.2.3 签署入住协议书，办理入住手续; 4.7.2.4 信息交换至社区网格员和社区精防人员备案.
    Transition("complete_admission", _("Complete the admission"), ("agreement",),
               "intake_assessment", "REH-4.7.2.3", (AGREED, EXCHANGED_ON_ADMISSION),
               effects=("milestone:admitted",)),
    Transition("complete_intake_assessment", _("Complete the intake assessment"),
               ("intake_assessment",), "planning", "REH-5.2.2", (INTAKE_ASSESSED,)),
    Transition("start_rehabilitation", _("Start rehabilitation"), ("planning",),
               "intervention", "REH-5.2.4", (PLAN_APPROVED,)),
    Transition("start_mid_evaluation", _("Start the mid-term evaluation"), ("intervention",),
               "mid_evaluation", "REH-5.2.5"),
    Transition("resume_rehabilitation", _("Continue rehabilitation"), ("mid_evaluation",),
               "intervention", "REH-5.2.5", (MID_EVALUATED,)),
    # 5.1.7 适时调整服务安排: the mid-term evaluation may call for a new plan.
    Transition("revise_plan", _("Revise the plan"), ("mid_evaluation",), "planning",
               "REH-5.1.7", (MID_EVALUATED,), needs_reason=True),
    Transition("start_end_evaluation", _("Start the end evaluation"), ("intervention",),
               "end_evaluation", "REH-5.2.5", (MID_EVALUATED,)),
    Transition("close", _("Exit and close"), ("end_evaluation",), "closed", "REH-5.2.6",
               (END_EVALUATED, EXIT_APPROVED, EXCHANGED_ON_EXIT),
               effects=("close_episode", "rehab_follow_up")),
    Transition("leave_early", _("Leave early"), RESIDENT[:-1], "closed", "REH-4.8.1",
               (EXIT_EARLY_APPROVED, EXCHANGED_ON_EXIT),
               effects=("close_episode", "rehab_follow_up")),
    # 4.7.1: someone who does not meet the criteria, or the assessment says so, is told why.
    Transition("not_admit", _("Do not admit"), BEFORE_ADMISSION, "not_admitted", "REH-4.7.1",
               needs_reason=True, effects=("close_episode",)),
    Transition("refer_out", _("Refer out"), BEFORE_ADMISSION, "referred", "REH-5.3.3",
               (REFERRAL_CONSENT,), needs_reason=True,
               effects=("send_referral", "close_episode")),
    # 5.2.6.1.3 需转介并结案 and 5.4.5 立即转介: a resident referred out has left the centre,
    # so the community is told (5.6.4).
    Transition("refer_resident", _("Refer out"), RESIDENT, "referred", "REH-5.2.6.1.3",
               (REFERRAL_CONSENT, EXCHANGED_ON_EXIT), needs_reason=True,
               effects=("send_referral", "close_episode")),
    Transition("record_follow_up", _("Record a follow-up"), ("closed",), "closed",
               "REH-5.2.6.2.5", effects=("record_follow_up",)),
    Transition("readmit", _("Readmit"), ("closed",), "screening", "REH-4.7", needs_reason=True,
               capability=APPROVE, effects=("new_episode",)),
)

REH = Pathway(
    code="reh",
    label=_("Community rehabilitation for mental disorders"),
    clause_prefix="REH",
    initial_stage="screening",
    stages=STAGES,
    transitions=TRANSITIONS,
    documents=DOCUMENTS,
    organization_kinds=(OrganizationKind.REHAB_DAY, OrganizationKind.REHAB_RESIDENTIAL),
)
