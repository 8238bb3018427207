"""From an id to the one caring team or peer supporter a page or endpoint works on: 403 without
the capability (checked before any lookup), 404 for another organisation's row, one the user
may not see, or no row at all (core/access.py)."""

from anxin.accounts.capabilities import CARING_TEAM_MANAGE, COMMUNITY_VIEW, VOLUNTEER_MANAGE
from anxin.core.access import access

from .models import CaringTeam, PeerSupporter


def access_team(user, team_id, *, for_write: bool = False) -> CaringTeam:
    needs = (COMMUNITY_VIEW, CARING_TEAM_MANAGE) if for_write else (COMMUNITY_VIEW,)
    return access(user, CaringTeam.objects.select_related("street", "street__parent"), team_id,
                  *needs)


def access_peer(user, supporter_id, *, for_write: bool = False) -> PeerSupporter:
    needs = (COMMUNITY_VIEW, VOLUNTEER_MANAGE) if for_write else (COMMUNITY_VIEW,)
    return access(user, PeerSupporter.objects.select_related("client"), supporter_id, *needs)
