"""The shapes of training sessions, daily services and the weekly participation record over the
API. Output serializers read; input serializers parse and hand the values to the actions, which
decide (the 45–60 minutes, the chaperone and the two staff at home are theirs to refuse)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anxin.clients.choices import Sex

from .choices import PROGRAMME_CHOICES, DailyServiceKind, Delivery


def Ref(**kwargs) -> serializers.IntegerField:  # noqa: N802 (reads as a field class)
    """The id of a case or a colleague, resolved by the view among those the user may name."""
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1, **kwargs)


class ProgrammeTrainingSessionSerializer(serializers.Serializer):
    """A session as read; its note is write-only (it speaks about the client, and the case's
    page records each reading of it)."""

    id = serializers.IntegerField(source="pk")
    case = serializers.IntegerField(source="case_id")
    programme = serializers.ChoiceField(choices=PROGRAMME_CHOICES)
    delivery = serializers.ChoiceField(choices=Delivery.choices)
    started_at = serializers.DateTimeField()
    minutes = serializers.IntegerField()
    lead = serializers.IntegerField(source="lead_id")
    lead_sex = serializers.ChoiceField(choices=Sex.choices, allow_blank=True)
    staff = serializers.SerializerMethodField()
    chaperone = serializers.IntegerField(source="chaperone_id", allow_null=True)
    recorded_by = serializers.IntegerField(source="recorded_by_id")
    recorded_at = serializers.DateTimeField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_staff(self, session) -> list[int]:
        return [row.user_id for row in session.staff_rows.all()]


class ProgrammeTrainingSessionInputSerializer(serializers.Serializer):
    case = Ref()
    programme = serializers.ChoiceField(choices=PROGRAMME_CHOICES)
    delivery = serializers.ChoiceField(choices=Delivery.choices)
    started_at = serializers.DateTimeField()
    minutes = serializers.IntegerField(min_value=0, max_value=24 * 60)
    lead = Ref()
    lead_sex = serializers.ChoiceField(choices=Sex.choices, required=False, default="",
                                       allow_blank=True)
    staff = serializers.ListField(child=Ref(), required=False, default=list, max_length=20)
    chaperone = Ref(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, default="", allow_blank=True,
                                 max_length=5000)


class ProgrammeDailyServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=DailyServiceKind.choices)
    case = serializers.IntegerField(source="case_id", allow_null=True)
    note = serializers.CharField()
    recorded_by = serializers.IntegerField(source="recorded_by_id")
    recorded_at = serializers.DateTimeField()


class ProgrammeDailyServiceInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=DailyServiceKind.choices)
    case = Ref(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, default="", allow_blank=True,
                                 max_length=5000)


class ProgrammeResidentWeekSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case.pk")
    case_number = serializers.CharField(source="case.case_number")
    client = serializers.IntegerField(source="case.client_id")
    sessions = serializers.IntegerField()
    group_sessions = serializers.IntegerField()
    by_programme = serializers.DictField(child=serializers.IntegerField())
    none_this_week = serializers.BooleanField(source="has_none")


class ProgrammeParticipationSerializer(serializers.Serializer):
    week = serializers.CharField(source="week.code")
    monday = serializers.DateField(source="week.monday")
    sunday = serializers.DateField(source="week.sunday")
    clause = serializers.CharField()
    residents = ProgrammeResidentWeekSerializer(many=True)
