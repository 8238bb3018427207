"""The document kinds over the API: `GET /api/v1/forms/` lists the latest version of each with
its field schema, `GET /api/v1/forms/{code}/` reads one. Definitions are no one's data: any
signed-in user or token may read them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.api.schema import ApiErrorResponseSerializer, error_responses

from .. import actions
from ..models import Document
from ..registry import UnknownKind, kinds
from ..subjects import subjects
from .serializers import (
    DocumentCreateSerializer,
    DocumentDetailSerializer,
    DocumentReviewRequestSerializer,
    DocumentSerializer,
    DocumentUpdateSerializer,
    FormSerializer,
)

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


def _invalid(exc) -> ValidationError:
    """The engine's problems as the API's field errors, keyed by each field's path."""
    fields = {}
    for problem in exc.problems:
        fields.setdefault(problem.path or "non_field_errors", []).append(problem.message)
    return ValidationError(fields)


@extend_schema(tags=["documents"])
class DocumentViewSet(viewsets.GenericViewSet):
    """Documents of the subjects the caller sees (cases, groups, sessions); written, submitted
    and reviewed through the same actions, checks and audit events as the pages. Which
    capability a call needs depends on the document's subject (documents/subjects.py): the
    lookups answer 403 and 404 as the pages do."""

    permission_classes = [IsAuthenticated]
    serializer_class = DocumentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        documents = Document.objects.visible_to(self.request.user).order_by("-id")
        for subject in subjects.all():
            if value := self.request.query_params.get(subject.name):
                documents = documents.filter(
                    **{f"{subject.field}_id": value if value.isdigit() else 0})
        if kind := self.request.query_params.get("kind"):
            documents = documents.filter(kind=kind)
        return documents

    def _document(self, pk):
        from ..views import access_document

        return access_document(self.request.user, pk)

    @extend_schema(summary=_("List the documents you see (filter by case, group, session or "
                             "kind)"),
                   parameters=[OpenApiParameter("case", OpenApiTypes.INT),
                               OpenApiParameter("group", OpenApiTypes.INT),
                               OpenApiParameter("group_session", OpenApiTypes.INT),
                               OpenApiParameter("kind", OpenApiTypes.STR)],
                   responses={200: DocumentSerializer(many=True), **error_responses(401, 403)})
    def list(self, request):
        from anxin.accounts.capabilities import CASE_VIEW, COMMUNITY_VIEW

        if not (request.user.can(CASE_VIEW) or request.user.can(COMMUNITY_VIEW)):
            raise PermissionDenied
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)

    @extend_schema(summary=_("Read one document with its review history"),
                   responses={200: DocumentDetailSerializer, **error_responses(401, 403, 404)})
    def retrieve(self, request, pk=None):
        return Response(DocumentDetailSerializer(self._document(pk)).data)

    @extend_schema(summary=_("Begin a document: a draft of the kind's latest version, for the "
                             "case, group or session its kind belongs to"),
                   request=DocumentCreateSerializer,
                   responses={201: DocumentDetailSerializer,
                              **error_responses(400, 401, 403, 404)})
    def create(self, request):
        body = DocumentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            kind = kinds.latest(body.validated_data["kind"])
        except UnknownKind:
            raise ValidationError({"kind": [_("No such form.")]}) from None
        subject = subjects.get(kind.subject)
        if subject.name not in body.validated_data:
            raise ValidationError({subject.name: [
                _("This form belongs to a %(subject)s: give its id in “%(field)s”.")
                % {"subject": subject.label, "field": subject.name}]})
        of = subject.access(request.user, body.validated_data[subject.name], for_write=True)
        try:
            document = actions.do_save_document(of, kind.code, body.validated_data["data"],
                                                acting_user=request.user)
        except actions.DocumentInvalid as exc:
            raise _invalid(exc) from None
        return Response(DocumentDetailSerializer(document).data, status=201)

    @extend_schema(summary=_("Save a draft or returned document again (every answer)"),
                   request=DocumentUpdateSerializer,
                   responses={200: DocumentDetailSerializer,
                              **error_responses(400, 401, 403, 404)})
    def partial_update(self, request, pk=None):
        from ..views import access_document

        document = access_document(request.user, pk, for_write=True)
        body = DocumentUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            document = actions.do_save_document(document.subject_object, document.kind,
                                                body.validated_data["data"],
                                                acting_user=request.user, document=document)
        except actions.DocumentInvalid as exc:
            raise _invalid(exc) from None
        return Response(DocumentDetailSerializer(document).data)

    @extend_schema(summary=_("Submit a document (for approval when its kind needs one)"),
                   request=None, responses={200: DocumentDetailSerializer,
                                            **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        from ..views import access_document

        document = access_document(request.user, pk, for_write=True)
        try:
            document = actions.do_submit_document(document, acting_user=request.user)
        except actions.DocumentInvalid as exc:
            raise _invalid(exc) from None
        return Response(DocumentDetailSerializer(document).data)

    @extend_schema(summary=_("Begin a revision of a completed or approved document (a draft "
                             "that supersedes it once completed or approved)"),
                   request=None, responses={201: DocumentDetailSerializer,
                                            **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        from ..views import access_document

        document = access_document(request.user, pk, for_write=True)
        revision = actions.do_revise_document(document, acting_user=request.user)
        return Response(DocumentDetailSerializer(revision).data, status=201)

    @extend_schema(summary=_("Approve or return a submitted document"),
                   request=DocumentReviewRequestSerializer,
                   responses={200: DocumentDetailSerializer,
                              **error_responses(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        document = self._document(pk)
        body = DocumentReviewRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actions.do_review_document(document, acting_user=request.user,
                                   decision=body.validated_data["decision"],
                                   comment=body.validated_data["comment"])
        document.refresh_from_db()
        return Response(DocumentDetailSerializer(document).data)
