"""Training sessions, daily services and the weekly participation record over the API:
`/api/v1/training-sessions/` (list, ?case=; create), `/api/v1/daily-services/` (list, ?date=;
create) and `/api/v1/participation/` (?week=2026-W49). Registered under /api/v1/ by
anxin/api/urls.py from `ROUTES`: (prefix, viewset, basename).

Each endpoint calls the action or selector its page calls, so checks and audit are the same
both ways. Reading needs CASE_VIEW, writing REHAB_RECORD too (403 before any lookup); a case of
another organisation, or one the user does not see, is a 404 (?case=) or refused like an
unknown id (a body's `case`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.accounts.capabilities import CASE_VIEW, REHAB_RECORD
from anxin.accounts.choices import OrganizationKind
from anxin.api.parsers import JSONParser
from anxin.api.permissions import HasCapability
from anxin.api.schema import error_responses
from anxin.cases.access import access_case
from anxin.cases.models import Case
from anxin.core.exceptions import NotPermitted, NotVisible

from . import actions, selectors
from . import serializers as s
from .models import DailyServiceLog, TrainingSession
from .participation import Week, weekly_participation

READ = {CASE_VIEW}
WRITE = {CASE_VIEW, REHAB_RECORD}
T = gettext_lazy
REHAB_CENTRES = (OrganizationKind.REHAB_DAY, OrganizationKind.REHAB_RESIDENTIAL)


def _parse(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _case(user, case_id) -> Case | None:
    if case_id is None:
        return None
    case = Case.objects.visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise ValidationError({"case": _("Choose a resident whose case you follow.")})
    return case


def _colleagues(user, ids, field: str) -> list:
    """The users named by id among the organisation's staff; an id that is not one of them is
    refused like a colleague who has left."""
    ids = list(dict.fromkeys(ids))
    found = {u.pk: u for u in selectors.staff_of(user.membership.organization_id)
             .filter(pk__in=ids)}
    if len(found) != len(ids):
        raise ValidationError({field: _("Choose an active member of your organisation's "
                                        "staff.")})
    return [found[pk] for pk in ids]


def _centre(user, *kinds) -> None:
    organization = user.organization
    if organization is None or organization.kind not in (kinds or REHAB_CENTRES):
        raise NotPermitted


class _Base(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    parser_classes = [JSONParser]
    required_capabilities = {"list": READ, "metadata": READ, "create": WRITE}


@extend_schema(tags=["programmes"])
@extend_schema_view(
    list=extend_schema(
        summary=T("Individual training sessions (REH-5.5), newest first"),
        parameters=[OpenApiParameter("case", OpenApiTypes.INT, description="A case's id.")],
        responses={200: s.ProgrammeTrainingSessionSerializer(many=True),
                   **error_responses(401, 403, 404)}),
    create=extend_schema(
        summary=T("Record a one-to-one or home training session (45–60 minutes, REH-5.5.1.3; "
                  "a chaperone when the lead's sex differs, REH-5.6.2; two staff at home, "
                  "REH-5.6.3)"),
        request=s.ProgrammeTrainingSessionInputSerializer,
        responses={201: s.ProgrammeTrainingSessionSerializer,
                   **error_responses(400, 401, 403, 404)}),
)
class TrainingSessionViewSet(_Base):
    serializer_class = s.ProgrammeTrainingSessionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TrainingSession.objects.none()
        user = self.request.user
        case_id = self.request.query_params.get("case")
        if case_id is not None:
            case = access_case(user, case_id)
            if case.pathway != actions.REH:
                raise NotVisible
            rows = selectors.case_sessions(case, user)
        else:
            rows = TrainingSession.objects.visible_to(user).order_by("-started_at", "-id")
        return rows.prefetch_related("staff_rows")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            s.ProgrammeTrainingSessionSerializer(page, many=True).data)

    def create(self, request):
        user = request.user
        data = _parse(s.ProgrammeTrainingSessionInputSerializer, request)
        case = _case(user, data.pop("case"))
        lead = _colleagues(user, [data.pop("lead")], "lead")[0]
        staff = _colleagues(user, data.pop("staff"), "staff")
        chaperone_id = data.pop("chaperone")
        chaperone = (_colleagues(user, [chaperone_id], "chaperone")[0]
                     if chaperone_id is not None else None)
        session = actions.do_record_training_session(case, acting_user=user, lead=lead,
                                                     staff=staff, chaperone=chaperone, **data)
        session = TrainingSession.objects.prefetch_related("staff_rows").get(pk=session.pk)
        return Response(s.ProgrammeTrainingSessionSerializer(session).data, status=201)


@extend_schema(tags=["programmes"])
@extend_schema_view(
    list=extend_schema(
        summary=T("A residential centre's daily services of one day (REH-4.6.2)"),
        parameters=[OpenApiParameter("date", OpenApiTypes.DATE,
                                     description="The day; today when absent.")],
        responses={200: s.ProgrammeDailyServiceSerializer(many=True),
                   **error_responses(400, 401, 403)}),
    create=extend_schema(
        summary=T("Record a daily service, for a resident or the whole house (REH-4.6.2)"),
        request=s.ProgrammeDailyServiceInputSerializer,
        responses={201: s.ProgrammeDailyServiceSerializer,
                   **error_responses(400, 401, 403)}),
)
class DailyServiceViewSet(_Base):
    serializer_class = s.ProgrammeDailyServiceSerializer

    def _day(self) -> datetime.date:
        value = self.request.query_params.get("date")
        if not value:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValidationError({"date": _("Give a date such as 2026-12-01.")}) from None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DailyServiceLog.objects.none()
        _centre(self.request.user, OrganizationKind.REHAB_RESIDENTIAL)
        return selectors.day_services(self.request.user, self._day()).select_related(None)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        if page:
            actions.record_daily_view(page[0].date, acting_user=request.user)
        return self.get_paginated_response(
            s.ProgrammeDailyServiceSerializer(page, many=True).data)

    def create(self, request):
        data = _parse(s.ProgrammeDailyServiceInputSerializer, request)
        case = _case(request.user, data.pop("case"))
        entry = actions.do_record_daily_service(acting_user=request.user, case=case, **data)
        return Response(s.ProgrammeDailyServiceSerializer(entry).data, status=201)


@extend_schema(tags=["programmes"])
@extend_schema_view(
    list=extend_schema(
        summary=T("The weekly participation record (REH-6.4.3.4): each resident's sessions "
                  "and group attendance of an ISO week"),
        parameters=[OpenApiParameter("week", OpenApiTypes.STR,
                                     description="An ISO week such as 2026-W49; this week "
                                                 "when absent.")],
        responses={200: s.ProgrammeParticipationSerializer,
                   **error_responses(400, 401, 403)}),
)
class ParticipationViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    required_capabilities = {"list": READ, "metadata": READ}
    serializer_class = s.ProgrammeParticipationSerializer

    def list(self, request):
        _centre(request.user)
        week = Week.parse(request.query_params.get("week"))
        record = weekly_participation(request.user, week)
        return Response(s.ProgrammeParticipationSerializer(record).data)


ROUTES: list[tuple] = [
    ("training-sessions", TrainingSessionViewSet, "training-session"),
    ("daily-services", DailyServiceViewSet, "daily-service"),
    ("participation", ParticipationViewSet, "participation"),
]
