from anxin.accounts.capabilities import CASE_TRANSITION, CASE_VIEW
from anxin.core.exceptions import NotPermitted, NotVisible

from .models import Case, Referral


def access_case(user, case_id, *, for_write: bool = False) -> Case:
    """The case, if `user` may see it (and work on it, with `for_write`); 404 otherwise."""
    if not user.can(CASE_VIEW) or (for_write and not user.can(CASE_TRANSITION)):
        raise NotPermitted
    try:
        return (Case.objects.visible_to(user)
                .select_related("client", "worker", "supervisor", "organization")
                .get(pk=case_id))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None


def access_referral(user, referral_id) -> Referral:
    if not user.can(CASE_VIEW):
        raise NotPermitted
    try:
        return (Referral.objects.visible_to(user)
                .select_related("case__client", "organization", "to_organization")
                .get(pk=referral_id))
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
