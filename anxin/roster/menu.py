"""The app's entries in the rehabilitation centre's menu group, as (address, label)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import CASE_VIEW, ROSTER_IMPORT
from anxin.accounts.choices import OrganizationKind

REHAB_CENTRES = (OrganizationKind.REHAB_DAY, OrganizationKind.REHAB_RESIDENTIAL)


def links(user) -> list[tuple[str, str]]:
    """The roster for those who read a rehabilitation centre's case work, and for whoever
    imports it; the upload form for the latter."""
    organization = user.organization if user.is_authenticated else None
    if organization is None:
        return []
    reads = user.can(CASE_VIEW) and organization.kind in REHAB_CENTRES
    imports = user.can(ROSTER_IMPORT)
    out = []
    if reads or imports:
        out.append((reverse("roster:overview"), _("Registered roster")))
    if imports:
        out.append((reverse("roster:import"), _("Import a roster")))
    return out
