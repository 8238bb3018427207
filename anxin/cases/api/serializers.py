"""Case representations for the API.

Output serializers only shape what the views hand them: which actions are allowed, the deadline
and the documents are decided by the workflow engine, `facts`, `deadlines` and the models. The
request serializers only parse types; the transition's rules and messages are the actions'.
Signature images never leave the server here: documents say whether they are signed.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anxin.accounts.models import Organization
from anxin.api.schema import ApiFieldErrorSerializer

from ..deadlines import DeadlineStatus, deadline_status
from ..models import (
    Assessment,
    CaseApplication,
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

# --- References -------------------------------------------------------------------------------


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()


class OrganizationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name"]
        read_only_fields = fields


class CaseClientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    file_number = serializers.CharField()


def _user(**kwargs) -> UserRefSerializer:
    return UserRefSerializer(read_only=True, **kwargs)


# --- Requests ---------------------------------------------------------------------------------


class TransitionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000,
        help_text=_("Why; required by the actions that need a reason, kept on the timeline "
                    "and in the audit trail."))


class FollowUpTransitionSerializer(TransitionSerializer):
    """A follow-up visit (CMH-6.6). Missing or wrong values are reported by the action."""

    follow_up = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text=_("The planned follow-up this visit fills; empty for an unplanned one."))
    done_on = serializers.DateField(required=False, allow_null=True, default=None)
    mode = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    finding = serializers.CharField(required=False, allow_blank=True, default="")
    reopen_recommended = serializers.BooleanField(required=False, default=False)


# --- Workflow ---------------------------------------------------------------------------------


class RequirementSerializer(serializers.Serializer):
    code = serializers.CharField()
    description = serializers.CharField()
    clause = serializers.CharField()


class AllowedActionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    to_stage = serializers.CharField()
    clause = serializers.CharField()
    allowed = serializers.BooleanField(
        help_text=_("The case meets every requirement of the action now."))
    missing = RequirementSerializer(many=True)
    needs_reason = serializers.BooleanField()
    capability = serializers.CharField()
    has_capability = serializers.BooleanField(
        help_text=_("Whether your role holds the capability the action needs."))


class DeadlineSerializer(serializers.Serializer):
    due_on = serializers.DateField(allow_null=True)
    working_days_left = serializers.IntegerField(
        allow_null=True, help_text=_("Negative when overdue, in Chinese working days."))
    clause = serializers.CharField()
    text = serializers.CharField()
    problem = serializers.CharField(
        help_text=_("Why there is no due date although the stage has a deadline."))


class StageChangeSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(read_only=True)
    from_stage_label = serializers.CharField(source="from_label", read_only=True)
    to_stage_label = serializers.CharField(source="to_label", read_only=True)
    actor = _user()

    class Meta:
        model = StageChange
        fields = ["id", "action", "action_label", "from_stage", "from_stage_label", "to_stage",
                  "to_stage_label", "reason", "actor", "at"]
        read_only_fields = fields


class TransitionErrorSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["illegal_transition", "transition_refused"])
    message = serializers.CharField(help_text=_("For people, in the request's language."))
    missing = RequirementSerializer(
        many=True, required=False,
        help_text=_("What the case still lacks (transition_refused only)."))
    fields = serializers.DictField(child=ApiFieldErrorSerializer(many=True), required=False)


class TransitionErrorResponseSerializer(serializers.Serializer):
    error = TransitionErrorSerializer()


# --- Documents (forms A–G and referrals) ------------------------------------------------------


class _SignedDocumentSerializer(serializers.ModelSerializer):
    """The signature image stays on the server; the API says only whether there is one."""

    has_client_signature = serializers.SerializerMethodField()

    @extend_schema_field(serializers.BooleanField())
    def get_has_client_signature(self, document) -> bool:
        return document.client_signature_id is not None


class ConsentSerializer(_SignedDocumentSerializer):
    informed_by = _user(allow_null=True)
    worker_signed_by = _user(allow_null=True)
    recorded_by = _user()

    class Meta:
        model = Consent
        exclude = ["case", "client_signature"]


class ApplicationSerializer(serializers.ModelSerializer):
    decided_by = _user(allow_null=True)

    class Meta:
        model = CaseApplication
        exclude = ["case"]


class AssessmentSerializer(serializers.ModelSerializer):
    created_by = _user()

    class Meta:
        model = Assessment
        exclude = ["case"]


class PlanRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanRow
        exclude = ["plan"]


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = _user()

    class Meta:
        model = Review
        fields = ["id", "decision", "comment", "reviewer", "at"]


class _ReviewedDocumentSerializer(_SignedDocumentSerializer):
    created_by = _user()
    worker_confirmed_by = _user(allow_null=True)
    approved_by = _user(allow_null=True)
    reviews = ReviewSerializer(many=True, read_only=True)


class ServicePlanSerializer(_ReviewedDocumentSerializer):
    rows = PlanRowSerializer(many=True, read_only=True)

    class Meta:
        model = ServicePlan
        exclude = ["case", "client_signature"]


class ServiceRecordSerializer(serializers.ModelSerializer):
    created_by = _user()
    staff_members = _user(many=True)

    class Meta:
        model = ServiceRecord
        exclude = ["case"]


class EvaluationSerializer(serializers.ModelSerializer):
    created_by = _user()

    class Meta:
        model = Evaluation
        exclude = ["case"]


class ClosureSerializer(_ReviewedDocumentSerializer):
    class Meta:
        model = Closure
        exclude = ["case", "client_signature"]


class FollowUpSerializer(serializers.ModelSerializer):
    recorded_by = _user(allow_null=True)

    class Meta:
        model = FollowUp
        exclude = ["case"]


class ReferralSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    to_organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    decided_by = _user(allow_null=True)
    created_by = _user()

    class Meta:
        model = Referral
        exclude = ["case"]


class CaseDocumentsSerializer(serializers.Serializer):
    """Every form of the case, of every episode, oldest first."""

    consents = ConsentSerializer(many=True)
    application = ApplicationSerializer(allow_null=True)
    assessments = AssessmentSerializer(many=True)
    plans = ServicePlanSerializer(many=True)
    service_records = ServiceRecordSerializer(many=True)
    evaluations = EvaluationSerializer(many=True)
    closures = ClosureSerializer(many=True)
    follow_ups = FollowUpSerializer(many=True)
    referrals = ReferralSerializer(many=True)


# --- Cases ------------------------------------------------------------------------------------


def _deadline(serializer, case) -> DeadlineStatus | None:
    """The stage's deadline as the case page shows it, counted once per case and request."""
    cache = serializer.context.setdefault("deadlines", {})
    if case.pk not in cache:
        cache[case.pk] = deadline_status(case, serializer.context["today"])
    return cache[case.pk]


