"""The medication record over the API: `/api/v1/medication-prescriptions/` (list, one, create,
end) and `/api/v1/medication-administrations/` (list, create), registered under /api/v1/ by
anxin/api/urls.py as ROUTES: (prefix, viewset, basename).

Each endpoint calls the action its page calls, so checks and audit are the same both ways.
Reading needs CLIENT_VIEW, writing REHAB_RECORD too, and the organisation must keep the record
(rules.py: a rehabilitation centre; dose records a residential one) — all 403 before any lookup.
Another organisation's row, or a client the user does not see, is a 404 or is refused like an
id that does not exist.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from anxin.accounts.capabilities import CLIENT_VIEW, REHAB_RECORD
from anxin.api.parsers import JSONParser
from anxin.api.permissions import HasCapability
from anxin.api.schema import error_responses
from anxin.clients.models import Client
from anxin.core.access import access

from . import actions, rules
from . import serializers as s
from .models import Administration, Prescription, scheduled_at

READ = {CLIENT_VIEW}
WRITE = {CLIENT_VIEW, REHAB_RECORD}
# Refusals are translated when raised (gettext), the schema's summaries when read (lazy).
T = gettext_lazy


class KeepsTheRecord(BasePermission):
    """The user's organisation keeps this part of the medication record (rules.py)."""

    def has_permission(self, request, view) -> bool:
        if view.doses:
            return rules.gives_doses(request.user)
        return rules.keeps_prescriptions(request.user)


