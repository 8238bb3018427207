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
    from .models import Case, Closure, ServicePlan

    cases = Case.objects.visible_to(user).exclude(worker=user)
    plans = (ServicePlan.objects.filter(case__in=cases, status=ReviewStatus.SUBMITTED)
             .select_related("case__client", "case__worker").order_by("updated_at", "id"))
    closures = (Closure.objects.filter(case__in=cases, status=ReviewStatus.SUBMITTED)
                .select_related("case__client", "case__worker").order_by("updated_at", "id"))
    return plans, closures


def incoming_referrals(user) -> QuerySet:
    from .models import Referral

    if not user.can(REFERRAL_DECIDE):
        return Referral.objects.none()
    return (Referral.objects.filter(to_organization_id=user.membership.organization_id,
                                    status=ReferralStatus.SENT)
            .select_related("organization", "case").order_by("created_at", "id"))