class CaseListSerializer(serializers.Serializer):
    """One row of the case list: no documents and no workflow evaluation, so a page costs the
    same few queries whatever its length. The context carries `today`."""

    id = serializers.IntegerField()
    case_number = serializers.CharField()
    client = CaseClientSerializer()
    pathway = serializers.CharField()
    stage = serializers.CharField()
    stage_label = serializers.CharField(source="get_stage_display")
    worker = UserRefSerializer()
    supervisor = UserRefSerializer(allow_null=True)
    source = serializers.CharField()
    opened_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    deadline_text = serializers.SerializerMethodField(
        help_text=_("The stage's deadline in words, e.g. due in 3 working days."))
    is_overdue = serializers.SerializerMethodField(
        help_text=_("The due date has passed and the stage has not been left."))
    episode = serializers.IntegerField()

    def get_deadline_text(self, case) -> str:
        status = _deadline(self, case)
        return status.text if status else ""

    def get_is_overdue(self, case) -> bool:
        # The day after the due date the case is late, even on a day off: the same rule as the
        # `overdue` filter (due_on before today) and the supervisor's queue.
        status = _deadline(self, case)
        return bool(status and status.is_overdue)


class CaseDetailSerializer(CaseListSerializer):
    """One case with what its stage allows, its deadline, timeline and documents.

    The view evaluates the workflow (context `allowed_actions`) and prefetches the timeline and
    documents, so this only shapes them.
    """

    source_detail = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)
    milestones = serializers.DictField(
        child=serializers.CharField(),
        help_text=_("Dates the deadlines count from, e.g. application.received."))
    referred_from = serializers.IntegerField(source="referred_from_id", allow_null=True)
    is_open = serializers.BooleanField()
    is_terminal = serializers.BooleanField()
    created_by = UserRefSerializer()
    created_at = serializers.DateTimeField()
    stage_changed_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    allowed_actions = serializers.SerializerMethodField(
        help_text=_("Every action leaving the stage, allowed or not, and what each still "
                    "needs: the list the case page shows."))
    deadline = serializers.SerializerMethodField()
    timeline = StageChangeSerializer(many=True, source="stage_changes.all")
    documents = serializers.SerializerMethodField()

    @extend_schema_field(AllowedActionSerializer(many=True))
    def get_allowed_actions(self, case) -> list:
        return AllowedActionSerializer(self.context["allowed_actions"], many=True).data

    @extend_schema_field(DeadlineSerializer(allow_null=True))
    def get_deadline(self, case) -> dict | None:
        status = _deadline(self, case)
        return DeadlineSerializer(status).data if status else None

    @extend_schema_field(CaseDocumentsSerializer())
    def get_documents(self, case) -> dict:
        return CaseDocumentsSerializer({
            "consents": case.consents.all(),
            "application": getattr(case, "application", None),
            "assessments": case.assessments.all(),
            "plans": case.plans.all(),
            "service_records": case.service_records.all(),
            "evaluations": case.evaluations.all(),
            "closures": case.closures.all(),
            "follow_ups": case.follow_ups.all(),
            "referrals": case.referrals.all(),
        }).data
