"""Reads of caring teams and peer supporters: the lists, one team's rows for its page, and what
a client's file shows of both (`caring_for`).

A team is the organisation's; the clients inside it are narrowed to those the reader may see
(`Client.objects.visible_ids`), so a team page never names a client the reader could not open.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from anxin.accounts.capabilities import COMMUNITY_VIEW
from anxin.accounts.models import User
from anxin.clients.models import Client
from anxin.core.access import seen

from .choices import AssessmentResult
from .models import (
    CaringTeam,
    CaringTeamClient,
    CaringTeamMeeting,
    CaringTeamMember,
    MeetingClient,
    PeerSupporter,
)


def _count(queryset) -> Subquery:
    return Coalesce(Subquery(queryset.order_by().values("team").annotate(n=Count("pk"))
                             .values("n")[:1], output_field=IntegerField()), 0)


def team_list(user) -> QuerySet:
    """The user's organisation's teams with their street, counts of current members and
    clients, and the last meeting's date: one query however many teams there are."""
    team = OuterRef("pk")
    return (CaringTeam.objects.visible_to(user).select_related("street", "street__parent")
            .annotate(
                member_count=_count(CaringTeamMember.objects.filter(team=team,
                                                                    until__isnull=True)),
                client_count=_count(CaringTeamClient.objects.filter(team=team,
                                                                    until__isnull=True)),
                last_meeting=Subquery(CaringTeamMeeting.objects.filter(team=team)
                                      .order_by("-held_on").values("held_on")[:1]))
            .order_by("-active", "street_id", "pk"))


def team_members(team) -> QuerySet:
    return team.members.select_related("user").order_by("until", "role", "since", "pk")


def team_clients(team, user) -> QuerySet:
    """The team's clients that `user` may see."""
    return (team.clients.filter(client__in=Client.objects.visible_ids(user))
            .select_related("client").order_by("until", "-since", "pk"))


def hidden_client_count(team, user) -> int:
    """How many of the team's current clients `user` may not see: shown as a number only."""
    current = team.clients.filter(until__isnull=True)
    return current.count() - current.filter(client__in=Client.objects.visible_ids(user)).count()


def team_meetings(team, user) -> QuerySet:
    """The team's meetings, newest first, with their attendees and the discussed clients
    `user` may see (minutes are not decrypted for a list)."""
    visible = MeetingClient.objects.filter(client__in=Client.objects.visible_ids(user)) \
        .select_related("client")
    return (team.meetings.defer("minutes", "decisions")
            .annotate(discussed_count=Count("discussed", distinct=True))
            .prefetch_related(Prefetch("attendees",
                                       queryset=CaringTeamMember.objects.select_related("user")),
                              Prefetch("discussed", queryset=visible, to_attr="visible_discussed"))
            .order_by("-held_on", "-pk"))


def peer_list(user) -> QuerySet:
    """The peer supporters the user may see, with their client, the last supervision and
    whether a passed assessment and a training are on record: one query."""
    return (PeerSupporter.objects.visible_to(user).select_related("client")
            .annotate(last_supervision=Max("supervisions__held_on"),
                      trainings_count=Count("trainings", distinct=True),
                      passed_count=Count("assessments", distinct=True, filter=Q(
                          assessments__result=AssessmentResult.PASSED)))
            .order_by("status", "-created_at", "-pk"))


def staff_of(organization) -> QuerySet:
    """Active colleagues of the organisation: who may be a team member, an assessor or a
    peer supporter's supervisor."""
    return (User.objects.filter(_membership__organization=organization,
                                _membership__is_active=True, is_active=True)
            .exclude(_membership__role="regional_viewer")
            .order_by("full_name", "username"))


@dataclass
class ClientCaring:
    """What a client's file shows of caring teams and peer support, for one reader."""

    teams: list[CaringTeamClient] = field(default_factory=list)
    peer: PeerSupporter | None = None
    shown: bool = False


def caring_for(client, user) -> ClientCaring:
    """The caring teams supporting `client` (current first) and the client's peer-supporter
    record, if `user` reads community work and may see the client; two queries (three when
    the client did not come through `access_client`)."""
    if not user.is_authenticated or not user.can(COMMUNITY_VIEW) or \
            client.organization_id != user.membership.organization_id:
        return ClientCaring()
    if not seen(client, user) and \
            not Client.objects.visible_to(user).filter(pk=client.pk).exists():
        return ClientCaring()
    teams = list(CaringTeamClient.objects.filter(client=client,
                                                 organization_id=client.organization_id)
                 .select_related("team", "team__street").order_by("until", "-since"))
    peer = (PeerSupporter.objects.filter(client=client, organization_id=client.organization_id)
            .annotate(last_supervision=Max("supervisions__held_on")).first())
    return ClientCaring(teams=teams, peer=peer, shown=True)
