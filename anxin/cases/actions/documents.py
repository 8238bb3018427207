"""Filling in forms A–G. Each action checks who may write, validates the whole form naming every
field at fault, saves, and writes its audit event, all in one transaction.

Forms edited in place (B, C, D, F, G) take the `edit_version` the form was read at: a stale one
raises EditConflict before anything is written (ADR 0013). The pages always send it; internal
callers (demo data, tests of the rules) may leave it out."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_APPROVE, CASE_TRANSITION
from anxin.audit.actions import record
from anxin.core.concurrency import check_version, save_version
from anxin.core.exceptions import NotPermitted
from anxin.notifications.actions import close_notifications, notify

from .. import facts
from ..choices import (
    ApplicationDecision,
    CaseSource,
    ClosingReason,
    ConsentMode,
    GoalAttainment,
    NotAcceptedGround,
    NotAcceptedHandling,
    ReviewDecision,
    ReviewStatus,
    ServiceMode,
    Signer,
)
from ..models import (
    HOME_VISIT_CHECKLIST,
    Assessment,
    Case,
    CaseApplication,
    Closure,
    Consent,
    Evaluation,
    PlanRow,
    Review,
    ServicePlan,
    ServiceRecord,
    not_possible,
)
from ._access import lock, require_case
from ._validation import REQUIRED, assign, choices_subset, full_clean, not_in_future, require_filled
from .home_visit_record import check_home_visit_safety, home_visit_team
from .signatures import SignedImage, check_signature, store_signature
from .signatures import audit_data as signature_audit


class DocumentLocked(ValidationError):
    def __init__(self, message=None):
        super().__init__(message or _("This form can no longer be changed."), code="locked")


# --- Common checks ----------------------------------------------------------------------------

def _writable(case: Case, acting_user, *, open_only: bool = True) -> Case:
    case = lock(case)
    require_case(acting_user, CASE_TRANSITION, case)
    if case.is_terminal or (open_only and not case.is_open):
        raise DocumentLocked(_("The case is %(stage)s; its forms can no longer be changed.")
                             % {"stage": case.get_stage_display()})
    return case


def _audit(action: str, document, case: Case, acting_user, *, reason: str = "",
           **data) -> None:
    # The why (e.g. a supervisor's comment on returning a form) goes in the event's reason
    # column, which the audit log shows, not among its data.
    record(action, actor=acting_user, target=document, client=case.client, reason=reason,
           data={"case": case.pk, **data})


# --- A: informed consent ----------------------------------------------------------------------

CONSENT_FIELDS = ("mode", "exceptions_explained", "audio_recording_allowed",
                  "video_recording_allowed", "informed_on", "signer", "signer_name",
                  "client_signed_on", "worker_signed_on")


@transaction.atomic
def do_record_consent(case: Case, *, acting_user, data: dict,
                      signature: SignedImage | None = None) -> Consent:
    """Record form A. A new consent (e.g. one that now allows recording) is a new row: the
    earlier ones stay on file and the latest is the one in force (CMH-4.1, CMH-A). A written
    agreement's `signature` is checked with the form and kept only if the form is."""
    case = _writable(case, acting_user, open_only=False)
    consent = Consent(case=case, recorded_by=acting_user)
    assign(consent, data, CONSENT_FIELDS)
    errors = {}
    if not consent.exceptions_explained:
        errors["exceptions_explained"] = _(
            "Explain the exceptions to confidentiality to the client before they consent.")
    if consent.mode == ConsentMode.VERBAL:
        consent.informed_by = acting_user
        require_filled(consent, ("informed_on",), errors)
        consent.signer = consent.signer_name = ""
        consent.client_signed_on = consent.worker_signed_on = None
    elif consent.mode == ConsentMode.WRITTEN:
        require_filled(consent, ("signer", "client_signed_on", "worker_signed_on"), errors)
        if signature is None:
            errors["client_signature"] = _("The client or guardian must sign, or upload the "
                                           "signed page.")
        else:
            # The form names who signed: the client, or the guardian's name given.
            check_signature(signature, errors, signer_name="")
        if consent.signer == Signer.GUARDIAN and not consent.signer_name:
            errors["signer_name"] = _("Enter the name of the person who signed.")
        elif consent.signer == Signer.CLIENT:
            consent.signer_name = case.client.name
        consent.worker_signed_by = acting_user
        consent.informed_on = None
    else:
        errors["mode"] = _("Choose verbal notice or a written agreement.")
    not_in_future(consent, ("informed_on", "client_signed_on", "worker_signed_on"), errors)
    full_clean(consent, errors, exclude=("recorded_by", "informed_by", "worker_signed_by",
                                         "client_signature"))
    if consent.mode == ConsentMode.WRITTEN:
        consent.client_signature = store_signature(signature, acting_user=acting_user,
                                                   organization_id=case.organization_id,
                                                   signer_name=consent.signer_name)
    consent.save()
    _audit("consent.recorded", consent, case, acting_user, mode=consent.mode,
           audio=consent.audio_recording_allowed, video=consent.video_recording_allowed,
           **signature_audit(consent.client_signature))
    return consent


