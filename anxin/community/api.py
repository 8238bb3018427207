"""Community work over the API: `/api/v1/activities/` (with participants and materials) and
`/api/v1/volunteers/` (with their hours). Each endpoint calls the action its page calls, so the
checks, the refusals and the audit trail are the same both ways. Reading needs COMMUNITY_VIEW,
recording activities COMMUNITY_RECORD, the volunteer register VOLUNTEER_MANAGE; another
organisation's row is a 404.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.accounts.capabilities import COMMUNITY_RECORD, COMMUNITY_VIEW, VOLUNTEER_MANAGE
from anxin.accounts.models import Region
from anxin.api.permissions import HasCapability
from anxin.api.schema import error_responses

from . import actions, rules, selectors
from .choices import ActivityType, MaterialKind, VolunteerSkill
from .models import ActivityParticipant, CommunityActivity, Volunteer

READ = {COMMUNITY_VIEW}
RECORD = {COMMUNITY_VIEW, COMMUNITY_RECORD}
MANAGE = {COMMUNITY_VIEW, VOLUNTEER_MANAGE}


# --- Activities -----------------------------------------------------------------------------

class MaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    kind = serializers.ChoiceField(choices=MaterialKind.choices)
    count = serializers.IntegerField(min_value=1, max_value=10_000_000)
    note = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)


class ParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    client = serializers.IntegerField(source="client_id", read_only=True)
    client_name = serializers.CharField(source="client.name", read_only=True)


class ParticipantAddSerializer(serializers.Serializer):
    client = serializers.IntegerField(min_value=1)


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    type = serializers.ChoiceField(choices=ActivityType.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    date = serializers.DateField(read_only=True)
    start_time = serializers.TimeField(read_only=True, allow_null=True)
    place = serializers.CharField(read_only=True)
    region = serializers.CharField(source="region_id", read_only=True, allow_null=True)
    region_name = serializers.CharField(source="region.name", read_only=True, allow_null=True,
                                        default=None)
    partners = serializers.CharField(read_only=True)
    residents_count = serializers.IntegerField(read_only=True)
    clients_count = serializers.IntegerField(read_only=True)
    family_count = serializers.IntegerField(read_only=True)
    online_reach = serializers.IntegerField(read_only=True, allow_null=True)
    summary = serializers.CharField(read_only=True)
    registered_participants = serializers.IntegerField(source="registered", read_only=True,
                                                       default=None, allow_null=True)
    clauses = serializers.SerializerMethodField()
    created_by = serializers.IntegerField(source="created_by_id", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def get_clauses(self, activity) -> list[str]:
        return list(rules.clauses_for(activity.type))


class ActivityDetailSerializer(ActivitySerializer):
    participants = ParticipantSerializer(source="participants_visible", many=True,
                                         read_only=True,
                                         help_text=_("The participants you may see as clients."))
    hidden_participants = serializers.IntegerField(
        read_only=True, help_text=_("Registered participants who are not among your clients."))
    materials = MaterialSerializer(source="materials_list", many=True, read_only=True)


class ActivityWriteSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ActivityType.choices)
    title = serializers.CharField(max_length=120)
    date = serializers.DateField()
    start_time = serializers.TimeField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), required=False, allow_null=True, default=None,
        help_text=_("Code of a street or community of your organisation's district."))
    partners = serializers.CharField(max_length=300, required=False, default="",
                                     allow_blank=True)
    residents_count = serializers.IntegerField(min_value=0, max_value=10_000_000,
                                               required=False, default=0)
    clients_count = serializers.IntegerField(min_value=0, max_value=10_000_000,
                                             required=False, default=0)
    family_count = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False,
                                            default=0)
    online_reach = serializers.IntegerField(min_value=0, max_value=2_000_000_000,
                                            required=False, allow_null=True, default=None)
    summary = serializers.CharField(required=False, default="", allow_blank=True)


class ActivityFilter(filters.FilterSet):
    type = filters.ChoiceFilter(choices=ActivityType.choices, label=_("kind of activity"))
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))
    region = filters.CharFilter(method="filter_region", label=_("street or community"),
                                help_text=_("A region code: the activities in it and below."))

    class Meta:
        model = CommunityActivity
        fields = ["type", "date_from", "date_to", "region"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__code__startswith=value)


@extend_schema(tags=["community"])
@extend_schema_view(
    list=extend_schema(summary=_("List your organisation's community activities"),
                       responses={200: ActivitySerializer(many=True),
                                  **error_responses(400, 401, 403)}),
    create=extend_schema(summary=_("Record a community activity"),
                         request=ActivityWriteSerializer,
                         responses={201: ActivityDetailSerializer,
                                    **error_responses(400, 401, 403)}),
    retrieve=extend_schema(summary=_("Read a community activity"),
                           responses={200: ActivityDetailSerializer,
                                      **error_responses(401, 403, 404)}),
    partial_update=extend_schema(summary=_("Change a community activity"),
                                 request=ActivityWriteSerializer(partial=True),
                                 responses={200: ActivityDetailSerializer,
                                            **error_responses(400, 401, 403, 404)}),
)
class ActivityViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    required_capabilities = {"list": READ, "retrieve": READ, "metadata": READ,
                             "create": RECORD, "partial_update": RECORD,
                             "participants": RECORD, "materials": RECORD}
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CommunityActivity.objects.none()
        return selectors.activity_list(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(ActivitySerializer(page, many=True).data)

    def _detail(self, activity, *, status_code=status.HTTP_200_OK):
        visible = list(selectors.visible_participants(activity, self.request.user))
        activity.participants_visible = visible
        activity.registered = ActivityParticipant.objects.filter(activity=activity).count()
        activity.hidden_participants = activity.registered - len(visible)
        activity.materials_list = list(activity.materials.all())
        return Response(ActivityDetailSerializer(activity).data, status=status_code)

    def retrieve(self, request, pk=None):
        return self._detail(selectors.access_activity(request.user, pk))

    def create(self, request):
        serializer = ActivityWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = actions.do_record_activity(acting_user=request.user,
                                              **serializer.validated_data)
        return self._detail(activity, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        activity = selectors.access_activity(request.user, pk, for_write=True)
        # No defaults on a partial update: only the fields sent change.
        serializer = ActivityWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        sent = {k: v for k, v in serializer.validated_data.items() if k in request.data}
        activity = actions.do_update_activity(activity, acting_user=request.user, **sent)
        return self._detail(activity)

    @extend_schema(summary=_("Add a registered client who took part"),
                   request=ParticipantAddSerializer,
                   responses={201: ActivityDetailSerializer,
                              **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def participants(self, request, pk=None):
        from anxin.clients.models import Client

        activity = selectors.access_activity(request.user, pk, for_write=True)
        serializer = ParticipantAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # A client the user may not see is refused like one that does not exist.
        client = Client.objects.visible_to(request.user).filter(
            pk=serializer.validated_data["client"]).first()
        actions.do_add_participant(activity, client, acting_user=request.user)
        return self._detail(activity, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary=_("Record materials handed out"), request=MaterialSerializer,
                   responses={201: ActivityDetailSerializer,
                              **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def materials(self, request, pk=None):
        activity = selectors.access_activity(request.user, pk, for_write=True)
        serializer = MaterialSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.do_add_material(activity, acting_user=request.user,
                                **serializer.validated_data)
        return self._detail(activity, status_code=status.HTTP_201_CREATED)


# --- Volunteers -----------------------------------------------------------------------------

class VolunteerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(read_only=True)
    phone = serializers.SerializerMethodField(
        help_text=_("Only for those who keep the volunteer register; null otherwise."))
    skills = serializers.ListField(child=serializers.ChoiceField(choices=VolunteerSkill.choices),
                                   read_only=True)
    skills_note = serializers.SerializerMethodField()
    is_active = serializers.BooleanField(read_only=True)
    total_hours = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True,
                                           default=None, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)

    def get_phone(self, volunteer) -> str | None:
        return volunteer.phone if self.context.get("show_phone") else None

    def get_skills_note(self, volunteer) -> str | None:
        return volunteer.skills_note if self.context.get("show_phone") else None


class VolunteerWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    skills = serializers.ListField(child=serializers.ChoiceField(choices=VolunteerSkill.choices),
                                   required=False, default=list, max_length=20)
    skills_note = serializers.CharField(required=False, default="", allow_blank=True)
    is_active = serializers.BooleanField(required=False, default=True)


class HoursSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=3, decimal_places=1,
                                     help_text=_("More than 0 and at most 24."))
    activity = serializers.IntegerField(source="activity_id", required=False, allow_null=True,
                                        default=None, min_value=1)
    group = serializers.IntegerField(source="group_id", required=False, allow_null=True,
                                     default=None, min_value=1)
    follow_up_note = serializers.CharField(required=False, default="", allow_blank=True)


@extend_schema(tags=["community"])
@extend_schema_view(
    list=extend_schema(summary=_("List your organisation's volunteers"),
                       responses={200: VolunteerSerializer(many=True),
                                  **error_responses(401, 403)}),
    create=extend_schema(summary=_("Register a volunteer"), request=VolunteerWriteSerializer,
                         responses={201: VolunteerSerializer,
                                    **error_responses(400, 401, 403)}),
    retrieve=extend_schema(summary=_("Read a volunteer's record"),
                           responses={200: VolunteerSerializer,
                                      **error_responses(401, 403, 404)}),
    partial_update=extend_schema(summary=_("Change a volunteer's record"),
                                 request=VolunteerWriteSerializer(partial=True),
                                 responses={200: VolunteerSerializer,
                                            **error_responses(400, 401, 403, 404)}),
)
class VolunteerViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    required_capabilities = {"list": READ, "retrieve": READ, "metadata": READ, "hours": READ,
                             "create": MANAGE, "partial_update": MANAGE, "log_hours": MANAGE}
    serializer_class = VolunteerSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Volunteer.objects.none()
        return selectors.volunteer_list(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(),
                "show_phone": selectors.may_see_phone(self.request.user)}

    def _one(self, pk, *, status_code=status.HTTP_200_OK):
        volunteer = self.get_queryset().filter(pk=selectors.access_volunteer(
            self.request.user, pk).pk).get()
        return Response(VolunteerSerializer(volunteer, context=self.get_serializer_context())
                        .data, status=status_code)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            VolunteerSerializer(page, many=True, context=self.get_serializer_context()).data)

    def retrieve(self, request, pk=None):
        return self._one(pk)

    def create(self, request):
        serializer = VolunteerWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        volunteer = actions.do_register_volunteer(acting_user=request.user,
                                                  **serializer.validated_data)
        return self._one(volunteer.pk, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        volunteer = selectors.access_volunteer(request.user, pk, for_write=True)
        serializer = VolunteerWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        sent = {k: v for k, v in serializer.validated_data.items() if k in request.data}
        actions.do_update_volunteer(volunteer, acting_user=request.user, **sent)
        return self._one(pk)

    @extend_schema(summary=_("List a volunteer's hours"),
                   responses={200: HoursSerializer(many=True),
                              **error_responses(401, 403, 404)})
    @action(detail=True, methods=["get"])
    def hours(self, request, pk=None):
        volunteer = selectors.access_volunteer(request.user, pk)
        page = self.paginate_queryset(selectors.hours_of(volunteer))
        return self.get_paginated_response(HoursSerializer(page, many=True).data)

    @extend_schema(summary=_("Log a volunteer's hours"), request=HoursSerializer,
                   responses={201: HoursSerializer, **error_responses(400, 401, 403, 404)})
    @hours.mapping.post
    def log_hours(self, request, pk=None):
        from anxin.groups.models import Group

        volunteer = selectors.access_volunteer(request.user, pk, for_write=True)
        serializer = HoursSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organization_id = volunteer.organization_id
        activity_id, group_id = data.pop("activity_id"), data.pop("group_id")
        # An id of another organisation reads as none found: the action names the field.
        activity = group = None
        if activity_id is not None:
            activity = CommunityActivity.objects.filter(
                pk=activity_id, organization_id=organization_id).first()
            if activity is None:
                raise ValidationError({"activity": _("Choose an activity of your organisation.")})
        if group_id is not None:
            group = Group.objects.filter(pk=group_id, organization_id=organization_id).first()
            if group is None:
                raise ValidationError({"group": _("Choose a group of your organisation.")})
        entry = actions.do_log_volunteer_hours(volunteer, acting_user=request.user,
                                               activity=activity, group=group, **data)
        return Response(HoursSerializer(entry).data, status=status.HTTP_201_CREATED)

