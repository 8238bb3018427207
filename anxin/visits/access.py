from anxin.accounts.capabilities import VISIT_APPROVE, VISIT_PLAN
from anxin.core.access import access
from anxin.core.exceptions import NotPermitted

from .models import HomeVisit, may_see_visits


def access_visit(user, visit_id, *, for_write: bool = False,
                 for_approval: bool = False) -> HomeVisit:
    """The visit, if `user` may see it (and act on it, with `for_write` or `for_approval`);
    404 for one of another organisation or of a client the user does not see."""
    # Either capability opens the list, so it is checked here rather than as a `need`.
    if not may_see_visits(user):
        raise NotPermitted
    needs = ((VISIT_PLAN,) if for_write else ()) + ((VISIT_APPROVE,) if for_approval else ())
    return access(user, HomeVisit.objects.with_people(), visit_id, *needs)