# --- B: application ---------------------------------------------------------------------------

APPLICATION_FIELDS = ("needs", "decision", "not_accepted_grounds", "not_accepted_handling",
                      "brief_kind", "decision_detail")


@transaction.atomic
def do_save_application(case: Case, *, acting_user, data: dict,
                        edit_version: int | None = None) -> CaseApplication:
    """Form B: the channel, the needs, and the social worker's decision (CMH-B 社工评估).

    The decision can be changed until the case leaves its first stage; brief help can still
    be turned into a full case (accept).
    """
    case = _writable(case, acting_user, open_only=False)
    if case.stage != case.pathway_table.initial_stage and not (
            case.stage == "brief_intervention"):
        raise DocumentLocked()
    application = CaseApplication.objects.select_related("updated_by").get(case=case)
    check_version(application, edit_version, submitted=_sent(data, (
        *APPLICATION_FIELDS, "source", "source_detail")), saved={
        **{name: getattr(application, name) for name in APPLICATION_FIELDS},
        "source": case.source, "source_detail": case.source_detail})
    errors = {}
    if "source" in data:
        if data["source"] not in CaseSource.values:
            errors["source"] = _("Choose how the application came in.")
        case.source = data["source"]
    if "source_detail" in data:
        case.source_detail = (data["source_detail"] or "").strip()
    if case.source != CaseSource.SOUGHT_HELP and not case.source_detail:
        errors["source_detail"] = _("Say who found or referred the client.")
    assign(application, data, APPLICATION_FIELDS)
    grounds = choices_subset(application.not_accepted_grounds, NotAcceptedGround.values,
                             "not_accepted_grounds", errors)
    handling = choices_subset(application.not_accepted_handling, NotAcceptedHandling.values,
                              "not_accepted_handling", errors)
    decision = application.decision
    if case.stage == "brief_intervention" and decision != ApplicationDecision.ACCEPTED:
        errors["decision"] = _("Brief help can only be turned into a full case.")
    if decision == ApplicationDecision.NOT_ACCEPTED:
        if not grounds:
            errors["not_accepted_grounds"] = _("Tick at least one ground for not accepting.")
        if not handling:
            errors["not_accepted_handling"] = _("Say how the client was told or referred.")
        needs_detail = "other" in grounds or "other" in handling
        application.brief_kind = ""
    else:
        application.not_accepted_grounds = application.not_accepted_handling = []
        needs_detail = False
        if decision == ApplicationDecision.BRIEF:
            if not application.brief_kind:
                errors["brief_kind"] = _("Choose temporary intervention or consultation.")
            needs_detail = application.brief_kind == "other"
        else:
            application.brief_kind = ""
    if needs_detail and not application.decision_detail:
        errors["decision_detail"] = _("Describe the \"other\" choice.")
    if not application.needs:
        errors["needs"] = REQUIRED
    full_clean(application, errors, exclude=("decided_by",))
    if decision:
        application.decided_by = acting_user
        application.decided_on = timezone.localdate()
    else:
        application.decided_by, application.decided_on = None, None
    save_version(application, acting_user=acting_user)
    case.save(update_fields=["source", "source_detail", "updated_at"])
    _audit("application.saved", application, case, acting_user, decision=decision)
    return application


