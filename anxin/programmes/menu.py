"""The app's entries in the rehabilitation centre's menu group, as (address, label)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import CASE_VIEW
from anxin.accounts.choices import OrganizationKind

REHAB_CENTRES = (OrganizationKind.REHAB_DAY, OrganizationKind.REHAB_RESIDENTIAL)


def links(user) -> list[tuple[str, str]]:
    """The weekly participation record for whoever reads a centre's case work (REH-6.4.3.4);
    the daily log for those of a residential centre (REH-4.6.2)."""
    organization = user.organization if user.is_authenticated else None
    if organization is None or organization.kind not in REHAB_CENTRES or \
            not user.can(CASE_VIEW):
        return []
    out = [(reverse("programmes:participation"), _("Weekly participation"))]
    if organization.kind == OrganizationKind.REHAB_RESIDENTIAL:
        out.append((reverse("programmes:daily"), _("Daily services")))
    return out
