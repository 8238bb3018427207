"""The rehabilitation centre's API: each admission criterion of a client, met or not, with its
clause (POST /api/v1/rehabilitation/eligibility/). Registered under /api/v1/ by
anxin/api/urls.py as (prefix, viewset, basename)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from anxin.accounts.capabilities import CASE_VIEW
from anxin.api.permissions import HasCapability
from anxin.cases.models import Case
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted

from . import actions, eligibility


class EligibilityRequestSerializer(serializers.Serializer):
    client = serializers.IntegerField(help_text="The client's id.")
    case = serializers.IntegerField(required=False, help_text="A rehabilitation case of the "
                                    "client: its screening form is read (else the latest).")


class EligibilityRuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    clause = serializers.CharField()
    met = serializers.BooleanField()
    problem = serializers.CharField(allow_blank=True)


class EligibilityResultSerializer(serializers.Serializer):
    client = serializers.IntegerField()
    eligible = serializers.BooleanField()
    rules = EligibilityRuleSerializer(many=True)


class EligibilityViewSet(viewsets.ViewSet):
    """REH-4.7.1, REH-5.2.1.1: who the centre may admit."""

    permission_classes = [HasCapability]
    required_capabilities = {"create": {CASE_VIEW}}

    @extend_schema(request=EligibilityRequestSerializer, responses=EligibilityResultSerializer)
    def create(self, request):
        if not actions.is_centre(request.user.membership.organization):
            raise NotPermitted
        given = EligibilityRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        client = Client.objects.visible_to(request.user).filter(
            pk=given.validated_data["client"]).first()
        if client is None:
            raise serializers.ValidationError({"client": [_("Choose a client you follow.")]})
        case = None
        if given.validated_data.get("case"):
            case = Case.objects.visible_to(request.user).filter(
                pk=given.validated_data["case"], client=client, pathway="reh").first()
            if case is None:
                raise serializers.ValidationError(
                    {"case": [_("Choose a rehabilitation case of this client.")]})
        results = eligibility.evaluate(eligibility.gather(client, case=case))
        body = {"client": client.pk, "eligible": all(r.met for r in results),
                "rules": [{"code": r.rule.code, "label": str(r.rule.label),
                           "clause": r.rule.clause, "met": r.met, "problem": r.problem}
                          for r in results]}
        return Response(EligibilityResultSerializer(body).data)


ROUTES: list[tuple] = [("rehabilitation/eligibility", EligibilityViewSet,
                        "rehabilitation-eligibility")]
