"""The instrument library over the API: definitions, and scoring that stores nothing.

Stateless: `score` runs the same pure scoring the actions use and returns what it computed; no
response is kept and nothing is audited (no client is involved). To record a response for a
client, the pages call `do_record_response`.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.api.schema import ApiErrorResponseSerializer, error_responses

from .. import registry
from ..scoring import answers_from_list, score
from .serializers import InstrumentSerializer, ScoreRequestSerializer, ScoreResultSerializer

NOT_FOUND = OpenApiResponse(ApiErrorResponseSerializer, description=_("No such instrument."))
CODE = OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH,
                        description=_("The instrument's code, e.g. phq9."),
                        enum=list(registry.codes()))


def _latest(code: str):
    try:
        return registry.latest(code)
    except registry.UnknownInstrument:
        raise NotFound(_("No such instrument.")) from None


def _text(text) -> dict:
    return {"zh": text.zh, "en": text.en}


@extend_schema(tags=["instruments"])
class InstrumentViewSet(viewsets.ViewSet):
    """Any signed-in user or token: definitions are public knowledge, and scoring keeps
    nothing."""

    permission_classes = [IsAuthenticated]
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_]+"

    @extend_schema(summary=_("List the instruments, latest version of each, with items, "
                             "scales, bands and flags"),
                   responses={200: InstrumentSerializer(many=True), **error_responses(401)})
    def list(self, request):
        instruments = [registry.latest(code) for code in registry.codes()]
        return Response(InstrumentSerializer(instruments, many=True).data)

    @extend_schema(summary=_("Read one instrument's latest definition"), parameters=[CODE],
                   responses={200: InstrumentSerializer, **error_responses(401),
                              404: NOT_FOUND})
    def retrieve(self, request, code=None):
        return Response(InstrumentSerializer(_latest(code)).data)

    @extend_schema(
        summary=_("Score answers with the latest definition (nothing is stored)"),
        parameters=[CODE], request=ScoreRequestSerializer,
        responses={200: ScoreResultSerializer, **error_responses(400, 401), 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def score(self, request, code=None):
        instrument = _latest(code)
        serializer = ScoreRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers = serializer.validated_data["answers"]
        if isinstance(answers, list):
            answers = answers_from_list(instrument, answers)
        result = score(instrument, answers)  # ScoringError → 400 naming each item
        return Response(ScoreResultSerializer({
            "instrument": result.instrument,
            "version": result.version,
            "totals": result.totals,
            "bands": {code: {"code": band.code, "text": _text(band.text)} if band else None
                      for code, band in result.bands.items()},
            "flags": [{"code": f.code, "text": _text(f.text), "clause": f.clause}
                      for f in result.flags],
        }).data)
