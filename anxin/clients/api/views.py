"""Clients over the API: each endpoint parses, fetches through access_client, calls an action.

The actions are the ones the web views call, so permission checks, validation and the audit
trail are the same whichever way a client's file is changed.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.accounts.capabilities import CLIENT_CREATE, CLIENT_EDIT, CLIENT_VIEW
from anxin.api.permissions import HasCapability
from anxin.api.schema import error_responses
from anxin.clients import actions
from anxin.clients.access import access_client
from anxin.clients.models import Client
from anxin.clients.selectors import with_list_relations

from .filters import ClientFilter
from .serializers import (
    ClientCreateSerializer,
    ClientDetailSerializer,
    ClientListSerializer,
    ClientUpdateSerializer,
)


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
                                    **error_responses(400, 401, 403, 404)}),
    partial_update=extend_schema(summary=_("Change some of a client's details"),
                                 responses={200: ClientDetailSerializer,
                                            **error_responses(400, 401, 403, 404)}),
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
        return Response(ClientDetailSerializer(client).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, pk=None):
        client = access_client(request.user, pk)
        actions.record_client_view(client, acting_user=request.user, channel="api")
        return Response(ClientDetailSerializer(client).data)

    def update(self, request, pk=None, partial=False):
        client = access_client(request.user, pk, for_write=True)
        serializer = self.get_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        if not partial:
            # PUT replaces the details: a field left out is cleared rather than kept.
            data = {field: data.get(field) for field in actions.CLIENT_FIELDS}
        client = actions.do_update_client(client, acting_user=request.user, data=data,
                                          reason=reason)
        return Response(ClientDetailSerializer(client).data)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)