# --- C: assessment ----------------------------------------------------------------------------

ASSESSMENT_FIELDS = ("filled_on", "disease_type", "risk_level", "medication", "stability",
                     "social_security", "family_situation", "bio_psycho_social", "environment",
                     "client_view", "needs_analysis", "resources_analysis",
                     "problem_diagnosis", "prioritised_needs")


@transaction.atomic
def do_save_assessment(case: Case, *, acting_user, data: dict, complete: bool = False,
                       edit_version: int | None = None) -> Assessment:
    """Form C. A draft may be saved at any point; completing it needs every part, and the risk
    level is asked first (CMH-6.2 优先了解疾病状况)."""
    case = _writable(case, acting_user)
    assessment = facts.current_assessment(case) or Assessment(
        case=case, episode=case.episode, created_by=acting_user)
    if assessment.completed_at:
        raise DocumentLocked(_("The assessment is completed and can no longer be changed."))
    check_version(assessment if assessment.pk else None, edit_version,
                  submitted=_sent(data, ASSESSMENT_FIELDS))
    assign(assessment, data, ASSESSMENT_FIELDS)
    errors = {}
    require_filled(assessment, ("filled_on",), errors)
    if complete:
        require_filled(assessment, ASSESSMENT_FIELDS, errors)
        if assessment.risk_level is None:
            errors["risk_level"] = _("Record the risk level before completing the assessment.")
    not_in_future(assessment, ("filled_on",), errors)
    full_clean(assessment, errors)
    if complete:
        assessment.completed_at = timezone.now()
    save_version(assessment, acting_user=acting_user)
    _audit("assessment.completed" if complete else "assessment.saved", assessment, case,
           acting_user, risk_level=assessment.risk_level)
    return assessment


# --- D: plan ----------------------------------------------------------------------------------

PLAN_FIELDS = ("overall_goal", "goals")
ROW_FIELDS = ("timing", "strategy", "method", "client_responsibility", "roles",
              "evaluation_method")
ROW_REQUIRED = ("timing", "strategy", "method", "evaluation_method")


def _clean_rows(rows: list[dict], errors: dict) -> list[dict]:
    cleaned = []
    for number, row in enumerate(rows, start=1):
        row = {name: (row.get(name) or "").strip() for name in ROW_FIELDS}
        if not any(row.values()):
            continue
        missing = [name for name in ROW_REQUIRED if not row[name]]
        if missing:
            label = PlanRow._meta.get_field(missing[0]).verbose_name
            errors.setdefault("rows", _("Row %(number)s: fill in %(field)s.")
                              % {"number": number, "field": label})
        cleaned.append(row)
    if not cleaned:
        errors.setdefault("rows", _("Add at least one row to the service plan."))
    return cleaned


@transaction.atomic
def do_save_plan(case: Case, *, acting_user, data: dict, rows: list[dict],
                 edit_version: int | None = None) -> ServicePlan:
    """Form D: goals and plan rows. Changing a plan clears its confirmations: the client, the
    worker and the supervisor confirm the plan as it now stands (CMH-6.3)."""
    case = _writable(case, acting_user)
    plan = facts.current_plan(case)
    if plan is None:
        latest = ServicePlan.objects.filter(case=case).aggregate(v=Max("version"))["v"] or 0
        plan = ServicePlan(case=case, episode=case.episode, version=latest + 1,
                           kind="initial" if latest == 0 else "supplementary",
                           created_by=acting_user)
    elif not plan.is_editable:
        raise DocumentLocked(_("The plan is %(status)s; it can no longer be changed.")
                             % {"status": plan.get_status_display()})
    saved = plan_values(plan) if plan.pk else None
    check_version(plan if plan.pk else None, edit_version,
                  submitted={**_sent(data, PLAN_FIELDS), "rows": normal_rows(rows)},
                  saved=saved)
    assign(plan, data, PLAN_FIELDS)
    errors = {}
    require_filled(plan, ("overall_goal",), errors)
    if not plan.goal_list:
        errors["goals"] = _("Write at least one goal.")
    cleaned = _clean_rows(rows, errors)
    full_clean(plan, errors, exclude=("supersedes", "client_signature", "worker_confirmed_by",
                                      "approved_by"))
    _clear_confirmations(plan)
    save_version(plan, acting_user=acting_user)
    plan.rows.all().delete()
    PlanRow.objects.bulk_create(PlanRow(plan=plan, organization_id=plan.organization_id,
                                        position=i, **row)
                                for i, row in enumerate(cleaned))
    _audit("plan.saved", plan, case, acting_user, version=plan.version, rows=len(cleaned))
    return plan


