"""Crisis alerts over the API, for the phone app and partner systems: the list most urgent
first, one alert with its protocol and step log, and the three things done to it. Reads go
through `Alert.objects.visible_to`; writes call the same actions as the alert page."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.accounts.capabilities import ALERT_HANDLE, ALERT_VIEW
from anxin.api.permissions import HasCapability
from anxin.api.schema import error_responses
from anxin.audit.actions import record

from .. import actions
from ..choices import AlertStatus
from ..models import Alert, AlertStep
from .serializers import (
    AlertDetailSerializer,
    AlertListSerializer,
    AlertStepSerializer,
    ResolveInputSerializer,
    StepInputSerializer,
)


@extend_schema(tags=["alerts"])
@extend_schema_view(
    list=extend_schema(summary=_("Crisis alerts you can see, most urgent first"),
                       responses={200: AlertListSerializer(many=True), **error_responses(403)}),
    retrieve=extend_schema(summary=_("One alert with its protocol and steps"),
                           responses={200: AlertDetailSerializer, **error_responses(403, 404)}),
)
class AlertViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    required_capabilities = {
        "list": {ALERT_VIEW}, "retrieve": {ALERT_VIEW},
        "acknowledge": {ALERT_HANDLE}, "steps": {ALERT_HANDLE}, "resolve": {ALERT_HANDLE},
    }

    def get_queryset(self):
        alerts = Alert.objects.visible_to(self.request.user).most_urgent_first()
        if self.action == "list":
            if self.request.query_params.get("status") != "all":
                alerts = alerts.exclude(status=AlertStatus.RESOLVED)
            # The list shows neither the details nor the steps: nothing to decrypt or fetch.
            return alerts.defer("detail", "detail_params", "resolution")
        return alerts.prefetch_related(
            Prefetch("steps", queryset=AlertStep.objects.select_related("taken_by")))

    def get_serializer_class(self):
        return AlertListSerializer if self.action == "list" else AlertDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        alert = self.get_object()
        record("safety.alert.viewed", actor=request.user, target=alert, client=alert.client)
        return Response(AlertDetailSerializer(alert).data)

    def _fresh(self, alert):
        return Response(AlertDetailSerializer(self.get_queryset().get(pk=alert.pk)).data)

    @extend_schema(summary=_("Acknowledge: I am dealing with this"), request=None,
                   responses={200: AlertDetailSerializer, **error_responses(403, 404)})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        alert = self.get_object()
        actions.do_acknowledge_alert(alert, acting_user=request.user)
        return self._fresh(alert)

    @extend_schema(summary=_("Log a step: a protocol item, or a note"),
                   request=StepInputSerializer,
                   responses={201: AlertStepSerializer, **error_responses(400, 403, 404)})
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        alert = self.get_object()
        data = StepInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        step = actions.do_record_alert_step(alert, acting_user=request.user, **data.validated_data)
        return Response(AlertStepSerializer(step).data, status=201)

    @extend_schema(summary=_("Resolve, saying how, and why each unticked step did not apply"),
                   request=ResolveInputSerializer,
                   responses={200: AlertDetailSerializer, **error_responses(400, 403, 404)})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        alert = self.get_object()
        data = ResolveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.do_resolve_alert(alert, acting_user=request.user,
                                 resolution=data.validated_data["resolution"],
                                 not_applicable=data.validated_data["not_applicable"])
        return self._fresh(alert)
