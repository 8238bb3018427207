"""Clients over the API: each endpoint parses, fetches through access_client, calls an action.

The actions are the ones the web views call, so permission checks, validation and the audit
trail are the same whichever way a client's file is changed.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.accounts.capabilities import CLIENT_CREATE, CLIENT_EDIT, CLIENT_VIEW
from anxin.api.permissions import HasCapability
from anxin.api.schema import error_responses
from anxin.clients import actions
from anxin.clients.access import access_client
from anxin.clients.models import Client, ClientDiagnosis, Contact, HouseholdMember
from anxin.clients.selectors import with_list_relations
from anxin.core.concurrency import EditConflict, comparable

from .filters import ClientFilter
from .serializers import (
    ClientCreateSerializer,
    ClientDetailSerializer,
    ClientListSerializer,
    ClientUpdateSerializer,
    EditConflictResponseSerializer,
)

CONFLICT = OpenApiResponse(
    EditConflictResponseSerializer,
    description=_("Someone saved the client after the edit_version you sent; nothing was "
                  "written. `changes` lists each field you sent that differs from what is "
                  "saved now."))


@extend_schema(tags=["clients"])
@extend_schema_view(
    list=extend_schema(summary=_("List the clients you can see"),
                       responses={200: ClientListSerializer(many=True),
                                  **error_responses(400, 401, 403)}),
    create=extend_schema(summary=_("Register a client"),
                         responses={201: ClientDetailSerializer,
                                    **error_responses(400, 401, 403)}),
    retrieve=extend_schema(summary=_("Read a client's file (the reading is audited)"),
                           responses={200: ClientDetailSerializer,
                                      **error_responses(401, 403, 404)}),
    update=extend_schema(summary=_("Replace a client's details"),
                         responses={200: ClientDetailSerializer,
                                    **error_responses(400, 401, 403, 404), 409: CONFLICT}),
    partial_update=extend_schema(summary=_("Change some of a client's details"),
                                 responses={200: ClientDetailSerializer,
                                            **error_responses(400, 401, 403, 404), 409: CONFLICT}),
)
class ClientViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    required_capabilities = {
        "list": {CLIENT_VIEW},
        "retrieve": {CLIENT_VIEW},
        "create": {CLIENT_VIEW, CLIENT_CREATE},
        "update": {CLIENT_VIEW, CLIENT_EDIT},
        "partial_update": {CLIENT_VIEW, CLIENT_EDIT},
        "metadata": {CLIENT_VIEW},
    }
    serializer_classes = {
        "create": ClientCreateSerializer,
        "retrieve": ClientDetailSerializer,
        "update": ClientUpdateSerializer,
        "partial_update": ClientUpdateSerializer,
    }
    filterset_class = ClientFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Client.objects.none()
        return with_list_relations(Client.objects.visible_to(self.request.user))

    def get_serializer_class(self):
        # The browsable API builds its forms from this, so each action gets its own fields.
        return self.serializer_classes.get(self.action, ClientListSerializer)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        confirm = data.pop("confirm_not_duplicate")
        client = actions.do_register_client(
            request.user.organization, acting_user=request.user, data=data,
            confirm_not_duplicate=confirm)
        return Response(client_file(client), status=status.HTTP_201_CREATED)

    def retrieve(self, request, pk=None):
        client = access_client(request.user, pk)
        actions.record_client_view(client, acting_user=request.user, channel="api")
        return Response(client_file(client))

    def update(self, request, pk=None, partial=False):
        client = access_client(request.user, pk, for_write=True)
        serializer = self.get_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        if "edit_version" not in data:
            raise serializers.ValidationError({"edit_version": [serializers.ErrorDetail(
                _("Send the edit_version you read, so that a change saved meanwhile is not "
                  "overwritten."), code="required")]})
        edit_version = data.pop("edit_version")
        if not partial:
            # PUT replaces the details: a field left out is cleared rather than kept.
            data = {field: data.get(field) for field in actions.CLIENT_FIELDS}
        try:
            client = actions.do_update_client(client, acting_user=request.user, data=data,
                                              reason=reason, edit_version=edit_version)
        except EditConflict as exc:
            return edit_conflict_response(exc)
        return Response(client_file(client))

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)


def client_file(client: Client) -> dict:
    """The client's file as the API shows it. The people and diagnoses on it are read naming
    the client's organisation, so that each read goes to its shard (core/tenancy.py)."""
    own = {"organization_id": client.organization_id}
    prefetch_related_objects(
        [client], Prefetch("contacts", queryset=Contact.objects.filter(**own)),
        Prefetch("household", queryset=HouseholdMember.objects.filter(**own)),
        Prefetch("diagnoses", queryset=ClientDiagnosis.objects.filter(**own)))
    return ClientDetailSerializer(client).data


def edit_conflict_response(exc: EditConflict) -> Response:
    """409 Conflict (RFC 9110 §15.5.10): the client was saved by someone else after the
    edit_version sent; nothing was written. Each field sent that differs from what is saved
    now, with both values, so the program can show them and send a merged change."""
    saved_by = exc.saved_by
    model = type(exc.instance)
    return Response({"error": {
        "code": "edit_conflict",
        "message": exc.message,
        "read_version": exc.read_version,
        "current_version": exc.current_version,
        "saved_by": ({"id": saved_by.pk, "username": saved_by.username,
                      "full_name": saved_by.full_name} if saved_by is not None else None),
        "saved_at": exc.saved_at.isoformat() if exc.saved_at else None,
        "changes": [{"field": change.field,
                     "label": str(capfirst(model._meta.get_field(change.field).verbose_name)),
                     "yours": comparable(change.yours), "saved": comparable(change.saved)}
                    for change in exc.changes],
    }}, status=status.HTTP_409_CONFLICT)
