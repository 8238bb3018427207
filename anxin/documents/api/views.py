"""The document kinds over the API: `GET /api/v1/forms/` lists the latest version of each with
its field schema, `GET /api/v1/forms/{code}/` reads one. Definitions are no one's data: any
signed-in user or token may read them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.api.schema import ApiErrorResponseSerializer, error_responses

from ..registry import UnknownKind, kinds
from .serializers import FormSerializer

NOT_FOUND = OpenApiResponse(ApiErrorResponseSerializer, description=_("No such form."))
CODE = OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH,
                        description=_("The form's code."))


@extend_schema(tags=["forms"])
class FormViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated]
    lookup_field = "code"
    lookup_value_regex = "[a-z][a-z0-9_]*"

    @extend_schema(summary=_("List the document kinds, latest version of each, with their "
                             "sections and fields"),
                   responses={200: FormSerializer(many=True), **error_responses(401)})
    def list(self, request):
        return Response(FormSerializer([kinds.latest(code) for code in kinds.codes()],
                                       many=True).data)

    @extend_schema(summary=_("Read one document kind's latest definition"), parameters=[CODE],
                   responses={200: FormSerializer, **error_responses(401), 404: NOT_FOUND})
    def retrieve(self, request, code=None):
        try:
            kind = kinds.latest(code)
        except UnknownKind:
            raise NotFound(_("No such form.")) from None
        return Response(FormSerializer(kind).data)
