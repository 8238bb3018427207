"""The app's entries in the rehabilitation centre's menu group, as (address, label)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_VIEW, REHAB_RECORD
from anxin.accounts.choices import OrganizationKind

REHAB_CENTRES = frozenset({OrganizationKind.REHAB_DAY, OrganizationKind.REHAB_RESIDENTIAL})


def links(user) -> list[tuple[str, str]]:
    membership = getattr(user, "membership", None)
    if membership is None or membership.organization is None:
        return []
    if membership.organization.kind not in REHAB_CENTRES:
        return []
    if not (user.can(REHAB_RECORD) or user.can(CASE_VIEW)):
        return []
    return [(reverse("outcomes:placements"), _("Employment placements"))]
