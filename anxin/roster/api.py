"""The roster over the API: `/api/v1/roster-imports/` (the street-months, and an upload) and
`/api/v1/roster-imports/{id}/entries/` (the people of one).

An upload calls the action the page calls (actions.do_import_roster). A file with bad rows is a
400 whose `rows` lists every problem as {row, field, message}, with nothing saved. Reading needs
CASE_VIEW, uploading ROSTER_IMPORT too (403 before any lookup); another organisation's upload
is a 404. Registered under /api/v1/ by anxin/api/urls.py: (prefix, viewset, basename).
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.accounts.capabilities import CASE_VIEW, ROSTER_IMPORT
from anxin.accounts.models import Region
from anxin.api.permissions import HasCapability
from anxin.api.schema import ApiFieldErrorSerializer, error_responses

from . import actions, selectors
from .access import access_import
from .models import RosterImport

READ = {CASE_VIEW}
WRITE = {CASE_VIEW, ROSTER_IMPORT}


class RosterImportSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    street = serializers.CharField(source="street_id")
    street_name = serializers.CharField(source="street.name")
    month = serializers.DateField(help_text="The first day of the roster's month.")
    row_count = serializers.IntegerField(help_text="People registered (登记在册).")
    matched_count = serializers.IntegerField(help_text="Of them, clients of your organisation.")
    under_grid_count = serializers.IntegerField(
        help_text="Of them, under grid management (REH-6.4.3.2).")
    imported_at = serializers.DateTimeField()
    imported_by = serializers.IntegerField(source="imported_by_id")
    file_name = serializers.CharField()


class RosterEntrySerializer(serializers.Serializer):
    row = serializers.IntegerField(source="row_number", help_text="The spreadsheet's row.")
    name = serializers.CharField()
    id_number_masked = serializers.CharField(source="masked_id_number")
    under_grid_management = serializers.BooleanField()
    diagnosis = serializers.CharField()
    client = serializers.SerializerMethodField(
        help_text="The matched client's id, when you may open their file.")

    def get_client(self, entry) -> int | None:
        visible = self.context.get("visible_clients", {})
        return entry.matched_client_id if entry.matched_client_id in visible else None


class RosterImportInputSerializer(serializers.Serializer):
    street = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    month = serializers.DateField(
        input_formats=["%Y-%m", "%Y-%m-%d"],
        help_text="YYYY-MM (or any day of the month as YYYY-MM-DD).")
    file = serializers.FileField(max_length=200, help_text=(
        "An .xlsx file; first row 姓名, 身份证号, 是否纳入网格管理 (是/否), 诊断 (optional)."))


class RosterRowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    field = serializers.CharField()
    message = serializers.CharField()


class RosterRowsErrorSerializer(serializers.Serializer):
    """The error envelope (anxin/api/errors.py) with, when rows of the file are wrong, each
    problem under `rows`; a wrong street, month or file is reported under `fields` as usual."""

    code = serializers.CharField(help_text="roster_rows_invalid when rows are wrong.")
    message = serializers.CharField()
    fields = serializers.DictField(child=ApiFieldErrorSerializer(many=True), required=False)
    rows = RosterRowErrorSerializer(many=True, required=False)


class RosterRowsErrorResponseSerializer(serializers.Serializer):
    error = RosterRowsErrorSerializer()


@extend_schema(tags=["roster"])
@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Registered rosters of your organisation"),
                       responses={200: RosterImportSerializer(many=True),
                                  **error_responses(401, 403, 404)}),
    create=extend_schema(
        summary=gettext_lazy("Import a street's monthly registered roster (.xlsx)"),
        request={"multipart/form-data": RosterImportInputSerializer},
        responses={201: RosterImportSerializer, 400: RosterRowsErrorResponseSerializer,
                   **error_responses(401, 403)}),
    retrieve=extend_schema(summary=gettext_lazy("One street-month of the registered roster"),
                           responses={200: RosterImportSerializer,
                                      **error_responses(401, 403, 404)}),
)
class RosterImportViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    parser_classes = [MultiPartParser]
    required_capabilities = {"list": READ, "retrieve": READ, "entries": READ,
                             "metadata": READ, "create": WRITE}
    serializer_class = RosterImportSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RosterImport.objects.none()
        return selectors.import_list(self.request.user)

    def _one(self, pk, *, status_code=200):
        roster_import = self.get_queryset().filter(pk=access_import(self.request.user, pk).pk)
        return Response(RosterImportSerializer(roster_import.get()).data, status=status_code)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(RosterImportSerializer(page, many=True).data)

    def create(self, request):
        serializer = RosterImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            roster_import = actions.do_import_roster(
                request.user.organization, street=data["street"], month=data["month"],
                file=data["file"], acting_user=request.user)
        except actions.RosterRowsRefused as exc:
            return Response({"error": {"code": "roster_rows_invalid",
                                       "message": exc.messages[0], "rows": exc.rows}},
                            status=400)
        return self._one(roster_import.pk, status_code=201)

    def retrieve(self, request, pk=None):
        return self._one(pk)

    @extend_schema(summary=gettext_lazy("The people of one street-month (reading is audited)"),
                   responses={200: RosterEntrySerializer(many=True),
                              **error_responses(401, 403, 404)})
    @action(detail=True, methods=["get"])
    def entries(self, request, pk=None):
        roster_import = access_import(request.user, pk)
        page = self.paginate_queryset(selectors.entries(roster_import))
        actions.record_entries_view(roster_import, acting_user=request.user,
                                    page=self.paginator.page.number)
        visible = selectors.openable_clients(request.user, page)
        return self.get_paginated_response(RosterEntrySerializer(
            page, many=True, context={"visible_clients": visible}).data)


ROUTES: list[tuple] = [("roster-imports", RosterImportViewSet, "roster-import")]
