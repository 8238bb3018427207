"""The rehabilitation centre's entries in the menu group of its apps, as (address, label)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import CASE_VIEW, CENTRE_SETTINGS


def links(user) -> list[tuple[str, str]]:
    from .actions import is_centre

    membership = getattr(user, "membership", None)
    if membership is None or not is_centre(membership.organization):
        return []
    entries = []
    if user.can(CASE_VIEW):
        entries += [(reverse("rehab:enquiries"), _("Reception register")),
                    (reverse("rehab:overrides"), _("Admission overrides"))]
    if user.can(CENTRE_SETTINGS):
        entries.append((reverse("rehab:centre"), _("Centre profile")))
    return entries
