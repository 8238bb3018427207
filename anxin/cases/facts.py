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


class _Queried:
    """The facts of a case read one query at a time, for an action that needs only these."""

    def __init__(self, case):
        self.case = case

    def latest_consent(self):
        return latest_consent(self.case)

    def application(self):
        return CaseApplication.objects.filter(**_of(self.case)).first()

    def current_assessment(self):
        return current_assessment(self.case)

    def current_plan(self):
        return current_plan(self.case)

    def has_service_record(self):
        return ServiceRecord.objects.filter(**_of(self.case), episode=self.case.episode).exists()

    def has_evaluation(self):
        return Evaluation.objects.filter(**_of(self.case), episode=self.case.episode).exists()

    def current_closure(self):
        return current_closure(self.case)

    def draft_referral(self):
        return draft_referral(self.case)


class Loaded(_Queried):
    """The same facts answered from documents the case page has loaded already
    (`views.cases._documents`), so the page does not read each document twice. Each answer
    is the one the query above would give; `test_facts` holds the two equal."""

    def __init__(self, case, docs: dict, records_shown: int):
        super().__init__(case)
        self.docs = docs
        self.records_shown = records_shown

    def _of_episode(self, documents):
        return [d for d in documents if d.episode == self.case.episode]

    def latest_consent(self):
        consents = self.docs["consents"]  # newest first, as latest_consent orders them
        return consents[0] if consents else None

    def application(self):
        return self.docs["application"]

    def current_assessment(self):
        return next(iter(self._of_episode(self.docs["assessments"])), None)

    def current_plan(self):
        plans = [p for p in self._of_episode(self.docs["plans"])
                 if p.status != ReviewStatus.SUPERSEDED]
        return max(plans, key=lambda p: p.version) if plans else None

    def has_service_record(self):
        records = self.docs["records"]
        if self._of_episode(records):
            return True
        # The page lists only the latest records: when the list is full, an older one of this
        # episode may lie beyond it.
        return len(records) >= self.records_shown and super().has_service_record()

    def has_evaluation(self):
        return bool(self._of_episode(self.docs["evaluations"]))

    def current_closure(self):
        return next(iter(self._of_episode(self.docs["closures"])), None)

    def draft_referral(self):
        drafts = [r for r in self.docs["referrals"] if r.status == ReferralStatus.DRAFT]
        return max(drafts, key=lambda r: (r.created_at, r.pk)) if drafts else None


def satisfied(case, loaded: Loaded | None = None) -> frozenset[str]:
    """The requirement codes `case` satisfies; `loaded` answers from documents already read."""
    reads = loaded or _Queried(case)
    codes: set[str] = set()
    consent = reads.latest_consent()
    if consent is not None and consent.is_complete:
        codes.add("consent.signed")
    application = reads.application()
    if application is not None and application.decided_on:
        codes.add({
            ApplicationDecision.ACCEPTED: "application.accepted",
            ApplicationDecision.BRIEF: "application.accepted_simple",
            ApplicationDecision.NOT_ACCEPTED: "application.not_accepted",
        }.get(application.decision, "application.undecided"))
    assessment = reads.current_assessment()
    if assessment is not None:
        if assessment.risk_level is not None:
            codes.add("assessment.risk_level_recorded")
        if assessment.completed_at:
            codes.add("assessment.complete")
    plan = reads.current_plan()
    if plan is not None:
        if plan.client_confirmed:
            codes.add("plan.confirmed_by_client")
        if plan.worker_confirmed:
            codes.add("plan.confirmed_by_worker")
        if plan.is_approved:
            codes.add("plan.approved_by_supervisor")
    if reads.has_service_record():
        codes.add("service_record.any")
    if reads.has_evaluation():
        codes.add("evaluation.complete")
    closure = reads.current_closure()
    if closure is not None:
        if closure.planned_closing_date:
            codes.add("closure.planned_date_recorded")
        if follow_up_planned(closure):
            codes.add("closure.follow_up_planned")
        if closure.is_approved:
            codes.add("closure.approved")
    referral = reads.draft_referral()
    if referral is not None and referral.consent_recorded:
        codes.add("referral.consent_recorded")
    codes |= _documents_met(case)
    codes |= _sources_met(case)
    return frozenset(codes)


# Facts another app answers, by the prefix of their codes: `prefix → answer(case, codes)`, the
# codes among `codes` the case satisfies (e.g. "rehab:" for a rehabilitation centre's
# eligibility and information exchange, rehab/facts.py). A source is asked only for the codes of
# the actions leaving the case's stage, so a page pays for the rules that can matter now.
SOURCES: dict = {}


def register_source(prefix: str, answer) -> None:
    if prefix in SOURCES:
        raise ValueError(f"fact source {prefix!r} registered twice")
    SOURCES[prefix] = answer


def _sources_met(case) -> set[str]:
    table = case.pathway_table
    named = {r.code for t in table.transitions for r in t.requirements
             if any(r.code.startswith(prefix) for prefix in SOURCES)}
    if not named:
        return set()
    wanted = {r.code for t in table.transitions_from(case.stage) for r in t.requirements
              if r.code in named}
    met: set[str] = set()
    for prefix, answer in SOURCES.items():
        codes = {code for code in wanted if code.startswith(prefix)}
        if codes:
            met |= set(answer(case, codes))
    return met


def _documents_met(case) -> set[str]:
    """The requirements the pathway table states as documents of the engine (documents/
    requirements.py), answered from the case's documents; none read when it states none."""
    from anxin.documents.requirements import PREFIX, met

    wanted = {r.code for t in case.pathway_table.transitions for r in t.requirements
              if r.code.startswith(PREFIX)}
    return met(case, wanted) if wanted else set()