def normal_rows(rows: list[dict]) -> list[dict]:
    """The plan's rows as they are kept: text trimmed, empty rows left out."""
    rows = [{name: (row.get(name) or "").strip() for name in ROW_FIELDS} for row in rows]
    return [row for row in rows if any(row.values())]


def plan_values(plan: ServicePlan) -> dict:
    """What form D edits of a saved plan, its rows included, to compare an edit with."""
    return {**{name: getattr(plan, name) for name in PLAN_FIELDS},
            "rows": [{name: getattr(row, name) for name in ROW_FIELDS}
                     for row in plan.rows.all()]}


def _sent(data: dict, fields: tuple[str, ...]) -> dict:
    return {name: data[name] for name in fields if name in data}


def _clear_confirmations(document) -> None:
    document.status = ReviewStatus.DRAFT
    document.client_signature = None
    document.client_confirmed_on = None
    document.worker_confirmed_by = None
    document.worker_confirmed_on = None


def copy_plan_as_supplementary(plan: ServicePlan, *, acting_user, reason: str) -> ServicePlan:
    """Called by the revise_plan effect inside do_transition's transaction."""
    latest = ServicePlan.objects.filter(case=plan.case).aggregate(v=Max("version"))["v"]
    new = ServicePlan.objects.create(
        case=plan.case, episode=plan.episode, version=latest + 1, kind="supplementary",
        supersedes=plan, overall_goal=plan.overall_goal, goals=plan.goals,
        revision_reason=reason, created_by=acting_user, updated_by=acting_user)
    PlanRow.objects.bulk_create(
        PlanRow(plan=new, organization_id=new.organization_id, position=row.position,
                **{f: getattr(row, f) for f in ROW_FIELDS})
        for row in plan.rows.all())
    return new


# --- Confirmations and approval of D and G ----------------------------------------------------

def _reviewed_document(model, document_id, case: Case):
    document = model.objects.select_for_update().filter(pk=document_id, case=case,
                                                        episode=case.episode).first()
    if document is None:
        raise ValidationError(_("This form is not the current one of the case."))
    return document


# Notification kinds of forms D and G: the request to approve closes when a supervisor decides;
# a return closes when the worker confirms the form again. None names the client.
APPROVAL_REQUEST = "approval_request"
RETURNED_NOTICE = "document_returned"
APPROVED_NOTICE = "document_approved"


def _approver(case: Case, document):
    """Who must act on a submitted form: the case's supervisor, else the worker's team
    supervisor; never the worker or the form's author, who may not approve it (`do_review`)."""
    membership = case.worker.membership
    team = membership.team if membership else None
    for candidate in (case.supervisor, team.supervisor if team else None):
        if candidate is not None and candidate.pk not in (case.worker_id,
                                                          document.created_by_id):
            return candidate
    return None


def _notice_params(document, case: Case) -> dict:
    return {"document": _kind(document), "case": case.case_number}


def _check_complete(document) -> None:
    if isinstance(document, ServicePlan):
        errors = {}
        require_filled(document, ("overall_goal",), errors)
        if not document.goal_list:
            errors["goals"] = _("Write at least one goal.")
        if not document.rows.exists():
            errors["rows"] = _("Add at least one row to the service plan.")
        if errors:
            raise ValidationError(errors)
    else:
        _check_closure_complete(document)


