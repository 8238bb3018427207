"""Reads of cases: who sees which, a worker's caseload, a supervisor's queue."""

from django.db.models import QuerySet

from anxin.accounts.capabilities import REFERRAL_DECIDE

from .choices import ReferralStatus, ReviewStatus


def with_list_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("client", "worker", "supervisor")


def active_stages() -> set[str]:
    """Stages in which a case needs work: every pathway's open stages and its first stage."""
    from .workflow.pathways import PATHWAYS

    return {code for p in PATHWAYS.values() for code in (*p.open_stages, p.initial_stage)}


def awaiting_approval(user):
    """Plans and closing forms of cases the user sees, submitted and not yet decided, excluding
    those the user is the worker of (nobody approves their own)."""
    from .models import Closure, ServicePlan
    from .models.case import visible_cases_q

    condition = visible_cases_q(user, prefix="case__")
    if condition is None:
        return ServicePlan.objects.none(), Closure.objects.none()

    def waiting(model):
        # The organisation's submitted forms (an index), each case checked against the rule.
        return (model.objects.filter(organization_id=user.membership.organization_id,
                                     status=ReviewStatus.SUBMITTED)
                .filter(condition).exclude(case__worker=user)
                .select_related("case__client", "case__worker").order_by("updated_at", "id"))

    return waiting(ServicePlan), waiting(Closure)


def incoming_referrals(user) -> QuerySet:
    from .models import Referral

    if not user.can(REFERRAL_DECIDE):
        return Referral.objects.none()
    return (Referral.objects.filter(to_organization_id=user.membership.organization_id,
                                    status=ReferralStatus.SENT)
            .select_related("organization", "case").order_by("created_at", "id"))
