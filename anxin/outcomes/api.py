"""Placements, relapse admissions and disability assessments over the API:
`/api/v1/placements/` (with `end`), `/api/v1/relapse-admissions/`,
`/api/v1/disability-assessments/`. Registered under /api/v1/ by anxin/api/urls.py from
`ROUTES`: (prefix, viewset, basename).

Each endpoint calls the action its page calls, so checks and audit are the same both ways.
Reading needs REHAB_RECORD or CASE_VIEW, writing REHAB_RECORD (403 before any lookup); a row
or client of another organisation, or one the user does not see, is a 404 (?client=) or refused
like an unknown id (a body's `client`).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.accounts.capabilities import REHAB_RECORD
from anxin.api.parsers import JSONParser
from anxin.api.permissions import HasCapability
from anxin.api.schema import error_responses
from anxin.clients.access import access_client
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted
from anxin.documents.models import Document

from . import actions
from . import serializers as s
from .access import access_placement
from .models import DisabilityAssessment, Placement, RelapseAdmission, may_read

# Reading is checked in the view (REHAB_RECORD *or* CASE_VIEW); HasCapability checks all of a set.
READ: set[str] = set()
WRITE = {REHAB_RECORD}
T = gettext_lazy
CLIENT_FILTER = OpenApiParameter("client", OpenApiTypes.INT, description="A client's id.")


def _parse(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _client(user, client_id) -> Client:
    client = Client.objects.visible_to(user).filter(pk=client_id).first()
    if client is None:
        raise ValidationError({"client": _("Choose a client you follow.")})
    return client


class _ClientEventViewSet(viewsets.GenericViewSet):
    """List (optionally of one client, ?client=) and create, for the rows of one model."""

    permission_classes = [IsAuthenticated, HasCapability]
    parser_classes = [JSONParser]
    required_capabilities = {"list": READ, "metadata": READ, "create": WRITE}
    model = None
    output = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        user = self.request.user
        if not may_read(user):
            raise NotPermitted
        client_id = self.request.query_params.get("client")
        client = access_client(user, client_id) if client_id is not None else None
        rows = self.model.objects.visible_to(user, within=client).select_related("client")
        return rows.filter(client=client) if client is not None else rows

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.output(page, many=True).data)


@extend_schema(tags=["outcomes"])
@extend_schema_view(
    list=extend_schema(summary=T("Employment placements (REH-6.4.4)"),
                       parameters=[CLIENT_FILTER],
                       responses={200: s.OutcomePlacementSerializer(many=True),
                                  **error_responses(401, 403, 404)}),
    create=extend_schema(summary=T("Add an employment placement (assisted work needs the "
                                   "signed agreement, REH-5.5.2.5.3)"),
                         request=s.OutcomePlacementInputSerializer,
                         responses={201: s.OutcomePlacementSerializer,
                                    **error_responses(400, 401, 403)}),
)
class PlacementViewSet(_ClientEventViewSet):
    required_capabilities = {**_ClientEventViewSet.required_capabilities, "end": WRITE}
    serializer_class = s.OutcomePlacementSerializer
    model = Placement
    output = s.OutcomePlacementSerializer

    def create(self, request):
        data = _parse(s.OutcomePlacementInputSerializer, request)
        client = _client(request.user, data.pop("client"))
        agreement_id = data.pop("agreement")
        agreement = None
        if agreement_id is not None:
            agreement = Document.objects.filter(pk=agreement_id).first()
            if agreement is None:
                raise ValidationError({"agreement": _(
                    "Choose an employment agreement of this client's case.")})
        placement = actions.do_add_placement(client, acting_user=request.user,
                                             agreement=agreement, **data)
        return Response(s.OutcomePlacementSerializer(placement).data, status=201)

    @extend_schema(summary=T("End an ongoing placement"), request=s.OutcomePlacementEndSerializer,
                   responses={200: s.OutcomePlacementSerializer,
                              **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        placement = access_placement(request.user, pk, for_write=True)
        data = _parse(s.OutcomePlacementEndSerializer, request)
        placement = actions.do_end_placement(placement, acting_user=request.user, **data)
        return Response(s.OutcomePlacementSerializer(placement).data)


@extend_schema(tags=["outcomes"])
@extend_schema_view(
    list=extend_schema(summary=T("Relapse admissions (REH-6.4.5)"), parameters=[CLIENT_FILTER],
                       responses={200: s.OutcomeRelapseSerializer(many=True),
                                  **error_responses(401, 403, 404)}),
    create=extend_schema(summary=T("Record a relapse admission"),
                         request=s.OutcomeRelapseInputSerializer,
                         responses={201: s.OutcomeRelapseSerializer,
                                    **error_responses(400, 401, 403)}),
)
class RelapseAdmissionViewSet(_ClientEventViewSet):
    serializer_class = s.OutcomeRelapseSerializer
    model = RelapseAdmission
    output = s.OutcomeRelapseSerializer

    def create(self, request):
        data = _parse(s.OutcomeRelapseInputSerializer, request)
        client = _client(request.user, data.pop("client"))
        admission = actions.do_record_relapse_admission(client, acting_user=request.user,
                                                        **data)
        return Response(s.OutcomeRelapseSerializer(admission).data, status=201)


@extend_schema(tags=["outcomes"])
@extend_schema_view(
    list=extend_schema(summary=T("Disability assessments (REH-6.4.6)"),
                       parameters=[CLIENT_FILTER],
                       responses={200: s.OutcomeDisabilitySerializer(many=True),
                                  **error_responses(401, 403, 404)}),
    create=extend_schema(summary=T("Record a disability assessment (GB/T 26341-2010)"),
                         request=s.OutcomeDisabilityInputSerializer,
                         responses={201: s.OutcomeDisabilitySerializer,
                                    **error_responses(400, 401, 403)}),
)
class DisabilityAssessmentViewSet(_ClientEventViewSet):
    serializer_class = s.OutcomeDisabilitySerializer
    model = DisabilityAssessment
    output = s.OutcomeDisabilitySerializer

    def create(self, request):
        data = _parse(s.OutcomeDisabilityInputSerializer, request)
        client = _client(request.user, data.pop("client"))
        assessment = actions.do_record_disability_assessment(client, acting_user=request.user,
                                                             **data)
        return Response(s.OutcomeDisabilitySerializer(assessment).data, status=201)


ROUTES: list[tuple] = [
    ("placements", PlacementViewSet, "placement"),
    ("relapse-admissions", RelapseAdmissionViewSet, "relapse-admission"),
    ("disability-assessments", DisabilityAssessmentViewSet, "disability-assessment"),
]