@transaction.atomic
def do_submit_for_approval(document: ServicePlan | Closure, *, acting_user,
                           client_signature: SignedImage | None, client_confirmed_on,
                           edit_version: int | None = None) -> object:
    """The client (or family) and the responsible worker confirm the form; it then waits for
    a supervisor (CMH-6.3 for the plan, CMH-G 服务确认 for the closing form). The client's
    signature is checked with the rest and kept only if the form is submitted. The client signs
    what they read: a form changed since `edit_version` is refused (EditConflict)."""
    case = _writable(document.case, acting_user)
    document = _reviewed_document(type(document), document.pk, case)
    if not document.is_editable:
        raise DocumentLocked(_("The form is %(status)s.")
                             % {"status": document.get_status_display()})
    check_version(document, edit_version, submitted={}, exact=True)
    if acting_user != case.worker:
        raise NotPermitted
    _check_complete(document)
    errors = {}
    if client_signature is None:
        errors["client_signature"] = _("The client or family must sign the form.")
    else:
        check_signature(client_signature, errors)
    if not client_confirmed_on:
        errors["client_confirmed_on"] = REQUIRED
    elif client_confirmed_on > timezone.localdate():
        errors["client_confirmed_on"] = _("This date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    document.client_signature = store_signature(client_signature, acting_user=acting_user,
                                                organization_id=case.organization_id)
    document.client_confirmed_on = client_confirmed_on
    document.worker_confirmed_by = acting_user
    document.worker_confirmed_on = timezone.localdate()
    document.status = ReviewStatus.SUBMITTED
    # A new version, so a form still open on the draft is refused rather than saved over it.
    save_version(document, acting_user=acting_user)
    _audit(f"{_kind(document)}.submitted", document, case, acting_user,
           **signature_audit(document.client_signature))
    close_notifications(document, kinds=[RETURNED_NOTICE])
    notify([_approver(case, document)], organization=case.organization, kind=APPROVAL_REQUEST,
           message="cases.document.submitted", params=_notice_params(document, case),
           url=reverse("cases:document_review", args=[case.pk, _kind(document), document.pk]),
           subject=document)
    return document


def _kind(document) -> str:
    return "plan" if isinstance(document, ServicePlan) else "closure"


@transaction.atomic
def do_review(document: ServicePlan | Closure, *, acting_user, decision: str,
              comment: str = "") -> Review:
    """A supervisor approves or returns a submitted plan or closing form. Nobody approves a form
    of a case they are the worker of, or a form they wrote (CMH-6.3 督导或上级分管领导确认)."""
    case = lock(document.case)
    require_case(acting_user, CASE_APPROVE, case)
    document = _reviewed_document(type(document), document.pk, case)
    if acting_user in (case.worker, document.created_by):
        raise ValidationError({"decision": _(
            "You cannot approve or return a form of your own case; another supervisor must.")})
    if document.status != ReviewStatus.SUBMITTED:
        raise DocumentLocked(_("Only a form awaiting approval can be reviewed."))
    comment = (comment or "").strip()
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": _("Approve or return the form.")})
    if decision == ReviewDecision.RETURNED and not comment:
        raise ValidationError({"comment": _("Say what should change before it is returned.")})
    review = Review.objects.create(decision=decision, comment=comment, reviewer=acting_user,
                                   **{_kind(document): document})
    if decision == ReviewDecision.APPROVED:
        document.status = ReviewStatus.APPROVED
        document.approved_by = acting_user
        document.approved_on = timezone.localdate()
        if isinstance(document, ServicePlan) and document.supersedes_id:
            ServicePlan.objects.filter(pk=document.supersedes_id).update(
                status=ReviewStatus.SUPERSEDED)
    else:
        document.status = ReviewStatus.RETURNED
    save_version(document, acting_user=acting_user)
    _audit(f"{_kind(document)}.{decision}", document, case, acting_user, review=review.pk,
           reason=comment)
    close_notifications(document, kinds=[APPROVAL_REQUEST])
    approved = decision == ReviewDecision.APPROVED
    notify([case.worker], organization=case.organization,
           kind=APPROVED_NOTICE if approved else RETURNED_NOTICE,
           message="cases.document.approved" if approved else "cases.document.returned",
           params=_notice_params(document, case),
           url=reverse("cases:document_view", args=[case.pk, _kind(document), document.pk]),
           subject=document)
    return review


# --- E: service record ------------------------------------------------------------------------

