"""The shapes of caring teams and peer supporters over the API. Output serializers read; input
serializers parse and hand the values to the actions, which decide."""

from decimal import Decimal

from rest_framework import serializers

from anxin.accounts.models import Region

from ..choices import AssessmentResult, MemberRole, PeerStatus


def Ref(**kwargs) -> serializers.IntegerField:  # noqa: N802 (reads as a field class)
    """The id of a client or colleague. Resolved by the view among those the user may name,
    so an id of another organisation is refused exactly like one that does not exist."""
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1, **kwargs)


class CaringClientRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    file_number = serializers.CharField()
    name = serializers.CharField()


class CaringMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    role = serializers.ChoiceField(choices=MemberRole.choices)
    user = serializers.IntegerField(source="user_id", allow_null=True)
    name = serializers.CharField(source="display_name")
    unit = serializers.CharField()
    phone = serializers.CharField()
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)


class CaringTeamClientSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    client = CaringClientRefSerializer()
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)


class CaringMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    held_on = serializers.DateField()
    topic = serializers.CharField()
    attendees = serializers.SerializerMethodField()
    clients_discussed = serializers.SerializerMethodField()

    def get_attendees(self, meeting) -> list[int]:
        return [member.pk for member in meeting.attendees.all()]

    def get_clients_discussed(self, meeting) -> list[int]:
        # Only those the reader may see (selectors.team_meetings prefetches them).
        return [row.client_id for row in getattr(meeting, "visible_discussed", [])]


class CaringMeetingDetailSerializer(CaringMeetingSerializer):
    minutes = serializers.CharField()
    decisions = serializers.CharField()


class CaringTeamSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField()
    street = serializers.CharField(source="street_id")
    street_name = serializers.CharField(source="street.name")
    formed_on = serializers.DateField()
    active = serializers.BooleanField()


class CaringTeamListSerializer(CaringTeamSerializer):
    member_count = serializers.IntegerField()
    client_count = serializers.IntegerField()
    last_meeting = serializers.DateField(allow_null=True)


class CaringTeamDetailSerializer(CaringTeamSerializer):
    members = CaringMemberSerializer(many=True)
    clients = CaringTeamClientSerializer(many=True)
    hidden_client_count = serializers.IntegerField(
        help_text="Current clients of the team that you do not follow: a count, never who.")
    meetings = CaringMeetingSerializer(many=True)


class CaringTeamInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    street = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    formed_on = serializers.DateField()
    active = serializers.BooleanField(required=False, default=True)


class CaringTeamUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    street = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), required=False)
    formed_on = serializers.DateField(required=False)
    active = serializers.BooleanField(required=False)


class CaringMemberInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=MemberRole.choices)
    user = Ref(required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=64, required=False, default="", allow_blank=True)
    unit = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, default="", allow_blank=True)
    since = serializers.DateField()


class CaringTeamClientInputSerializer(serializers.Serializer):
    client = Ref()
    since = serializers.DateField()


class CaringMeetingInputSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    topic = serializers.CharField(max_length=200)
    attendees = serializers.ListField(child=Ref(), max_length=200)
    clients_discussed = serializers.ListField(child=Ref(), required=False, default=list,
                                              max_length=200)
    minutes = serializers.CharField(required=False, default="", allow_blank=True,
                                    max_length=20000)
    decisions = serializers.CharField(required=False, default="", allow_blank=True,
                                      max_length=20000)


# --- Peer supporters ----------------------------------------------------------------------------

class PeerAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    assessed_on = serializers.DateField()
    assessor = serializers.IntegerField(source="assessor_id")
    result = serializers.ChoiceField(choices=AssessmentResult.choices)
    notes = serializers.CharField()


class PeerTrainingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    trained_on = serializers.DateField()
    topic = serializers.CharField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    provider = serializers.CharField()


class PeerSupervisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    held_on = serializers.DateField()
    supervisor = serializers.IntegerField(source="supervisor_id")
    supported_client = serializers.SerializerMethodField()
    notes = serializers.CharField()

    def get_supported_client(self, supervision) -> int | None:
        # The person supported is named only to a reader who may see them.
        visible = self.context.get("visible_clients", set())
        client_id = supervision.supported_client_id
        return client_id if client_id in visible else None


class PeerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    client = CaringClientRefSerializer()
    status = serializers.ChoiceField(choices=PeerStatus.choices)
    active_since = serializers.DateField(allow_null=True)


class PeerListSerializer(PeerSerializer):
    last_supervision = serializers.DateField(allow_null=True)
    trainings_count = serializers.IntegerField()
    assessment_passed = serializers.SerializerMethodField()

    def get_assessment_passed(self, supporter) -> bool:
        return bool(supporter.passed_count)


class PeerDetailSerializer(PeerSerializer):
    assessments = PeerAssessmentSerializer(many=True)
    trainings = PeerTrainingSerializer(many=True)
    supervisions = PeerSupervisionSerializer(many=True)


class PeerInputSerializer(serializers.Serializer):
    client = Ref()


class PeerAssessmentInputSerializer(serializers.Serializer):
    assessed_on = serializers.DateField()
    assessor = Ref()
    result = serializers.ChoiceField(choices=AssessmentResult.choices)
    notes = serializers.CharField(required=False, default="", allow_blank=True,
                                  max_length=20000)


class PeerTrainingInputSerializer(serializers.Serializer):
    trained_on = serializers.DateField()
    topic = serializers.CharField(max_length=128)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=Decimal("0.5"))
    provider = serializers.CharField(max_length=128, required=False, default="",
                                     allow_blank=True)


class PeerSupervisionInputSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    supervisor = Ref()
    supported_client = Ref(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, default="", allow_blank=True,
                                  max_length=20000)


# What a peer supporter's status may be changed to (named apart in the API's schema).
PEER_STATUS_CHANGES = [(s.value, s.label) for s in (PeerStatus.ACTIVE, PeerStatus.PAUSED,
                                                    PeerStatus.ENDED)]


class PeerStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PEER_STATUS_CHANGES)
    reason = serializers.CharField(required=False, default="", allow_blank=True,
                                   max_length=500)
