"""Cases over the API: the list, one case with its documents, and one endpoint per action of
the pathway tables.

Reads go through `Case.objects.visible_to` and `access_case`; moves call `do_transition`, the
action the case page calls, so the engine's checks, the capability, the timeline row and the
audit event are the same whichever way a case is moved. Every action of a table gets its own
route (`POST /cases/{id}/<code>/`), generated below, so each is documented with its own
summary and body in the OpenAPI schema.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anxin.accounts.capabilities import CASE_TRANSITION, CASE_VIEW
from anxin.api.permissions import HasCapability
from anxin.api.schema import ApiErrorResponseSerializer, error_responses

from .. import facts
from ..access import access_case
from ..actions.cases import do_transition
from ..actions.reads import record_case_view
from ..models import (
    Assessment,
    Case,
    Closure,
    Consent,
    Evaluation,
    FollowUp,
    PlanRow,
    Referral,
    Review,
    ServicePlan,
    ServiceRecord,
    StageChange,
)
from ..selectors import with_list_relations
from ..workflow import engine
from ..workflow.pathways import PATHWAYS
from .filters import CaseFilter
from .serializers import (
    CaseDetailSerializer,
    CaseListSerializer,
    FollowUpTransitionSerializer,
    TransitionErrorResponseSerializer,
    TransitionSerializer,
)

NOT_FOUND = OpenApiResponse(ApiErrorResponseSerializer,
                            description=_("No such case, or not one you may see."))
CONFLICT = OpenApiResponse(
    TransitionErrorResponseSerializer,
    description=_("The case cannot take this action now: illegal_transition when the action "
                  "does not leave its stage, transition_refused with what is missing."))

LIST_SEPARATOR = pgettext_lazy("list separator", "; ")

# Actions whose body carries more than a reason, and what it carries (passed on as `payload`).
PAYLOAD_SERIALIZERS = {"record_follow_up": FollowUpTransitionSerializer}


def _transitions_by_code() -> dict[str, list[engine.Transition]]:
    """Each action code of every pathway table, with the transitions that carry it."""
    found: dict[str, list[engine.Transition]] = {}
    for pathway in PATHWAYS.values():
        for transition in pathway.transitions:
            found.setdefault(transition.code, []).append(transition)
    return found


TRANSITIONS = _transitions_by_code()


def _capability(code: str) -> str:
    """The capability checked before any lookup: the table's, when every pathway agrees on it;
    otherwise the common one, and do_transition checks the pathway's own after the lookup."""
    capabilities = {t.capability for t in TRANSITIONS[code]}
    return capabilities.pop() if len(capabilities) == 1 else CASE_TRANSITION


def _method_name(code: str) -> str:
    # Prefixed so that an action code can never shadow a method of the viewset.
    return f"transition_{code}"


def allowed_actions(case: Case, user) -> list[dict]:
    """engine.evaluate for the case's stage and documents, with whether `user` may act."""
    checks = engine.evaluate(case.pathway_table, case.stage, facts.satisfied(case))
    return [{
        "code": check.transition.code,
        "label": check.transition.label,
        "to_stage": check.transition.to_stage,
        "clause": check.transition.clause,
        "allowed": check.allowed,
        "missing": [requirement_data(r) for r in check.missing],
        "needs_reason": check.transition.needs_reason,
        "capability": check.transition.capability,
        "has_capability": user.can(check.transition.capability),
    } for check in checks]


def requirement_data(requirement: engine.Requirement) -> dict:
    return {"code": requirement.code, "description": str(requirement.description),
            "clause": requirement.clause}


def prefetch_case_file(case: Case) -> None:
    """Load the timeline and every document of the case, with the people named on them, in a
    fixed number of queries."""
    # Every query names the case's organisation, so that it goes to one shard (core/tenancy.py).
    own = {"organization_id": case.organization_id}
    reviews = Prefetch("reviews", queryset=Review.objects.filter(**own)
                       .select_related("reviewer"))
    rows = Prefetch("rows", queryset=PlanRow.objects.filter(**own))
    reviewed = ("created_by", "worker_confirmed_by", "approved_by")
    prefetch_related_objects(
        [case],
        Prefetch("stage_changes", queryset=StageChange.objects.filter(**own)
                 .select_related("actor")),
        Prefetch("consents", queryset=Consent.objects.filter(**own).select_related(
            "informed_by", "worker_signed_by", "recorded_by")),
        "application__decided_by",
        Prefetch("assessments", queryset=Assessment.objects.filter(**own)
                 .select_related("created_by").order_by("episode", "id")),
        Prefetch("plans", queryset=ServicePlan.objects.filter(**own).select_related(*reviewed)
                 .prefetch_related(rows, reviews).order_by("version")),
        Prefetch("service_records", queryset=ServiceRecord.objects.filter(**own)
                 .select_related("created_by").prefetch_related("staff_members")),
        Prefetch("evaluations", queryset=Evaluation.objects.filter(**own)
                 .select_related("created_by").order_by("episode", "id")),
        Prefetch("closures", queryset=Closure.objects.filter(**own).select_related(*reviewed)
                 .prefetch_related(reviews).order_by("episode", "id")),
        Prefetch("follow_ups", queryset=FollowUp.objects.filter(**own)
                 .select_related("recorded_by")),
        Prefetch("referrals", queryset=Referral.objects.select_related(
            "organization", "to_organization", "decided_by", "created_by")
                 .order_by("created_at", "id")),
    )


