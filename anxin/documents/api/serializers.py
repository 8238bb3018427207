"""Document kinds over the API: each kind's field schema, as the definition gives it, so that a
client can build the form and send data the engine will accept (`documents.validation`)."""

from rest_framework import serializers

from anxin.instruments.api.serializers import NumberField, TextSerializer


class ChoiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = TextSerializer()


class WhenSerializer(serializers.Serializer):
    field = serializers.CharField()
    values = serializers.ListField(child=serializers.JSONField(),
                                   help_text="Required when the other field has one of these "
                                             "values; when empty, when it has any value.")


class ColumnSerializer(serializers.Serializer):
    code = serializers.CharField()
    type = serializers.CharField()
    label = TextSerializer()
    required = serializers.BooleanField()
    required_when = WhenSerializer(allow_null=True)
    help = TextSerializer(allow_null=True)
    clause = serializers.CharField()
    sensitive = serializers.BooleanField(source="is_sensitive",
                                         help_text="Encrypted at rest; not queryable.")
    minimum = NumberField()
    maximum = NumberField()
    max_length = serializers.IntegerField(allow_null=True)
    decimal_places = serializers.IntegerField(allow_null=True)
    choices = ChoiceSerializer(many=True)


class FieldSerializer(ColumnSerializer):
    columns = ColumnSerializer(many=True, help_text="A table's columns.")


class SectionSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = TextSerializer()
    clause = serializers.CharField()

    def get_fields(self):
        # "fields" is the Serializer's own attribute: declared here, not as a class attribute.
        declared = super().get_fields()
        declared["fields"] = FieldSerializer(many=True)
        return declared


class FormSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    title = TextSerializer()
    clause = serializers.CharField()
    subject = serializers.CharField()
    confirmed_by = serializers.ListField(child=serializers.CharField())
    approved_by = serializers.CharField(help_text="The capability that approves it; empty when "
                                                  "it needs no approval.")
    sections = SectionSerializer(many=True)


class DocumentReviewEntrySerializer(serializers.Serializer):
    decision = serializers.CharField()
    by = serializers.IntegerField(source="by_id")
    at = serializers.DateTimeField()
    comment = serializers.CharField()


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)
    episode = serializers.IntegerField(read_only=True)
    group = serializers.IntegerField(source="group_id", read_only=True, allow_null=True)
    group_session = serializers.IntegerField(source="group_session_id", read_only=True,
                                             allow_null=True)
    activity = serializers.IntegerField(source="activity_id", read_only=True, allow_null=True)
    kind = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)
    data = serializers.JSONField(read_only=True,
                                 help_text="The answers, by field code, as "
                                           "GET /api/v1/forms/{kind}/ describes them.")
    revises = serializers.IntegerField(source="revises_id", read_only=True, allow_null=True)
    created_by = serializers.IntegerField(source="created_by_id", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class DocumentDetailSerializer(DocumentSerializer):
    reviews = DocumentReviewEntrySerializer(many=True, read_only=True, source="reviews.all")


class DocumentCreateSerializer(serializers.Serializer):
    kind = serializers.CharField()
    case = serializers.IntegerField(required=False, help_text="For a case's document.")
    group = serializers.IntegerField(required=False, help_text="For a group's document.")
    group_session = serializers.IntegerField(required=False,
                                             help_text="For a group session's document.")
    activity = serializers.IntegerField(required=False,
                                        help_text="For a community activity's document.")
    organization = serializers.IntegerField(required=False,
                                            help_text="For your organisation's own document.")
    data = serializers.JSONField()


class DocumentUpdateSerializer(serializers.Serializer):
    data = serializers.JSONField(help_text="Every answer: what is left out is cleared.")


class DocumentReviewRequestSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approved", "returned"])
    comment = serializers.CharField(required=False, allow_blank=True, default="")
