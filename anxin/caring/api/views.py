"""Caring teams and peer supporters over the API: `/api/v1/caring-teams/` (with members,
clients and meetings) and `/api/v1/peer-supporters/` (with assessments, trainings and
supervisions).

Each endpoint calls the action its page calls, so checks and audit are the same both ways.
Reading needs COMMUNITY_VIEW; changing teams CARING_TEAM_MANAGE, peer supporters
VOLUNTEER_MANAGE (403 before any lookup); another organisation's row is a 404. Ids of clients
and colleagues are resolved among those the user may name, so another organisation's id is
refused exactly like one that does not exist.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.accounts.capabilities import CARING_TEAM_MANAGE, COMMUNITY_VIEW, VOLUNTEER_MANAGE
from anxin.api.parsers import JSONParser
from anxin.api.permissions import HasCapability
from anxin.api.schema import error_responses
from anxin.clients.models import Client
from anxin.core.exceptions import NotVisible

from .. import actions, selectors
from ..access import access_peer, access_team
from ..models import CaringTeam, PeerSupporter
from . import serializers as s

READ = {COMMUNITY_VIEW}
TEAM_WRITE = {COMMUNITY_VIEW, CARING_TEAM_MANAGE}
PEER_WRITE = {COMMUNITY_VIEW, VOLUNTEER_MANAGE}
# Refusals are translated when raised (gettext), the schema's summaries when read (lazy).
T = gettext_lazy


def _client(user, client_id, field: str):
    if client_id is None:
        return None
    client = Client.objects.visible_to(user).filter(pk=client_id).first()
    if client is None:
        raise ValidationError({field: _("Choose a client you follow.")})
    return client


def _colleague(user, user_id, field: str):
    if user_id is None:
        return None
    colleague = selectors.staff_of(user.membership.organization_id).filter(pk=user_id).first()
    if colleague is None:
        raise ValidationError({field: _("Choose an active colleague of your organisation.")})
    return colleague


def _parse(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema(tags=["caring-teams"])
@extend_schema_view(
    list=extend_schema(summary=T("Caring teams of your organisation"),
                       responses={200: s.CaringTeamListSerializer(many=True),
                                  **error_responses(401, 403, 404)}),
    create=extend_schema(summary=T("Form a caring team (one per street)"),
                         request=s.CaringTeamInputSerializer,
                         responses={201: s.CaringTeamDetailSerializer,
                                    **error_responses(400, 401, 403)}),
    retrieve=extend_schema(summary=T("A caring team with its members, clients and meetings"),
                           responses={200: s.CaringTeamDetailSerializer,
                                      **error_responses(401, 403, 404)}),
    partial_update=extend_schema(summary=T("Change a caring team"),
                                 request=s.CaringTeamUpdateSerializer,
                                 responses={200: s.CaringTeamDetailSerializer,
                                            **error_responses(400, 401, 403, 404)}),
)
class CaringTeamViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    # JSON only: nothing here takes a file, and a form body is one more shape to defend.
    parser_classes = [JSONParser]
    required_capabilities = {
        "list": READ, "retrieve": READ, "meeting": READ, "metadata": READ,
        "create": TEAM_WRITE, "partial_update": TEAM_WRITE, "members": TEAM_WRITE,
        "clients": TEAM_WRITE, "meetings": TEAM_WRITE,
    }
    serializer_class = s.CaringTeamListSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CaringTeam.objects.none()
        return selectors.team_list(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.CaringTeamListSerializer(page, many=True).data)

    def _detail(self, team, *, status_code=200):
        user = self.request.user
        data = s.CaringTeamSerializer(team).data
        data.update({
            "members": s.CaringMemberSerializer(selectors.team_members(team), many=True).data,
            "clients": s.CaringTeamClientSerializer(selectors.team_clients(team, user),
                                              many=True).data,
            "hidden_client_count": selectors.hidden_client_count(team, user),
            "meetings": s.CaringMeetingSerializer(selectors.team_meetings(team, user)[:50],
                                            many=True).data,
        })
        return Response(data, status=status_code)

    def create(self, request):
        data = _parse(s.CaringTeamInputSerializer, request)
        team = actions.do_create_team(acting_user=request.user, **data)
        return self._detail(access_team(request.user, team.pk), status_code=201)

    def retrieve(self, request, pk=None):
        return self._detail(access_team(request.user, pk))

    def partial_update(self, request, pk=None):
        team = access_team(request.user, pk, for_write=True)
        data = _parse(s.CaringTeamUpdateSerializer, request, partial=True)
        current = {"name": team.name, "street": team.street, "formed_on": team.formed_on,
                   "active": team.active}
        actions.do_update_team(team, acting_user=request.user, **{**current, **data})
        return self._detail(access_team(request.user, pk))

    @extend_schema(summary=T("Add a member: a colleague, or an outside person"),
                   request=s.CaringMemberInputSerializer,
                   responses={201: s.CaringMemberSerializer, **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        team = access_team(request.user, pk, for_write=True)
        data = _parse(s.CaringMemberInputSerializer, request)
        data["user"] = _colleague(request.user, data["user"], "user")
        member = actions.do_add_team_member(team, acting_user=request.user, **data)
        return Response(s.CaringMemberSerializer(member).data, status=201)

    @extend_schema(summary=T("Add a client the team supports"),
                   request=s.CaringTeamClientInputSerializer,
                   responses={201: s.CaringTeamClientSerializer,
                              **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def clients(self, request, pk=None):
        team = access_team(request.user, pk, for_write=True)
        data = _parse(s.CaringTeamClientInputSerializer, request)
        client = _client(request.user, data["client"], "client")
        row = actions.do_add_team_client(team, client, acting_user=request.user,
                                         since=data["since"])
        return Response(s.CaringTeamClientSerializer(row).data, status=201)

    @extend_schema(summary=T("Record a meeting of the team"),
                   request=s.CaringMeetingInputSerializer,
                   responses={201: s.CaringMeetingDetailSerializer,
                              **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def meetings(self, request, pk=None):
        team = access_team(request.user, pk, for_write=True)
        data = _parse(s.CaringMeetingInputSerializer, request)
        members = {m.pk: m for m in team.members.filter(pk__in=data["attendees"])}
        if len(members) != len(set(data["attendees"])):
            raise ValidationError({"attendees": _("Only the team's members attend its "
                                                  "meetings.")})
        clients = list(Client.objects.visible_to(request.user).filter(
            pk__in=data["clients_discussed"]))
        if len(clients) != len(set(data["clients_discussed"])):
            raise ValidationError({"clients_discussed": _(
                "Only clients the team supports, and that you follow, can be discussed here.")})
        meeting = actions.do_record_meeting(
            team, acting_user=request.user, held_on=data["held_on"], topic=data["topic"],
            attendees=list(members.values()), clients_discussed=clients,
            minutes=data["minutes"], decisions=data["decisions"])
        return self._meeting(request, team, meeting.pk, status_code=201)

    @extend_schema(summary=T("One meeting with its minutes (the reading is audited)"),
                   responses={200: s.CaringMeetingDetailSerializer,
                              **error_responses(401, 403, 404)})
    @action(detail=True, methods=["get"], url_path=r"meetings/(?P<meeting_id>\d+)")
    def meeting(self, request, pk=None, meeting_id=None):
        team = access_team(request.user, pk)
        return self._meeting(request, team, meeting_id)

    def _meeting(self, request, team, meeting_id, *, status_code=200):
        meeting = selectors.team_meetings(team, request.user).defer(None).filter(
            pk=meeting_id).first()
        if meeting is None:
            raise NotVisible
        actions.record_meeting_view(meeting, acting_user=request.user)
        return Response(s.CaringMeetingDetailSerializer(meeting).data, status=status_code)


@extend_schema(tags=["peer-supporters"])
@extend_schema_view(
    list=extend_schema(summary=T("Peer supporters whose client you may see"),
                       responses={200: s.PeerListSerializer(many=True),
                                  **error_responses(401, 403, 404)}),
    create=extend_schema(summary=T("Put a client forward as a peer supporter (a candidate)"),
                         request=s.PeerInputSerializer,
                         responses={201: s.PeerDetailSerializer,
                                    **error_responses(400, 401, 403)}),
    retrieve=extend_schema(summary=T("A peer supporter with assessments, trainings and "
                                     "supervisions (the reading is audited)"),
                           responses={200: s.PeerDetailSerializer,
                                      **error_responses(401, 403, 404)}),
)
class PeerSupporterViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    parser_classes = [JSONParser]
    required_capabilities = {
        "list": READ, "retrieve": READ, "metadata": READ,
        "create": PEER_WRITE, "assessments": PEER_WRITE, "trainings": PEER_WRITE,
        "supervisions": PEER_WRITE, "status": PEER_WRITE,
    }
    serializer_class = s.PeerListSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PeerSupporter.objects.none()
        return selectors.peer_list(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.PeerListSerializer(page, many=True).data)

    def _detail(self, request, pk, *, status_code=200, audit=True):
        supporter = access_peer(request.user, pk)
        if audit:
            actions.record_peer_view(supporter, acting_user=request.user)
        supervisions = list(supporter.supervisions.all())
        visible = set(Client.objects.visible_to(request.user).filter(
            pk__in=[x.supported_client_id for x in supervisions if x.supported_client_id])
            .values_list("pk", flat=True))
        data = s.PeerSerializer(supporter).data
        data.update({
            "assessments": s.PeerAssessmentSerializer(supporter.assessments.all(), many=True).data,
            "trainings": s.PeerTrainingSerializer(supporter.trainings.all(), many=True).data,
            "supervisions": s.PeerSupervisionSerializer(
                supervisions, many=True, context={"visible_clients": visible}).data,
        })
        return Response(data, status=status_code)

    def create(self, request):
        data = _parse(s.PeerInputSerializer, request)
        client = _client(request.user, data["client"], "client")
        supporter = actions.do_register_peer_supporter(client, acting_user=request.user)
        return self._detail(request, supporter.pk, status_code=201, audit=False)

    def retrieve(self, request, pk=None):
        return self._detail(request, pk)

    @extend_schema(summary=T("Record an assessment (a passed one makes a candidate assessed)"),
                   request=s.PeerAssessmentInputSerializer,
                   responses={201: s.PeerDetailSerializer,
                              **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def assessments(self, request, pk=None):
        supporter = access_peer(request.user, pk, for_write=True)
        data = _parse(s.PeerAssessmentInputSerializer, request)
        data["assessor"] = _colleague(request.user, data["assessor"], "assessor")
        actions.do_record_peer_assessment(supporter, acting_user=request.user, **data)
        return self._detail(request, pk, status_code=201, audit=False)

    @extend_schema(summary=T("Record a training"), request=s.PeerTrainingInputSerializer,
                   responses={201: s.PeerDetailSerializer,
                              **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def trainings(self, request, pk=None):
        supporter = access_peer(request.user, pk, for_write=True)
        data = _parse(s.PeerTrainingInputSerializer, request)
        actions.do_record_peer_training(supporter, acting_user=request.user, **data)
        return self._detail(request, pk, status_code=201, audit=False)

    @extend_schema(summary=T("Record a supervision"), request=s.PeerSupervisionInputSerializer,
                   responses={201: s.PeerDetailSerializer,
                              **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def supervisions(self, request, pk=None):
        supporter = access_peer(request.user, pk, for_write=True)
        data = _parse(s.PeerSupervisionInputSerializer, request)
        data["supervisor"] = _colleague(request.user, data["supervisor"], "supervisor")
        data["supported_client"] = _client(request.user, data["supported_client"],
                                           "supported_client")
        actions.do_record_peer_supervision(supporter, acting_user=request.user, **data)
        return self._detail(request, pk, status_code=201, audit=False)

    @extend_schema(summary=T("Make active (CMH-7.2.2: assessed and trained first), pause or "
                             "end"),
                   request=s.PeerStatusInputSerializer,
                   responses={200: s.PeerDetailSerializer,
                              **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        supporter = access_peer(request.user, pk, for_write=True)
        data = _parse(s.PeerStatusInputSerializer, request)
        actions.do_change_peer_status(supporter, acting_user=request.user, **data)
        return self._detail(request, pk, audit=False)
