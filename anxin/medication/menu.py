"""The app's entries in the rehabilitation centre's menu group, as (address, label)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import REHAB_RECORD

from . import rules


def links(user) -> list[tuple[str, str]]:
    """For those who record medication at a rehabilitation centre; today's doses only where
    the centre gives them (REH-4.6.2.8)."""
    if not user.is_authenticated or not user.can(REHAB_RECORD) \
            or not rules.keeps_prescriptions(user):
        return []
    entries = [(reverse("medication:index"), _("Medication records"))]
    if rules.gives_doses(user):
        entries.append((reverse("medication:today"), _("Today's doses")))
    return entries
