"""Client representations for the API.

Serializers only parse types. Required fields, ID-number rules and duplicates are checked by the
actions (anxin.clients.validation), so the API and the web form refuse the same things with the
same messages.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anxin.accounts.models import Region
from anxin.clients.choices import PopulationCategory, Sex
from anxin.clients.models import ClientDiagnosis, Contact, HouseholdMember


@extend_schema_field({"type": "array", "items": {"type": "string",
                                                  "enum": PopulationCategory.values}})
class PopulationCategoriesField(serializers.ListField):
    """Unknown values pass through so that the action reports them like the web form does."""

    child = serializers.CharField(max_length=32)


def _region_field() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), required=False, allow_null=True,
        help_text=_("Region code (GB/T 2260)."))


class ClientListSerializer(serializers.Serializer):
    """One row of the client list: the ID number is masked."""

    id = serializers.IntegerField(read_only=True)
    file_number = serializers.CharField(read_only=True)
    name = serializers.CharField(max_length=64, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    id_number = serializers.CharField(max_length=32, required=False, allow_blank=True,
                                      write_only=True)
    id_number_masked = serializers.CharField(source="masked_id_number", read_only=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    province = _region_field()
    city = _region_field()
    district = _region_field()
    street = _region_field()
    address_detail = serializers.CharField(required=False, allow_blank=True)
    population_categories = PopulationCategoriesField(required=False)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    registered_by = serializers.CharField(source="registered_by.username", read_only=True)
    edit_version = serializers.IntegerField(
        read_only=True, help_text=_("How many times the details were saved; send it back with "
                                    "a change (ADR 0013)."))


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "kind", "name", "relationship", "phone", "address"]
        read_only_fields = fields


class HouseholdMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdMember
        fields = ["id", "name", "relationship", "birth_year", "occupation", "note"]
        read_only_fields = fields


class DiagnosisSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="display_label", read_only=True)

    class Meta:
        model = ClientDiagnosis
        fields = ["id", "code", "label", "diagnosed_on", "diagnosed_by", "created_at"]
        read_only_fields = fields


class ClientDetailSerializer(ClientListSerializer):
    """One client's file: the full ID number and the people and diagnoses on it."""

    id_number = serializers.CharField(
        max_length=32, required=False, allow_blank=True,
        help_text=_("The full number, shown only on a single client's file."))
    contacts = ContactSerializer(many=True, read_only=True)
    household = HouseholdMemberSerializer(many=True, read_only=True)
    diagnoses = DiagnosisSerializer(many=True, read_only=True)


class ClientCreateSerializer(ClientDetailSerializer):
    """A new client's details. Birth date and sex may be left out when an ID number is given."""

    confirm_not_duplicate = serializers.BooleanField(
        required=False, default=False, write_only=True,
        help_text=_("Register even though a client with the same name and birth date exists."))


class ClientUpdateSerializer(ClientDetailSerializer):
    """New details for a client: PATCH changes the fields sent, PUT replaces them all."""

    reason = serializers.CharField(
        required=False, allow_blank=True, default="", write_only=True, max_length=500,
        help_text=_("Why the details changed; kept in the audit trail."))
    # Required for PATCH as well, which DRF's partial validation would not enforce: the view
    # checks it is present.
    edit_version = serializers.IntegerField(
        min_value=0, help_text=_("The edit_version of the client as you read it. If someone "
                                 "saved the client since, the change is refused with 409 "
                                 "and what differs."))


class EditChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    yours = serializers.JSONField(help_text=_("The value you sent."))
    saved = serializers.JSONField(help_text=_("The value saved meanwhile."))


class EditConflictSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Always “edit_conflict”."))
    message = serializers.CharField()
    read_version = serializers.IntegerField(help_text=_("The edit_version you sent."))
    current_version = serializers.IntegerField(
        help_text=_("The version saved now: read the client again and send this one."))
    saved_by = serializers.DictField(allow_null=True)
    saved_at = serializers.DateTimeField(allow_null=True)
    changes = EditChangeSerializer(many=True)


class EditConflictResponseSerializer(serializers.Serializer):
    error = EditConflictSerializer()
