"""Instrument definitions and scores over the API. Output only shapes what the definitions
and `scoring.score` give; the answers are checked by the scoring, which names each item."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

NUMBER_SCHEMA = {
    "oneOf": [{"type": "integer"}, {"type": "string", "format": "decimal"}],
    "nullable": True,
    "description": "An integer, or a decimal as an exact string (e.g. \"23.4\").",
}


@extend_schema_field(NUMBER_SCHEMA)
class NumberField(serializers.Field):
    """Integers as integers, decimals as exact strings, as responses store them."""

    def to_representation(self, value):
        if isinstance(value, Decimal):
            return str(value)
        return value


class TextSerializer(serializers.Serializer):
    zh = serializers.CharField()
    en = serializers.CharField()


class OptionSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    text = TextSerializer()
    loinc = serializers.CharField()
    excluded = serializers.BooleanField(help_text=_("Answered, but not counted in totals."))


class ItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    number = serializers.CharField(help_text=_("As printed on the form."))
    text = TextSerializer()
    loinc = serializers.CharField()
    required = serializers.BooleanField()
    options = OptionSerializer(many=True, help_text=_("Empty for a numeric item."))
    minimum = NumberField(help_text=_("Numeric items: the smallest answer accepted."))
    maximum = NumberField(help_text=_("Numeric items: the largest answer accepted."))


class BandSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = TextSerializer()
    low = NumberField()
    high = NumberField()
    clause = serializers.CharField()


class ScaleSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = TextSerializer()
    method = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())
    low = NumberField()
    high = NumberField()
    loinc = serializers.CharField()
    clause = serializers.CharField()
    better = serializers.ChoiceField(
        choices=["lower", "higher", ""],
        help_text=_("Which way the score moves when the client is doing better; empty: "
                    "neither."))
    bands = BandSerializer(many=True)


class ConditionSerializer(serializers.Serializer):
    item = serializers.CharField()
    values = serializers.SerializerMethodField()

    def get_values(self, condition) -> list[int]:
        return sorted(condition.values)


class FlagSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = TextSerializer()
    clause = serializers.CharField()
    when_any = ConditionSerializer(many=True)


class CitationSerializer(serializers.Serializer):
    authors = serializers.CharField()
    year = serializers.CharField()
    title = serializers.CharField()
    published_in = serializers.CharField()


class InstrumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    name = TextSerializer()
    instructions = TextSerializer(allow_null=True)
    loinc = serializers.CharField(help_text=_("LOINC panel code, where one exists."))
    source = serializers.CharField(
        help_text=_("The citation as one line: the published works, then the LOINC codes."))
    citations = CitationSerializer(many=True, help_text=_("The published works it follows."))
    self_report = serializers.BooleanField(
        help_text=_("Answered by the person assessed, so a client link may be issued for it."))
    max_missing = serializers.IntegerField()
    answers_as_list = serializers.SerializerMethodField(
        help_text=_("The answers may be sent as a list in item order."))
    items = ItemSerializer(many=True)
    scales = ScaleSerializer(many=True)
    flags = FlagSerializer(many=True)

    def get_answers_as_list(self, instrument) -> bool:
        from ..scoring import numbered_in_order

        return numbered_in_order(instrument)


@extend_schema_field({
    "oneOf": [
        {"type": "object", "additionalProperties": {
            "oneOf": [{"type": "integer"}, {"type": "number"}, {"type": "string"}],
            "nullable": True}},
        {"type": "array", "items": {
            "oneOf": [{"type": "integer"}, {"type": "number"}, {"type": "string"}],
            "nullable": True}},
    ],
    "description": "Item code → answer (an option's value, or a number for numeric items); "
                   "or a list in item order for instruments numbered item_1, item_2, …",
})
class AnswersField(serializers.JSONField):
    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        if not isinstance(data, dict | list):
            raise serializers.ValidationError(
                _("Send an object keyed by item code, or a list in item order."))
        return data


class ScoreRequestSerializer(serializers.Serializer):
    answers = AnswersField()


class ScoredBandSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = TextSerializer()


class ScoredFlagSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = TextSerializer()
    clause = serializers.CharField()


class ScoreResultSerializer(serializers.Serializer):
    instrument = serializers.CharField()
    version = serializers.IntegerField(help_text=_("The definition version that scored it."))
    totals = serializers.DictField(
        child=NumberField(), help_text=_("Scale code → score; null when too few answers."))
    bands = serializers.DictField(
        child=ScoredBandSerializer(allow_null=True), help_text=_("Scale code → band."))
    flags = ScoredFlagSerializer(many=True)