RECORD_FIELDS = ("mode", "mode_detail", "started_at", "duration_minutes", "place",
                 "participants", "staff", "audio_recorded", "audio_reference",
                 "video_recorded", "video_reference", "goal", "content",
                 "evaluation_of_service", "evaluation_of_client", "evaluation_of_worker",
                 "next_plan", *HOME_VISIT_CHECKLIST,
                 *(not_possible(name) for name in HOME_VISIT_CHECKLIST))


@transaction.atomic
def do_add_service_record(case: Case, *, acting_user, data: dict,
                          home_visit=None) -> ServiceRecord:
    """Form E. Sessions are numbered in order over the whole case (第 n 次服务). Recording is
    allowed only when the consent in force covers it (CMH-A 一.3). A home visit's record has
    every item of the on-site safety checklist ticked or explained (CMH-8.2.2a, MSW-B.1.2),
    and names two staff who went, or is written from the `home_visit` it reports (visits'
    action passes it, locked and checked)."""
    case = _writable(case, acting_user)
    if home_visit is not None and home_visit.case_id != case.pk:
        raise NotPermitted
    service_record = ServiceRecord(case=case, episode=case.episode, created_by=acting_user)
    assign(service_record, data, RECORD_FIELDS)
    errors = {}
    consent = facts.latest_consent(case)
    for medium, allowed in (("audio", consent and consent.audio_recording_allowed),
                            ("video", consent and consent.video_recording_allowed)):
        if getattr(service_record, f"{medium}_recorded"):
            if not allowed:
                errors[f"{medium}_recorded"] = (
                    _("The client's consent does not cover audio recording.") if medium == "audio"
                    else _("The client's consent does not cover video recording."))
            elif not getattr(service_record, f"{medium}_reference"):
                errors[f"{medium}_reference"] = _("Enter the recording's reference number.")
        else:
            setattr(service_record, f"{medium}_reference", "")
    if service_record.mode in (ServiceMode.CASE_MANAGEMENT, ServiceMode.OTHER) and not \
            service_record.mode_detail:
        errors["mode_detail"] = _("Describe the mode of service.")
    check_home_visit_safety(service_record, errors)
    team = home_visit_team(service_record, data.get("staff_members"), home_visit, errors)
    if team and not service_record.staff:
        service_record.staff = "、".join(str(u) for u in team)[:200]
    duration = service_record.duration_minutes
    if isinstance(duration, int) and not 1 <= duration <= 24 * 60:
        errors["duration_minutes"] = _("Enter a duration between 1 and 1440 minutes.")
    not_in_future(service_record, ("started_at",), errors)
    full_clean(service_record, errors, exclude=("session_number",))
    last = ServiceRecord.objects.filter(case=case).aggregate(n=Max("session_number"))["n"]
    service_record.session_number = (last or 0) + 1
    service_record.save()
    # The links are bulk-created, past save(): they are given the record's organisation here.
    service_record.staff_members.set(
        team, through_defaults={"organization_id": service_record.organization_id})
    _audit("service_record.added", service_record, case, acting_user,
           session=service_record.session_number, mode=service_record.mode,
           staff_members=sorted(u.pk for u in team),
           not_possible=[name for name in HOME_VISIT_CHECKLIST
                         if getattr(service_record, not_possible(name))])
    return service_record


# --- F: evaluation ----------------------------------------------------------------------------

EVALUATION_FIELDS = ("evaluated_on", "services_received", "coping_improved", "satisfaction",
                     "improvement", "goal_attainment", "attainment_reason",
                     "process_evaluation", "outcome_evaluation", "worker_reflection",
                     "stakeholder_evaluation")


@transaction.atomic
def do_save_evaluation(case: Case, *, acting_user, data: dict,
                       edit_version: int | None = None) -> Evaluation:
    """Form F, answered with the client (CMH-6.5)."""
    case = _writable(case, acting_user)
    evaluation = Evaluation.objects.filter(case=case, episode=case.episode).first() or \
        Evaluation(case=case, episode=case.episode, created_by=acting_user)
    check_version(evaluation if evaluation.pk else None, edit_version,
                  submitted=_sent(data, EVALUATION_FIELDS))
    assign(evaluation, data, EVALUATION_FIELDS)
    errors = {}
    improvement = evaluation.improvement
    if isinstance(improvement, int) and not 1 <= improvement <= 10:
        errors["improvement"] = _("Choose a number from 1 (no improvement) to 10 (solved).")
    if evaluation.goal_attainment and evaluation.goal_attainment != GoalAttainment.FULL and \
            not evaluation.attainment_reason:
        errors["attainment_reason"] = _("Explain why the goals were not fully achieved.")
    not_in_future(evaluation, ("evaluated_on",), errors)
    full_clean(evaluation, errors)
    save_version(evaluation, acting_user=acting_user)
    _audit("evaluation.saved", evaluation, case, acting_user,
           satisfaction=evaluation.satisfaction, improvement=evaluation.improvement)
    return evaluation


