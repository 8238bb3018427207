"""Reads of cases: who sees which, a worker's caseload, a supervisor's queue."""

from django.db.models import Q, QuerySet

from anxin.accounts.capabilities import CASE_VIEW, ORG_WIDE_ROLES, REFERRAL_DECIDE
from anxin.accounts.choices import Role

from .choices import ReferralStatus, ReviewStatus


def visible_cases(queryset: QuerySet, user) -> QuerySet:
    """Organisation first; a worker sees the cases they are responsible for, a supervisor also
    those they supervise and those of their team's workers."""
    if not user.is_authenticated or not user.can(CASE_VIEW):
        return queryset.none()
    membership = user.membership
    queryset = queryset.filter(organization_id=membership.organization_id)
    if membership.role in ORG_WIDE_ROLES:
        return queryset
    if membership.role == Role.SUPERVISOR:
        return queryset.filter(Q(worker=user) | Q(supervisor=user)
                               | Q(worker___membership__team__supervisor=user))
    return queryset.filter(worker=user)


def visible_referrals(queryset: QuerySet, user) -> QuerySet:
    """Referrals sent from cases the user sees, and those sent to the user's organisation for
    whoever answers them."""
    from .models import Case

    if not user.is_authenticated or not user.can(CASE_VIEW):
        return queryset.none()
    cases = Case.objects.visible_to(user)
    # The worker of a case opened by a referral from outside sends the referrer feedback.
    condition = Q(case__in=cases) | Q(new_case__in=cases)
    if user.can(REFERRAL_DECIDE):
        # A draft is not sent yet: the receiver sees nothing until the client's consent is on
        # file and the worker refers out.
        condition |= Q(to_organization_id=user.membership.organization_id) & ~Q(
            status=ReferralStatus.DRAFT)
        condition |= Q(organization_id=user.membership.organization_id, case__isnull=True)
    return queryset.filter(condition)


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
             .select_related("case__client", "case__worker").order_by("updated_at"))
    closures = (Closure.objects.filter(case__in=cases, status=ReviewStatus.SUBMITTED)
                .select_related("case__client", "case__worker").order_by("updated_at"))
    return plans, closures


def incoming_referrals(user) -> QuerySet:
    from .models import Referral

    if not user.can(REFERRAL_DECIDE):
        return Referral.objects.none()
    return (Referral.objects.filter(to_organization_id=user.membership.organization_id,
                                    status=ReferralStatus.SENT)
            .select_related("organization", "case").order_by("created_at"))
