"""Checks every case action makes before it changes anything."""

from anxin.core.exceptions import NotPermitted

from ..models import Case


def require_case(user, capability: str, case: Case) -> None:
    """The capability, the organisation, and the case among those the user sees: commands,
    tasks and the API get the same need-to-know rule as the pages."""
    if not user.can(capability) or user.organization != case.organization:
        raise NotPermitted
    if not Case.objects.visible_to(user).filter(pk=case.pk).exists():
        raise NotPermitted


def lock(case: Case) -> Case:
    """Re-read the case under a row lock, so two moves cannot both start from one stage."""
    return Case.objects.select_for_update().select_related("client", "organization").get(
        pk=case.pk)
