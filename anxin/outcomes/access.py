"""From an id to the one placement a page or endpoint works on: 403 without the capability
(checked before any lookup), 404 for another organisation's row, one whose client the user does
not see, or no row at all (core/access.py)."""

from anxin.accounts.capabilities import REHAB_RECORD
from anxin.core.access import access
from anxin.core.exceptions import NotPermitted

from .models import Placement, may_read


def access_placement(user, placement_id, *, for_write: bool = False) -> Placement:
    if not may_read(user):
        raise NotPermitted
    needs = (REHAB_RECORD,) if for_write else ()
    return access(user, Placement.objects.select_related("client"), placement_id, *needs)
