"""Group work over the API: `/api/v1/groups/` with its leaders, members, sessions and their
attendance, and the steps of running a group. Each endpoint calls the action its page calls, so
the rules (with their clauses), permissions and audit events are the same both ways. Reading
needs COMMUNITY_VIEW, running GROUP_RUN; another organisation's group is a 404.

The group's documents (plan, session records, evaluation) are `/api/v1/documents/` with
`group` or `group_session`.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.accounts.capabilities import COMMUNITY_VIEW, GROUP_RUN
from anxin.api.permissions import HasCapability
from anxin.api.schema import error_responses

from . import actions, selectors
from .models import (
    Attendance,
    ConsentMode,
    Group,
    GroupMember,
    GroupSession,
    GroupType,
    Phase,
    RehabProgramme,
)


class GroupLeaderSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.full_name")
    co_leader = serializers.BooleanField()


class GroupMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    client = serializers.IntegerField(source="client_id")
    name = serializers.CharField(source="client.name")
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)
    consent_mode = serializers.CharField()
    consented_on = serializers.DateField()


class GroupAttendanceSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member_id")
    status = serializers.CharField()
    reason = serializers.CharField()


class GroupSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    minutes = serializers.IntegerField()
    place = serializers.CharField()
    status = serializers.CharField()
    attendance = GroupAttendanceSerializer(many=True, source="attendance.all")


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    programme = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    target_population = serializers.CharField()
    course_weeks = serializers.IntegerField(allow_null=True)
    measure = serializers.CharField(help_text="The outcome instrument's code, or empty.")
    created_at = serializers.DateTimeField()
    member_count = serializers.IntegerField(help_text="Current members.")
    session_count = serializers.IntegerField()
    held_count = serializers.IntegerField()


class GroupDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    programme = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    goals = serializers.CharField()
    target_population = serializers.CharField()
    course_weeks = serializers.IntegerField(allow_null=True)
    measure = serializers.CharField()
    external_leaders = serializers.CharField()
    created_at = serializers.DateTimeField()
    leaders = GroupLeaderSerializer(many=True, source="leaders.all")
    members = GroupMemberSerializer(many=True, source="members.all")
    sessions = GroupSessionSerializer(many=True, source="sessions.all")


class GroupCreateSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=GroupType.choices)
    programme = serializers.ChoiceField(choices=RehabProgramme.choices, required=False,
                                        default="", allow_blank=True,
                                        help_text="For a rehabilitation training group "
                                                  "(REH-5.5.2).")
    title = serializers.CharField(max_length=120)
    goals = serializers.CharField(required=False, default="", allow_blank=True)
    target_population = serializers.CharField(max_length=200, required=False, default="",
                                              allow_blank=True)
    course_weeks = serializers.IntegerField(required=False, allow_null=True, default=None,
                                            min_value=1, max_value=104)
    measure = serializers.CharField(max_length=32, required=False, default="",
                                    allow_blank=True)
    co_leaders = serializers.ListField(child=serializers.IntegerField(), required=False,
                                       default=list, help_text="Staff user ids.")
    external_leaders = serializers.CharField(max_length=500, required=False, default="",
                                             allow_blank=True)


class MemberAddSerializer(serializers.Serializer):
    client = serializers.IntegerField()
    joined_on = serializers.DateField()
    consent_mode = serializers.ChoiceField(choices=ConsentMode.choices)
    consented_on = serializers.DateField()


class MemberLeaveSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    left_on = serializers.DateField()


class SessionPlanSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    minutes = serializers.IntegerField(min_value=1, max_value=600)
    place = serializers.CharField(max_length=120, required=False, default="",
                                  allow_blank=True)


class GroupMarkSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Attendance.choices)
    reason = serializers.CharField(required=False, default="", allow_blank=True,
                                   max_length=200)


class AttendanceRecordSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    marks = GroupMarkSerializer(many=True)


class GroupMeasureSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    phase = serializers.ChoiceField(choices=Phase.choices)
    answers = serializers.DictField(child=serializers.JSONField())
    administered_on = serializers.DateField(required=False, allow_null=True, default=None)


def _detail(group) -> dict:
    group = (Group.objects.prefetch_related(
        "leaders__user", "members__client", "sessions__attendance").get(pk=group.pk))
    return GroupDetailSerializer(group).data


WRITE = {COMMUNITY_VIEW, GROUP_RUN}


@extend_schema(tags=["groups"])
@extend_schema_view(
    list=extend_schema(summary=_("List your organisation's groups"),
                       responses={200: GroupSerializer(many=True),
                                  **error_responses(401, 403, 404)}),
    retrieve=extend_schema(summary=_("Read a group with its leaders, members, sessions and "
                                     "attendance"),
                           responses={200: GroupDetailSerializer,
                                      **error_responses(401, 403, 404)}),
    create=extend_schema(summary=_("Create a group (you lead it)"),
                         request=GroupCreateSerializer,
                         responses={201: GroupDetailSerializer,
                                    **error_responses(400, 401, 403)}),
)
class GroupViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    required_capabilities = {
        "list": {COMMUNITY_VIEW}, "retrieve": {COMMUNITY_VIEW}, "metadata": {COMMUNITY_VIEW},
        "create": WRITE, "members": WRITE, "leave": WRITE, "sessions": WRITE,
        "attendance": WRITE, "measures": WRITE, "close": WRITE,
    }
    serializer_class = GroupSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Group.objects.none()
        return selectors.group_list(self.request.user,
                                    status=self.request.query_params.get("status", ""))

    def _group(self, pk) -> Group:
        from .views import access_group

        return access_group(self.request.user, pk)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(GroupSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(_detail(self._group(pk)))

    def create(self, request):
        from anxin.accounts.models import User

        body = GroupCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        co_leaders = list(User.objects.filter(pk__in=data["co_leaders"]).exclude(
            pk=request.user.pk))
        if len(co_leaders) != len(set(data["co_leaders"]) - {request.user.pk}):
            raise ValidationError({"co_leaders": [_("No such member of your organisation.")]})
        group = actions.do_create_group(
            acting_user=request.user, type=data["type"], title=data["title"],
            programme=data["programme"], goals=data["goals"],
            target_population=data["target_population"],
            course_weeks=data["course_weeks"], measure=data["measure"],
            leaders=[request.user, *co_leaders], external_leaders=data["external_leaders"])
        return Response(_detail(group), status=201)

    def _member(self, group, pk) -> GroupMember:
        return get_object_or_404(GroupMember.objects.select_related("client", "group"),
                                 pk=pk, group=group)

    @extend_schema(summary=_("Add a member who consented to group participation"),
                   request=MemberAddSerializer,
                   responses={200: GroupDetailSerializer, **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        from anxin.clients.access import access_client

        group = self._group(pk)
        body = MemberAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        client = access_client(request.user, data["client"])
        actions.do_add_member(group, client, acting_user=request.user,
                              joined_on=data["joined_on"], consent_mode=data["consent_mode"],
                              consented_on=data["consented_on"])
        return Response(_detail(group))

    @extend_schema(summary=_("A member leaves the group"), request=MemberLeaveSerializer,
                   responses={200: GroupDetailSerializer, **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        group = self._group(pk)
        body = MemberLeaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actions.do_remove_member(self._member(group, body.validated_data["member"]),
                                 acting_user=request.user,
                                 left_on=body.validated_data["left_on"])
        return Response(_detail(group))

    @extend_schema(summary=_("Plan a session"), request=SessionPlanSerializer,
                   responses={200: GroupDetailSerializer, **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def sessions(self, request, pk=None):
        group = self._group(pk)
        body = SessionPlanSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actions.do_plan_session(group, acting_user=request.user, **body.validated_data)
        return Response(_detail(group))

    @extend_schema(summary=_("Record a session's attendance, every member at once"),
                   request=AttendanceRecordSerializer,
                   responses={200: GroupDetailSerializer, **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        group = self._group(pk)
        body = AttendanceRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        session = get_object_or_404(GroupSession.objects.select_related("group"),
                                    pk=body.validated_data["session"], group=group)
        marks = {m["member"]: (m["status"], m["reason"]) for m in body.validated_data["marks"]}
        actions.do_record_attendance(session, marks, acting_user=request.user)
        return Response(_detail(group))

    @extend_schema(summary=_("Record a member's before- or after-measure on the group's "
                             "instrument"),
                   request=GroupMeasureSerializer,
                   responses={200: GroupDetailSerializer, **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def measures(self, request, pk=None):
        group = self._group(pk)
        body = GroupMeasureSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        actions.do_record_measure(self._member(group, data["member"]), data["phase"],
                                  data["answers"], acting_user=request.user,
                                  administered_on=data["administered_on"])
        return Response(_detail(group))

    @extend_schema(summary=_("Close the group (its evaluation approved)"), request=None,
                   responses={200: GroupDetailSerializer, **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        group = self._group(pk)
        actions.do_close_group(group, acting_user=request.user)
        return Response(_detail(group))
