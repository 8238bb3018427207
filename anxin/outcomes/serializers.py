"""The shapes of placements, relapse admissions and disability assessments over the API.
Output serializers read; input serializers parse and hand the values to the actions, which
decide."""

from decimal import Decimal

from rest_framework import serializers

from .choices import DisabilityGrade, PlacementKind


def Ref(**kwargs) -> serializers.IntegerField:  # noqa: N802 (reads as a field class)
    """The id of a client or document, resolved by the view among those the user may name."""
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1, **kwargs)


class OutcomePlacementSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    client = serializers.IntegerField(source="client_id")
    kind = serializers.ChoiceField(choices=PlacementKind.choices)
    workplace = serializers.CharField()
    job = serializers.CharField()
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    ongoing = serializers.BooleanField(source="is_ongoing")
    agreement = serializers.IntegerField(source="agreement_id", allow_null=True)


class OutcomePlacementInputSerializer(serializers.Serializer):
    client = Ref()
    kind = serializers.ChoiceField(choices=PlacementKind.choices)
    workplace = serializers.CharField(max_length=200)
    job = serializers.CharField(max_length=100)
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1,
                                              min_value=Decimal("0.1"))
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    agreement = Ref(required=False, allow_null=True, default=None)


class OutcomePlacementEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()


class OutcomeRelapseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    client = serializers.IntegerField(source="client_id")
    admitted_on = serializers.DateField()
    hospital = serializers.CharField()
    discharged_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class OutcomeRelapseInputSerializer(serializers.Serializer):
    client = Ref()
    admitted_on = serializers.DateField()
    hospital = serializers.CharField(max_length=128)
    discharged_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, default="", allow_blank=True,
                                 max_length=20000)


class OutcomeDisabilitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    client = serializers.IntegerField(source="client_id")
    assessed_on = serializers.DateField()
    grade = serializers.ChoiceField(choices=DisabilityGrade.choices)
    assessing_body = serializers.CharField()
    certificate_number = serializers.CharField()


class OutcomeDisabilityInputSerializer(serializers.Serializer):
    client = Ref()
    assessed_on = serializers.DateField()
    grade = serializers.ChoiceField(choices=DisabilityGrade.choices)
    assessing_body = serializers.CharField(max_length=128)
    certificate_number = serializers.CharField(required=False, default="", allow_blank=True,
                                               max_length=64)
