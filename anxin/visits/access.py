from anxin.accounts.capabilities import VISIT_APPROVE, VISIT_PLAN
from anxin.core.exceptions import NotPermitted, NotVisible

from .models import HomeVisit
from .selectors import may_see_visits


def access_visit(user, visit_id, *, for_write: bool = False,
                 for_approval: bool = False) -> HomeVisit:
    """The visit, if `user` may see it (and act on it, with `for_write` or `for_approval`);
    404 for one of another organisation or of a client the user does not see.

    A missing capability answers 403 before any lookup, so it reveals nothing about the id.
    """
    if not may_see_visits(user):
        raise NotPermitted
    if for_write and not user.can(VISIT_PLAN):
        raise NotPermitted
    if for_approval and not user.can(VISIT_APPROVE):
        raise NotPermitted
    try:
        return HomeVisit.objects.visible_to(user).with_people().get(pk=visit_id)
    except (HomeVisit.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
