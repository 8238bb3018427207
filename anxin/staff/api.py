"""Organisation administration over the API: the staff directory, a member, deactivation, and
the hand-over of cases. Org admins only: everyone else 403, another organisation's member 404.

Each endpoint calls the action its page calls, so checks and audit are the same both ways.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from anxin.accounts.capabilities import CASE_REASSIGN, STAFF_MANAGE
from anxin.accounts.choices import EducationLevel
from anxin.accounts.models import Team, User
from anxin.api.permissions import HasCapability
from anxin.api.schema import error_responses
from anxin.cases.actions.assignment import do_reassign_cases

from . import actions, compliance
from .forms import ROLE_CHOICES
from .selectors import access_member, with_directory_relations


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    username = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    role = serializers.CharField(source="membership.role", read_only=True)
    team = serializers.IntegerField(source="membership.team_id", read_only=True,
                                    allow_null=True)
    is_active = serializers.BooleanField(source="membership.is_active", read_only=True)
    last_login = serializers.DateTimeField(read_only=True, allow_null=True)
    must_change_password = serializers.BooleanField(read_only=True)
    education_level = serializers.CharField(source="membership.education_level",
                                            read_only=True)
    major = serializers.CharField(source="membership.major", read_only=True)
    in_field_since = serializers.DateField(source="membership.in_field_since", read_only=True,
                                           allow_null=True)
    locked = serializers.SerializerMethodField()

    def get_locked(self, member) -> bool:
        return member.username in self.context.get("locked", set())


class MemberCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    full_name = serializers.CharField(max_length=64)
    mobile = serializers.CharField(max_length=20, required=False, default="")
    role = serializers.ChoiceField(choices=ROLE_CHOICES)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False,
                                              allow_null=True, default=None)
    supervisor_exception_reason = serializers.CharField(required=False, default="",
                                                        allow_blank=True)


class MemberCreatedSerializer(MemberSerializer):
    temporary_password = serializers.CharField(read_only=True)


class MemberUpdateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ROLE_CHOICES, required=False)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False,
                                              allow_null=True)
    supervisor_exception_reason = serializers.CharField(required=False, allow_blank=True)
    full_name = serializers.CharField(max_length=64, required=False)
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
    education_level = serializers.ChoiceField(choices=EducationLevel.choices, required=False,
                                              allow_blank=True)
    major = serializers.CharField(max_length=64, required=False, allow_blank=True)
    in_field_since = serializers.DateField(required=False, allow_null=True)


class DeactivateSerializer(serializers.Serializer):
    hand_over_to = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(),
                                                      required=False, allow_null=True,
                                                      default=None)
    supervisor = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(),
                                                    required=False, allow_null=True,
                                                    default=None)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class ReassignSerializer(serializers.Serializer):
    cases = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    to_worker = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    supervisor = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(),
                                                    required=False, allow_null=True,
                                                    default=None)
    reason = serializers.CharField()


class ReassignedSerializer(serializers.Serializer):
    cases = serializers.ListField(child=serializers.IntegerField())
    to_worker = serializers.IntegerField()
    supervisor = serializers.IntegerField(allow_null=True)


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(summary=_("List your organisation's members"),
                       responses={200: MemberSerializer(many=True),
                                  **error_responses(401, 403)}),
    create=extend_schema(summary=_("Add a member (returns a temporary password, once)"),
                         request=MemberCreateSerializer,
                         responses={201: MemberCreatedSerializer,
                                    **error_responses(400, 401, 403)}),
    retrieve=extend_schema(summary=_("Read a member"),
                           responses={200: MemberSerializer, **error_responses(401, 403, 404)}),
    partial_update=extend_schema(summary=_("Change a member's role, team or staff record"),
                                 request=MemberUpdateSerializer,
                                 responses={200: MemberSerializer,
                                            **error_responses(400, 401, 403, 404)}),
)
class StaffViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    required_capabilities = {action: {STAFF_MANAGE} for action in (
        "list", "create", "retrieve", "partial_update", "deactivate", "metadata")}
    serializer_class = MemberSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        return with_directory_relations(User.objects.visible_to(self.request.user))

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        locked = compliance.locked_usernames(m.username for m in page)
        return self.get_paginated_response(
            MemberSerializer(page, many=True, context={"locked": locked}).data)

    def create(self, request):
        serializer = MemberCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member, password = actions.do_add_member(
            request.user.organization, acting_user=request.user, **serializer.validated_data)
        member.temporary_password = password
        return Response(MemberCreatedSerializer(member).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, pk=None):
        member = access_member(request.user, pk)
        locked = compliance.locked_usernames([member.username])
        return Response(MemberSerializer(member, context={"locked": locked}).data)

    def partial_update(self, request, pk=None):
        member = access_member(request.user, pk)
        serializer = MemberUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        role_fields = {k: data.pop(k) for k in ("role", "team", "supervisor_exception_reason")
                       if k in data}
        if role_fields:
            membership = member.membership
            actions.do_change_member_role(
                member, acting_user=request.user,
                role=role_fields.get("role", membership.role),
                team=role_fields.get("team", membership.team),
                supervisor_exception_reason=role_fields.get("supervisor_exception_reason", ""))
        if data:
            actions.do_update_staff_record(member, acting_user=request.user, **data)
        return self.retrieve(request, pk)

    @extend_schema(summary=_("Deactivate a member, handing their open cases over first"),
                   request=DeactivateSerializer,
                   responses={200: MemberSerializer, **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        member = access_member(request.user, pk)
        serializer = DeactivateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.do_deactivate_member(member, acting_user=request.user,
                                     **serializer.validated_data)
        return self.retrieve(request, pk)


class ReassignCasesView(APIView):
    """POST /api/v1/cases/reassign/: all the cases move, or none."""

    permission_classes = [IsAuthenticated, HasCapability]
    required_capabilities = {"post": {CASE_REASSIGN}}

    def initial(self, request, *args, **kwargs):
        self.action = request.method.lower()
        super().initial(request, *args, **kwargs)

    @extend_schema(tags=["cases"], summary=_("Hand cases to another worker, all or none"),
                   request=ReassignSerializer,
                   responses={200: ReassignedSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request):
        serializer = ReassignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        moved = do_reassign_cases(data["cases"], acting_user=request.user,
                                  to_worker=data["to_worker"], supervisor=data["supervisor"],
                                  reason=data["reason"])
        supervisor = moved[0].supervisor_id if moved else None
        return Response({"cases": [c.pk for c in moved], "to_worker": data["to_worker"].pk,
                         "supervisor": supervisor})