def _id(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Give a number.")}) from None


def _client(user, client_id) -> Client:
    client = Client.objects.visible_to(user).filter(pk=client_id).first()
    if client is None:
        raise ValidationError({"client": _("Choose a client you follow.")})
    return client


def _parse(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class _MedicationViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HasCapability, KeepsTheRecord]
    # JSON only: nothing here takes a file, and a form body is one more shape to defend.
    parser_classes = [JSONParser]
    doses = False

    def _filtered(self, rows):
        client_id = _id(self.request.query_params.get("client"), "client")
        if client_id is not None:
            rows = rows.filter(client_id=client_id)
        return rows

    def _audit_read(self, rows, page=None) -> None:
        # A client's medication read over the API is on the record as on the page (CMH-4.2);
        # a list of several clients' names the clients it returned.
        client_id = _id(self.request.query_params.get("client"), "client")
        if client_id is None:
            actions.record_medication_list_view(
                [row.client_id for row in page or ()], acting_user=self.request.user,
                where=self.request.path)
            return
        client = Client.objects.visible_to(self.request.user).filter(pk=client_id).first()
        if client is not None:
            actions.record_medication_view(client, acting_user=self.request.user)


CLIENT_FILTER = OpenApiParameter("client", OpenApiTypes.INT,
                                 description="Only this client's rows.")


@extend_schema(tags=["medication"])
@extend_schema_view(
    list=extend_schema(summary=T("Prescriptions of the clients you see"),
                       parameters=[CLIENT_FILTER],
                       responses={200: s.MedicationPrescriptionSerializer(many=True),
                                  **error_responses(400, 401, 403)}),
    retrieve=extend_schema(summary=T("One prescription"),
                           responses={200: s.MedicationPrescriptionSerializer,
                                      **error_responses(401, 403, 404)}),
    create=extend_schema(summary=T("Record a prescription the centre follows"),
                         request=s.MedicationPrescriptionInputSerializer,
                         responses={201: s.MedicationPrescriptionSerializer,
                                    **error_responses(400, 401, 403)}),
)
class PrescriptionViewSet(_MedicationViewSet):
    required_capabilities = {"list": READ, "retrieve": READ, "metadata": READ,
                             "create": WRITE, "end": WRITE}
    serializer_class = s.MedicationPrescriptionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Prescription.objects.none()
        return Prescription.objects.visible_to(self.request.user)

    def list(self, request):
        rows = self._filtered(self.get_queryset()).order_by("client_id", "-started_on", "-pk")
        page = self.paginate_queryset(rows)
        self._audit_read(rows, page)
        return self.get_paginated_response(
            s.MedicationPrescriptionSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        prescription = access(request.user, Prescription.objects, pk, *READ)
        actions.record_medication_view(prescription.client, acting_user=request.user)
        return Response(s.MedicationPrescriptionSerializer(prescription).data)

    def create(self, request):
        data = _parse(s.MedicationPrescriptionInputSerializer, request)
        client = _client(request.user, data.pop("client"))
        prescription = actions.do_add_prescription(client, acting_user=request.user, **data)
        return Response(s.MedicationPrescriptionSerializer(prescription).data, status=201)

    @extend_schema(summary=T("End a prescription on its last day"),
                   request=s.MedicationPrescriptionEndSerializer,
                   responses={200: s.MedicationPrescriptionSerializer,
                              **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        prescription = access(request.user, Prescription.objects, pk, *WRITE)
        data = _parse(s.MedicationPrescriptionEndSerializer, request)
        prescription = actions.do_end_prescription(prescription, acting_user=request.user,
                                                   ended_on=data["ended_on"])
        return Response(s.MedicationPrescriptionSerializer(prescription).data)


@extend_schema(tags=["medication"])
@extend_schema_view(
    list=extend_schema(
        summary=T("Dose records of the clients you see, newest first"),
        parameters=[CLIENT_FILTER,
                    OpenApiParameter("prescription", OpenApiTypes.INT,
                                     description="Only this prescription's doses."),
                    OpenApiParameter("date", OpenApiTypes.DATE,
                                     description="Only the doses scheduled on this day.")],
        responses={200: s.MedicationAdministrationSerializer(many=True),
                   **error_responses(400, 401, 403)}),
    create=extend_schema(summary=T("Record a scheduled dose as given, refused or missed"),
                         request=s.MedicationAdministrationInputSerializer,
                         responses={201: s.MedicationAdministrationSerializer,
                                    **error_responses(400, 401, 403)}),
)
class AdministrationViewSet(_MedicationViewSet):
    required_capabilities = {"list": READ, "metadata": READ, "create": WRITE}
    serializer_class = s.MedicationAdministrationSerializer
    doses = True

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Administration.objects.none()
        return Administration.objects.visible_to(self.request.user)

    def list(self, request):
        rows = self._filtered(self.get_queryset())
        prescription_id = _id(request.query_params.get("prescription"), "prescription")
        if prescription_id is not None:
            rows = rows.filter(prescription_id=prescription_id)
        day = request.query_params.get("date")
        if day:
            try:
                day = datetime.date.fromisoformat(day)
            except ValueError:
                raise ValidationError({"date": _("Give a date as YYYY-MM-DD.")}) from None
            rows = rows.filter(scheduled_for__gte=scheduled_at(day, "00:00"),
                               scheduled_for__lt=scheduled_at(
                                   day + datetime.timedelta(days=1), "00:00"))
        page = self.paginate_queryset(rows.order_by("-scheduled_for", "-pk"))
        self._audit_read(rows, page)
        return self.get_paginated_response(
            s.MedicationAdministrationSerializer(page, many=True).data)

    def create(self, request):
        data = _parse(s.MedicationAdministrationInputSerializer, request)
        prescription = Prescription.objects.visible_to(request.user).filter(
            pk=data.pop("prescription")).first()
        if prescription is None:
            raise ValidationError({"prescription": _("Choose a prescription of a client you "
                                                     "follow.")})
        row = actions.do_record_administration(prescription, acting_user=request.user, **data)
        return Response(s.MedicationAdministrationSerializer(row).data, status=201)


ROUTES: list[tuple] = [
    ("medication-prescriptions", PrescriptionViewSet, "medication-prescription"),
    ("medication-administrations", AdministrationViewSet, "medication-administration"),
]
