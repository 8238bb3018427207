"""Reads of placements, relapse admissions and disability assessments, each within what the
user may see (models.ClientEventQuerySet.visible_to)."""

from dataclasses import dataclass

from .models import DisabilityAssessment, Placement, RelapseAdmission

ONGOING, ENDED = "ongoing", "ended"


def placement_list(user, *, state: str = "", kind: str = ""):
    """The centre's placements, newest first, with their clients in the same query."""
    rows = Placement.objects.visible_to(user).select_related("client")
    if state == ONGOING:
        rows = rows.ongoing()
    elif state == ENDED:
        rows = rows.ended()
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-started_on", "-id")


def relapse_list(user, *, client=None):
    rows = RelapseAdmission.objects.visible_to(user, within=client).select_related("client")
    return rows.filter(client=client) if client is not None else rows


def disability_list(user, *, client=None):
    rows = DisabilityAssessment.objects.visible_to(user, within=client).select_related("client")
    return rows.filter(client=client) if client is not None else rows


@dataclass
class ClientOutcomes:
    placements: list
    relapses: list
    disabilities: list

    def __bool__(self) -> bool:
        return bool(self.placements or self.relapses or self.disabilities)


def outcomes_of(client, user) -> ClientOutcomes:
    """One client's placements, relapse admissions and disability assessments, for their
    file's panel: three queries whatever their number."""
    return ClientOutcomes(
        placements=list(Placement.objects.visible_to(user, within=client).filter(client=client)),
        relapses=list(RelapseAdmission.objects.visible_to(user, within=client)
                      .filter(client=client)),
        disabilities=list(DisabilityAssessment.objects.visible_to(user, within=client)
                          .filter(client=client)))