def _join(items) -> object:
    """A list of lazy labels, joined and translated when it is rendered."""
    joined: list = []
    for item in items:
        joined += [LIST_SEPARATOR, item] if joined else [item]
    return format_lazy("{}" * len(joined), *joined)


def _description(transition: engine.Transition) -> object:
    """What the schema says of an action, from its table entry, in the reader's language."""
    pathway = next(p for p in PATHWAYS.values() if transition in p.transitions)
    parts = [format_lazy(
        _("{clause}: from {from_stages} to {to_stage}."), clause=transition.clause,
        from_stages=_join(pathway.stage(code).label for code in transition.from_stages),
        to_stage=pathway.stage(transition.to_stage).label)]
    if transition.requirements:
        parts.append(format_lazy(_("Requires: {requirements}."),
                                 requirements=_join(r.description
                                                    for r in transition.requirements)))
    if transition.needs_reason:
        parts.append(_("A reason is required."))
    if transition.capability != CASE_TRANSITION:
        parts.append(format_lazy(_("Only for roles with the {capability} capability."),
                                 capability=transition.capability))
    return format_lazy(" ".join(["{}"] * len(parts)), *parts)


@extend_schema(tags=["cases"])
@extend_schema_view(
    list=extend_schema(summary=_("List the cases you can see"),
                       responses={200: CaseListSerializer(many=True),
                                  **error_responses(400, 401, 403)}),
    retrieve=extend_schema(
        summary=_("Read a case with its documents, timeline and allowed actions (the reading "
                  "is audited)"),
        responses={200: CaseDetailSerializer, **error_responses(401, 403), 404: NOT_FOUND}),
)
class CaseViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, HasCapability]
    # Capability before lookup: a role that may not take an action is refused with 403
    # whatever the id, as for the clients API.
    required_capabilities = {
        "list": {CASE_VIEW},
        "retrieve": {CASE_VIEW},
        "metadata": {CASE_VIEW},
        "unknown_action": {CASE_VIEW},
        **{_method_name(code): {CASE_VIEW, _capability(code)} for code in TRANSITIONS},
    }
    filterset_class = CaseFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Case.objects.none()
        return with_list_relations(Case.objects.visible_to(self.request.user))

    def get_serializer_class(self):
        name = self.action
        if name == "metadata":  # OPTIONS describes the body of the route's own method
            name = (self.action_map or {}).get(self.request.method.lower(), name)
        if name == "retrieve":
            return CaseDetailSerializer
        code = (name or "").removeprefix("transition_")
        if code in TRANSITIONS:
            return PAYLOAD_SERIALIZERS.get(code, TransitionSerializer)
        return CaseListSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    @classmethod
    def get_extra_actions(cls):
        # The catch-all route must come after the actions' own routes, or it would take them.
        return sorted(super().get_extra_actions(), key=lambda a: a.__name__ == "unknown_action")

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        case = access_case(request.user, pk)
        record_case_view(case, acting_user=request.user, channel="api")
        return Response(self.case_detail(case))

    def case_detail(self, case: Case) -> dict:
        prefetch_case_file(case)
        context = {**self.get_serializer_context(),
                   "allowed_actions": allowed_actions(case, self.request.user)}
        return CaseDetailSerializer(case, context=context).data

    def take_action(self, request, pk, code: str) -> Response:
        case = access_case(request.user, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason")
        try:
            case = do_transition(case, code, acting_user=request.user, reason=reason,
                                 payload=data)
        except engine.IllegalTransition as exc:
            return self.conflict("illegal_transition", exc.message)
        except engine.TransitionRefused as exc:
            return self.conflict("transition_refused", exc.message,
                                 missing=[requirement_data(r) for r in exc.missing])
        return Response(self.case_detail(case))

    @staticmethod
    def conflict(code: str, message: str, **extra) -> Response:
        return Response({"error": {"code": code, "message": message, **extra}},
                        status=status.HTTP_409_CONFLICT)

    @extend_schema(exclude=True)
    @action(detail=True, methods=["get", "post", "put", "patch", "delete"],
            url_path=r"(?P<action_code>[^/.]+)", url_name="unknown-action")
    def unknown_action(self, request, pk=None, action_code=None):
        """Any other path under a case: the same error shape as every API error."""
        raise NotFound(_("This case has no action '%(action)s'.") % {"action": action_code})


def _transition_endpoint(code: str):
    transition = TRANSITIONS[code][0]

    def endpoint(self, request, pk=None):
        return self.take_action(request, pk, code)

    endpoint.__name__ = _method_name(code)
    endpoint.__doc__ = f"{transition.code} ({transition.clause})"
    routed = action(detail=True, methods=["post"], url_path=code, url_name=code)(endpoint)
    return extend_schema(
        summary=transition.label, description=_description(transition),
        request=PAYLOAD_SERIALIZERS.get(code, TransitionSerializer),
        responses={200: CaseDetailSerializer, **error_responses(400, 401, 403),
                   404: NOT_FOUND, 409: CONFLICT},
    )(routed)


for _code in TRANSITIONS:
    setattr(CaseViewSet, _method_name(_code), _transition_endpoint(_code))
