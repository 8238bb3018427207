"""The shapes of the medication record over the API. Output serializers read; input serializers
parse and hand the values to the actions, which decide."""

from rest_framework import serializers

from .choices import DoseOutcome


def Ref(**kwargs) -> serializers.IntegerField:  # noqa: N802 (reads as a field class)
    """The id of a client or prescription. Resolved by the view among those the user may see,
    so an id of another organisation is refused exactly like one that does not exist."""
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1, **kwargs)


class MedicationPrescriptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    client = serializers.IntegerField(source="client_id")
    drug = serializers.CharField()
    dose = serializers.CharField()
    times = serializers.ListField(child=serializers.CharField())
    frequency = serializers.CharField()
    route = serializers.CharField()
    prescriber = serializers.CharField()
    prescriber_hospital = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()
    recorded_by = serializers.IntegerField(source="recorded_by_id")
    created_at = serializers.DateTimeField()


class MedicationPrescriptionInputSerializer(serializers.Serializer):
    client = Ref()
    drug = serializers.CharField(max_length=200)
    dose = serializers.CharField(max_length=100)
    times = serializers.ListField(child=serializers.CharField(max_length=5), required=False,
                                  default=list, max_length=24,
                                  help_text="Times of day as HH:MM, e.g. [\"08:00\", \"20:00\"].")
    frequency = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                      default="")
    route = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    prescriber = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                       default="")
    prescriber_hospital = serializers.CharField(max_length=200, required=False,
                                                allow_blank=True, default="")
    started_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MedicationPrescriptionEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()


class MedicationAdministrationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    prescription = serializers.IntegerField(source="prescription_id")
    client = serializers.IntegerField(source="client_id")
    scheduled_for = serializers.DateTimeField()
    outcome = serializers.ChoiceField(choices=DoseOutcome.choices)
    recorded_at = serializers.DateTimeField()
    given_by = serializers.IntegerField(source="given_by_id")
    note = serializers.CharField()


class MedicationAdministrationInputSerializer(serializers.Serializer):
    prescription = Ref()
    scheduled_for = serializers.DateTimeField()
    outcome = serializers.ChoiceField(choices=DoseOutcome.choices)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True,
                                 default="")
