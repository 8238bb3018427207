"""Reads of cases: who sees which, a worker's caseload, a supervisor's queue."""

from django.db.models import QuerySet

from anxin.accounts.capabilities import REFERRAL_DECIDE

from .choices import ReferralStatus, ReviewStatus

# The client's encrypted fields, which no list of cases shows: left unread, so that a page of
# cases does not decrypt four fields a row for nothing.
CLIENT_SECRETS = ("client__id_number", "client__phone", "client__address_detail",
                  "client__population_categories")


def with_list_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("client", "worker", "supervisor").defer(*CLIENT_SECRETS)


def active_stages() -> set[str]:
    """Stages in which a case needs work: every pathway's open stages, its first stage and the
    stages that wait for work before it opens."""
    from .workflow.pathways import PATHWAYS

    return {code for p in PATHWAYS.values()
            for code in (*p.open_stages, p.initial_stage,
                         *(s.code for s in p.stages if s.pending))}


def awaiting_approval(user):
    """Plans and closing forms of cases the user sees, submitted and not yet decided, excluding
    those the user is the worker of (nobody approves their own)."""
    from .models import Closure, ServicePlan
    from .models.case import visible_cases_q

    condition = visible_cases_q(user, prefix="case__")
    if condition is None:
        return ServicePlan.objects.none(), Closure.objects.none()

    def waiting(model, *shown):
        # The organisation's submitted forms (an index), each case checked against the rule;
        # only what a queue row shows is read, so that no row decrypts the form's content or
        # the client's identity for nothing.
        return (model.objects.filter(organization_id=user.membership.organization_id,
                                     status=ReviewStatus.SUBMITTED)
                .filter(condition).exclude(case__worker=user)
                .select_related("case__client", "case__worker")
                .only("organization", "updated_at", *shown, *QUEUE_CASE_FIELDS)
                .order_by("updated_at", "id"))

    return waiting(ServicePlan, "kind"), waiting(Closure, "planned_closing_date")


# What a queue row names of its case: the client, the number and the worker.
QUEUE_CASE_FIELDS = ("case", "case__organization", "case__case_number", "case__client",
                     "case__client__name", "case__worker", "case__worker__full_name")


def incoming_referrals(user) -> QuerySet:
    from .models import Referral

    if not user.can(REFERRAL_DECIDE):
        return Referral.objects.none()
    return (Referral.objects.filter(to_organization_id=user.membership.organization_id,
                                    status=ReferralStatus.SENT)
            .select_related("organization")
            .only("organization", "organization__name", "created_at")
            .order_by("created_at", "id"))
