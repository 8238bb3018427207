"""What a case satisfies: the requirement codes of the pathway tables, read from its documents.

The engine decides from these codes alone; this module is the only place that knows which
document fact answers which code. Episode documents (C–G) count only for the current episode.
"""

from .choices import ApplicationDecision, ReferralStatus, ReviewStatus
from .models import (
    Assessment,
    CaseApplication,
    Closure,
    Consent,
    Evaluation,
    Referral,
    ServicePlan,
    ServiceRecord,
)


def _of(case) -> dict:
    """The filter of a case's documents, naming its organisation as well: on a database sharded
    by organisation, a read that names it goes to one shard (core/tenancy.py)."""
    return {"organization_id": case.organization_id, "case": case}


def current_plan(case) -> ServicePlan | None:
    """The newest plan of the episode that has not been superseded (draft ones included)."""
    return (ServicePlan.objects.filter(**_of(case), episode=case.episode)
            .exclude(status=ReviewStatus.SUPERSEDED).order_by("-version").first())


def effective_plan(case) -> ServicePlan | None:
    """The plan in force: the newest approved one of the episode."""
    return (ServicePlan.objects.filter(**_of(case), episode=case.episode,
                                       status=ReviewStatus.APPROVED)
            .order_by("-version").first())


def current_closure(case) -> Closure | None:
    return Closure.objects.filter(**_of(case), episode=case.episode).first()


def current_assessment(case) -> Assessment | None:
    return Assessment.objects.filter(**_of(case), episode=case.episode).first()


def draft_referral(case) -> Referral | None:
    return (Referral.objects.filter(case=case, status=ReferralStatus.DRAFT)
            .order_by("-created_at", "-id").first())


def latest_consent(case) -> Consent | None:
    return Consent.objects.filter(**_of(case)).order_by("-created_at", "-id").first()


def follow_up_planned(closure: Closure) -> bool:
    """The closing form plans a follow-up after closing (CMH-6.6, REH-5.2.6.2.5), or says why
    none can be made: the client died."""
    return bool(closure.follow_up_count) or closure.follow_up_impossible


def satisfied(case) -> frozenset[str]:
    codes: set[str] = set()
    consent = latest_consent(case)
    if consent is not None and consent.is_complete:
        codes.add("consent.signed")
    application = CaseApplication.objects.filter(**_of(case)).first()
    if application is not None and application.decided_on:
        codes.add({
            ApplicationDecision.ACCEPTED: "application.accepted",
            ApplicationDecision.BRIEF: "application.accepted_simple",
            ApplicationDecision.NOT_ACCEPTED: "application.not_accepted",
        }.get(application.decision, "application.undecided"))
    assessment = current_assessment(case)
    if assessment is not None:
        if assessment.risk_level is not None:
            codes.add("assessment.risk_level_recorded")
        if assessment.completed_at:
            codes.add("assessment.complete")
    plan = current_plan(case)
    if plan is not None:
        if plan.client_confirmed:
            codes.add("plan.confirmed_by_client")
        if plan.worker_confirmed:
            codes.add("plan.confirmed_by_worker")
        if plan.is_approved:
            codes.add("plan.approved_by_supervisor")
    if ServiceRecord.objects.filter(**_of(case), episode=case.episode).exists():
        codes.add("service_record.any")
    if Evaluation.objects.filter(**_of(case), episode=case.episode).exists():
        codes.add("evaluation.complete")
    closure = current_closure(case)
    if closure is not None:
        if closure.planned_closing_date:
            codes.add("closure.planned_date_recorded")
        if follow_up_planned(closure):
            codes.add("closure.follow_up_planned")
        if closure.is_approved:
            codes.add("closure.approved")
    referral = draft_referral(case)
    if referral is not None and referral.consent_recorded:
        codes.add("referral.consent_recorded")
    return frozenset(codes)
