from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Alert, AlertStep


class AlertStepSerializer(serializers.ModelSerializer):
    taken_by = serializers.CharField(source="taken_by.__str__", read_only=True)

    class Meta:
        model = AlertStep
        fields = ["id", "protocol_item", "not_applicable", "note", "taken_at", "taken_by"]


class AlertListSerializer(serializers.ModelSerializer):
    rule_label = serializers.CharField(source="rule_definition.label", read_only=True)
    clause = serializers.CharField(source="rule_definition.clause", read_only=True)
    client = serializers.PrimaryKeyRelatedField(read_only=True)
    case = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Alert
        fields = ["id", "rule", "rule_label", "clause", "urgency", "status", "client", "case",
                  "raised_at", "escalate_at", "escalated_at", "acknowledged_at",
                  "resolved_at"]


class ProtocolItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    clause = serializers.CharField()
    done = serializers.BooleanField()
    not_applicable = serializers.BooleanField(
        help_text=_("Left unticked on resolving, with the reason in the step log."))


class AlertDetailSerializer(AlertListSerializer):
    detail = serializers.CharField(source="detail_text", read_only=True,
                                   help_text=_("What raised it, in the reader's language."))
    steps = AlertStepSerializer(many=True, read_only=True)
    protocol = serializers.SerializerMethodField()

    class Meta(AlertListSerializer.Meta):
        fields = [*AlertListSerializer.Meta.fields, "detail", "resolution", "steps", "protocol"]

    def get_protocol(self, alert) -> list[dict]:
        from ..actions import protocol_for

        steps = [s for s in alert.steps.all() if s.protocol_item]
        done = {s.protocol_item for s in steps if not s.not_applicable}
        skipped = {s.protocol_item for s in steps if s.not_applicable}
        return ProtocolItemSerializer([
            {"code": i.code, "label": str(i.label), "clause": i.clause, "done": i.code in done,
             "not_applicable": i.code in skipped and i.code not in done}
            for i in protocol_for(alert)], many=True).data


class StepInputSerializer(serializers.Serializer):
    protocol_item = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ResolveInputSerializer(serializers.Serializer):
    resolution = serializers.CharField(allow_blank=True)
    not_applicable = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict,
        help_text=_("Protocol item code → why it did not apply, for every item not ticked. "
                    "A missing reason is refused under `not_applicable.<code>`."))