# --- G: closing form --------------------------------------------------------------------------

CLOSURE_FIELDS = ("filled_on", "planned_closing_date", "client_told_on", "reasons",
                  "reason_detail", "client_knows_how_to_return", "summary", "follow_up_plan",
                  "follow_up_count", "follow_up_interval_days")


def _check_closure_complete(closure: Closure, errors: dict | None = None) -> None:
    errors = {} if errors is None else errors
    require_filled(closure, ("planned_closing_date", "client_told_on", "reasons", "summary",
                             "follow_up_plan"), errors)
    if closure.client_knows_how_to_return is None:
        errors.setdefault("client_knows_how_to_return", REQUIRED)
    # CMH-6.6 结案后，及时跟进回访 (REH-5.2.6.2.5): a case closed after the full process plans its
    # follow-ups; brief help (CMH-B) closes without. Only a client's death excuses none.
    if closure.case.stage != "brief_intervention" and not facts.follow_up_planned(closure):
        errors.setdefault("follow_up_count", _(
            "Plan at least one follow-up after closing (CMH-6.6, REH-5.2.6.2.5). None is "
            "planned only when the client died."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_save_closure(case: Case, *, acting_user, data: dict,
                    edit_version: int | None = None) -> Closure:
    """Form G. The planned closing date comes first: the client is told in advance
    (CMH-6.6 提前让精神障碍患者知晓结案时间)."""
    case = _writable(case, acting_user)
    closure = facts.current_closure(case) or Closure(case=case, episode=case.episode,
                                                      created_by=acting_user)
    if not closure.is_editable:
        raise DocumentLocked(_("The closing form is %(status)s; it can no longer be changed.")
                             % {"status": closure.get_status_display()})
    check_version(closure if closure.pk else None, edit_version,
                  submitted=_sent(data, CLOSURE_FIELDS))
    assign(closure, data, CLOSURE_FIELDS)
    errors = {}
    require_filled(closure, ("filled_on", "planned_closing_date"), errors)
    reasons = choices_subset(closure.reasons, ClosingReason.values, "reasons", errors)
    if any(r != ClosingReason.GOAL_REACHED for r in reasons) and not closure.reason_detail:
        errors["reason_detail"] = _("Explain the reason for closing.")
    # CMH-6.6 提前让精神障碍患者知晓结案时间: told on the closing day itself is not in advance.
    if closure.client_told_on and closure.planned_closing_date and \
            closure.client_told_on >= closure.planned_closing_date:
        errors["client_told_on"] = _(
            "“%(field)s” must be a day before the closing date: the client is told in advance "
            "(CMH-6.6).") % {"field": capfirst(Closure._meta.get_field("client_told_on")
                                              .verbose_name)}
    if closure.follow_up_count and not 1 <= (closure.follow_up_interval_days or 0) <= 365:
        errors["follow_up_interval_days"] = _("Enter between 1 and 365 days.")
    if (closure.follow_up_count or 0) > 12:
        errors["follow_up_count"] = _("Plan at most 12 follow-ups.")
    not_in_future(closure, ("filled_on", "client_told_on"), errors)
    # The model field is a non-blank null boolean, so the model check would demand it at every
    # save; it is asked only when the form is submitted (_check_closure_complete).
    full_clean(closure, errors, exclude=("client_signature", "worker_confirmed_by",
                                         "approved_by", "client_knows_how_to_return"))
    _clear_confirmations(closure)
    save_version(closure, acting_user=acting_user)
    _audit("closure.saved", closure, case, acting_user,
           planned_closing_date=closure.planned_closing_date.isoformat())
    return closure
