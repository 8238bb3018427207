"""The case documents of the CMH standard, appendices A–G, field for field.

Free text is encrypted at rest (it is what clients tell their social worker). Documents of an
episode (C–G) carry the case's episode number, so a reopened case fills new ones while the old
stay on file.
"""

from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anxin.core.concurrency import Versioned
from anxin.core.crypto import EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

from ..choices import (
    ApplicationDecision,
    BriefKind,
    ConsentMode,
    GoalAttainment,
    Improvement,
    PlanKind,
    ReviewDecision,
    ReviewStatus,
    RiskLevel,
    Satisfaction,
    ServiceMode,
    SignatureKind,
    Signer,
    Stability,
)
from .case import Case

USER = settings.AUTH_USER_MODEL


class Signature(OrganizationOwned):
    """A handwritten signature or fingerprint: drawn on the screen or a scanned page.

    Kept in the database, not on disk, so a form that fails to save leaves no orphan file and a
    backup of the database is a backup of the signatures. Stored before the form that uses
    it, so it has no parent: whoever stores it names the organisation.
    """

    kind = models.CharField(_("kind"), max_length=8, choices=SignatureKind.choices)
    content_type = models.CharField(max_length=32)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64, editable=False)
    signer_name = models.CharField(_("signed by"), max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self):
        return f"{self.signer_name} ({self.get_kind_display()})"


class Consent(OrganizationOwned):
    """A 服务知情同意书 (CMH-A): the client's informed consent, verbal or written.

    The confidentiality exceptions (self-harm or harm to others, legal liability, de-identified
    case discussion) must have been shown; recording needs its own consent (CMH-A 一.3).
    """

    organization_parent = "case"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents",
                             verbose_name=_("case"))
    mode = models.CharField(_("form of consent"), max_length=8, choices=ConsentMode.choices)
    exceptions_explained = models.BooleanField(
        _("confidentiality exceptions explained"), default=False)
    audio_recording_allowed = models.BooleanField(_("audio recording allowed"), default=False)
    video_recording_allowed = models.BooleanField(_("video recording allowed"), default=False)
    # 口头知会: who told the client, and when.
    informed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("informed by"))
    informed_on = models.DateField(_("informed on"), null=True, blank=True)
    # 书面协议: the client's or guardian's signature or fingerprint, and the worker's.
    signer = models.CharField(_("signed by"), max_length=8, choices=Signer.choices, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=64, blank=True)
    client_signature = models.ForeignKey(Signature, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("client's or guardian's signature"))
    client_signed_on = models.DateField(_("client signed on"), null=True, blank=True)
    worker_signed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("worker's signature"))
    worker_signed_on = models.DateField(_("worker signed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("informed consent")
        verbose_name_plural = _("informed consents")
        indexes = [models.Index(fields=["organization", "case"], name="consent_org_case")]

    def __str__(self):
        return f"{self.case} {self.get_mode_display()}"

    @property
    def is_complete(self) -> bool:
        if not self.exceptions_explained:
            return False
        if self.mode == ConsentMode.VERBAL:
            return bool(self.informed_by_id and self.informed_on)
        return bool(self.client_signature_id and self.client_signed_on
                    and self.worker_signed_by_id and self.worker_signed_on)


class CaseApplication(OrganizationOwned, Versioned):
    """A 个案申请表 (CMH-B). The source (申请途径) is kept on the case itself."""

    organization_parent = "case"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="application",
                                verbose_name=_("case"))
    application_number = models.CharField(_("application number"), max_length=32)
    application_date = models.DateField(_("application date"))
    needs = EncryptedTextField(_("client's needs"), blank=True)
    decision = models.CharField(_("decision"), max_length=16, blank=True,
                                choices=ApplicationDecision.choices)
    not_accepted_grounds = models.JSONField(_("grounds"), default=list, blank=True)
    not_accepted_handling = models.JSONField(_("handling"), default=list, blank=True)
    brief_kind = models.CharField(_("kind of brief help"), max_length=16, blank=True,
                                  choices=BriefKind.choices)
    decision_detail = EncryptedTextField(_("details"), blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case application")
        verbose_name_plural = _("case applications")

    def __str__(self):
        return self.application_number

    def get_not_accepted_grounds_display(self) -> list[str]:
        from ..choices import NotAcceptedGround
        return [str(NotAcceptedGround(c).label) for c in self.not_accepted_grounds
                if c in NotAcceptedGround.values]

    def get_not_accepted_handling_display(self) -> list[str]:
        from ..choices import NotAcceptedHandling
        return [str(NotAcceptedHandling(c).label) for c in self.not_accepted_handling
                if c in NotAcceptedHandling.values]


class EpisodeDocument(OrganizationOwned, Versioned):
    # Versioned: forms C, D, F and G are edited in place, so each save names the version it
    # read and a stale one is refused (ADR 0013).
    organization_parent = "case"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("case"))
    episode = models.PositiveSmallIntegerField(_("episode"), default=1)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Assessment(EpisodeDocument):
    """A 预估表 (CMH-C). Disease status comes first, risk level before anything else (CMH-6.2)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments",
                             verbose_name=_("case"))
    filled_on = models.DateField(_("date filled in"))
    disease_type = EncryptedTextField(_("type of illness"), blank=True)
    risk_level = models.PositiveSmallIntegerField(_("risk level (0–5)"), null=True, blank=True,
                                                  choices=RiskLevel.choices)
    medication = EncryptedTextField(_("medication"), blank=True)
    stability = models.CharField(_("stability of illness"), max_length=16, blank=True,
                                 choices=Stability.choices)
    social_security = EncryptedTextField(_("social security"), blank=True)
    family_situation = EncryptedTextField(_("family situation"), blank=True)
    bio_psycho_social = EncryptedTextField(
        _("biological, psychological and social background"), blank=True)
    environment = EncryptedTextField(_("micro, meso and macro environment"), blank=True)
    client_view = EncryptedTextField(_("the client's view of self and situation"), blank=True)
    needs_analysis = EncryptedTextField(_("needs, difficulties and problems"), blank=True)
    resources_analysis = EncryptedTextField(_("resources, strengths and obstacles"),
                                            blank=True)
    problem_diagnosis = EncryptedTextField(_("problem diagnosis"), blank=True)
    prioritised_needs = EncryptedTextField(_("needs in order of priority"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True,
                                        editable=False)

    class Meta:
        verbose_name = _("assessment form")
        verbose_name_plural = _("assessment forms")
        indexes = [models.Index(fields=["organization", "case"], name="assessment_org_case")]
        constraints = [models.UniqueConstraint(fields=["case", "episode"],
                                               name="one_assessment_per_episode")]

    def __str__(self):
        return f"{self.case} C{self.episode}"


class ReviewedDocument(EpisodeDocument):
    """A document that takes effect only when confirmed by the client and the worker and
    approved by a supervisor (CMH-6.3 for the plan, CMH-G for the closing form)."""

    status = models.CharField(_("status"), max_length=12, choices=ReviewStatus.choices,
                              default=ReviewStatus.DRAFT)
    client_signature = models.ForeignKey(Signature, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("client's or family's signature"))
    client_confirmed_on = models.DateField(_("client confirmed on"), null=True, blank=True)
    worker_confirmed_by = models.ForeignKey(USER, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+",
                                            verbose_name=_("worker's confirmation"))
    worker_confirmed_on = models.DateField(_("worker confirmed on"), null=True, blank=True)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("approved by"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def client_confirmed(self) -> bool:
        return bool(self.client_signature_id and self.client_confirmed_on)

    @property
    def worker_confirmed(self) -> bool:
        return bool(self.worker_confirmed_by_id and self.worker_confirmed_on)

    @property
    def is_approved(self) -> bool:
        return self.status == ReviewStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED)


class ServicePlan(ReviewedDocument):
    """A 个案服务计划书 (CMH-D). A supplementary plan supersedes the one before it when it is
    approved; the earlier one stays on file, marked superseded."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans",
                             verbose_name=_("case"))
    version = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind of plan"), max_length=16, choices=PlanKind.choices)
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="superseded_by", verbose_name=_("supersedes"))
    overall_goal = EncryptedTextField(_("overall goal"), blank=True)
    goals = EncryptedTextField(_("goals (one per line)"), blank=True)  # 目标1…n
    revision_reason = EncryptedTextField(_("reason for the revision"), blank=True)

    class Meta:
        ordering = ["case", "version"]
        verbose_name = _("service plan")
        verbose_name_plural = _("service plans")
        constraints = [models.UniqueConstraint(fields=["case", "version"],
                                               name="plan_version_per_case")]
        indexes = [models.Index(fields=["status"], name="plan_status"),
                   models.Index(fields=["organization", "case"], name="plan_org_case"),
                   # The supervisor queue: an organisation's plans waiting, oldest first.
                   models.Index(fields=["organization", "status", "updated_at", "id"],
                                name="plan_org_waiting")]

    def __str__(self):
        return f"{self.case} D{self.version}"

    @property
    def goal_list(self) -> list[str]:
        return [line.strip() for line in (self.goals or "").splitlines() if line.strip()]


class PlanRow(OrganizationOwned):
    """One row of form D's 服务计划 table."""

    organization_parent = "plan"

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField(default=0)
    timing = EncryptedTextField(_("time"))
    strategy = EncryptedTextField(_("intervention strategy"))
    method = EncryptedTextField(_("method of service"))
    client_responsibility = EncryptedTextField(_("client's responsibility"), blank=True)
    roles = EncryptedTextField(_("role of the worker or others"), blank=True)
    evaluation_method = EncryptedTextField(_("evaluation method"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")
        indexes = [models.Index(fields=["organization", "plan"], name="plan_row_org_plan")]

    def __str__(self):
        return f"{self.plan} #{self.position + 1}"


class ServiceRecord(EpisodeDocument):
    """A 个案服务记录表 (CMH-E). The session number counts every session of the case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="service_records",
                             verbose_name=_("case"))
    session_number = models.PositiveIntegerField(_("session number"), editable=False)
    mode = models.CharField(_("mode of service"), max_length=20, choices=ServiceMode.choices)
    mode_detail = models.CharField(_("mode details"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("time"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    place = EncryptedTextField(_("place"))
    participants = EncryptedTextField(_("client and others present"), blank=True)
    staff = models.CharField(_("staff"), max_length=200, blank=True)
    # On a home visit, the colleagues who went, as accounts of the organisation: two at least
    # (CMH-8.2.2a, REH-5.6.3, MSW-9.1.3.2), or the home visit the record reports, whose team
    # was checked when it left. `staff` stays the form's free text (工作人员).
    staff_members = models.ManyToManyField(USER, blank=True, related_name="+",
                                           through="ServiceRecordStaff",
                                           verbose_name=_("staff who went"))
    audio_recorded = models.BooleanField(_("audio recorded"), default=False)
    audio_reference = models.CharField(_("audio reference number"), max_length=64, blank=True)
    video_recorded = models.BooleanField(_("video recorded"), default=False)
    video_reference = models.CharField(_("video reference number"), max_length=64, blank=True)
    goal = EncryptedTextField(_("goal of the session"))
    content = EncryptedTextField(_("content (mainly the client's own account)"))
    evaluation_of_service = EncryptedTextField(_("evaluation of the service"), blank=True)
    evaluation_of_client = EncryptedTextField(_("evaluation of the client"), blank=True)
    evaluation_of_worker = EncryptedTextField(_("evaluation of the worker"), blank=True)
    next_plan = EncryptedTextField(_("next steps"), blank=True)
    # CMH-8.2.2a 家访服务安全管理: on a home visit, each of these is ticked (HOME_VISIT_CHECKLIST).
    checked_home_safety = models.BooleanField(
        _("checked first that the home is safe and the way in and out is clear"), default=False)
    phone_kept_on = models.BooleanField(_("kept phones on and reachable the whole time"),
                                        default=False)
    sat_near_exit = models.BooleanField(_("talked in the living room, close to the exit"),
                                        default=False)
    kept_distance = models.BooleanField(
        _("never turned our backs on the client and kept about 1 metre away"), default=False)
    # An item that could not be done is not ticked; the reason is recorded instead, so the
    # record stays true (MSW-B.1.2 及时、准确、系统记录服务情况).
    checked_home_safety_not_possible = EncryptedTextField(
        _("why the home could not be checked first"), blank=True)
    phone_kept_on_not_possible = EncryptedTextField(
        _("why phones could not be kept on"), blank=True)
    sat_near_exit_not_possible = EncryptedTextField(
        _("why the talk could not be near the exit"), blank=True)
    kept_distance_not_possible = EncryptedTextField(
        _("why the distance could not be kept"), blank=True)

    class Meta:
        ordering = ["case", "session_number"]
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        indexes = [models.Index(fields=["organization", "case"], name="service_record_org_case")]
        constraints = [models.UniqueConstraint(fields=["case", "session_number"],
                                               name="session_number_per_case")]

    def __str__(self):
        return f"{self.case} E{self.session_number}"

    def home_visit_checklist(self) -> list["ChecklistItem"]:
        """Each item of the on-site safety checklist: ticked, or why it was not possible."""
        return [ChecklistItem(name, self._meta.get_field(name).verbose_name, getattr(self, name),
                              getattr(self, not_possible(name)))
                for name in HOME_VISIT_CHECKLIST]


class ServiceRecordStaff(OrganizationOwned):
    """One colleague who went, of a service record's `staff_members`: the link carries the
    record's organisation, so that it lives on the record's shard."""

    organization_parent = "servicerecord"

    servicerecord = models.ForeignKey(ServiceRecord, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "cases_servicerecord_staff_members"
        unique_together = [("servicerecord", "user")]
        indexes = [models.Index(fields=["organization", "servicerecord"],
                                name="record_staff_org_record")]

    def __str__(self):
        return f"{self.servicerecord_id}: {self.user_id}"


class ChecklistItem(NamedTuple):
    name: str
    label: str
    ticked: bool
    not_possible: str  # why it could not be done; "" when ticked


# CMH-8.2.2a: on a home visit, the home is checked for safety and a way out first, phones stay
# on, the talk is in the living room near the exit, and nobody turns their back (about 1 m).
HOME_VISIT_CHECKLIST = ("checked_home_safety", "phone_kept_on", "sat_near_exit",
                        "kept_distance")


def not_possible(item: str) -> str:
    """The field holding why the checklist item `item` could not be done."""
    return f"{item}_not_possible"


class Evaluation(EpisodeDocument):
    """A 服务评估表 (CMH-F): the client's answers, the worker's evaluation, stakeholders'."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evaluations",
                             verbose_name=_("case"))
    evaluated_on = models.DateField(_("evaluation date"))
    services_received = EncryptedTextField(_("services the client received"))
    coping_improved = models.CharField(_("coping and problem-solving improved"), max_length=8,
                                       choices=Improvement.choices)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction with the worker"),
                                                    choices=Satisfaction.choices)
    improvement = models.PositiveSmallIntegerField(_("improvement (1–10)"))
    goal_attainment = models.CharField(_("goal attainment"), max_length=8,
                                       choices=GoalAttainment.choices)
    attainment_reason = EncryptedTextField(_("reasons for the attainment"), blank=True)
    process_evaluation = EncryptedTextField(_("process evaluation"))
    outcome_evaluation = EncryptedTextField(_("outcome evaluation"))
    worker_reflection = EncryptedTextField(_("worker's reflection"), blank=True)
    stakeholder_evaluation = EncryptedTextField(_("stakeholders' evaluation"), blank=True)

    class Meta:
        verbose_name = _("evaluation form")
        verbose_name_plural = _("evaluation forms")
        indexes = [models.Index(fields=["organization", "case"], name="evaluation_org_case")]
        constraints = [
            models.UniqueConstraint(fields=["case", "episode"],
                                    name="one_evaluation_per_episode"),
            models.CheckConstraint(condition=Q(improvement__gte=1, improvement__lte=10),
                                   name="evaluation_improvement_1_10"),
        ]

    def __str__(self):
        return f"{self.case} F{self.episode}"


class Closure(ReviewedDocument):
    """A 个案服务结案表 (CMH-G). The planned closing date is recorded first, so the client is
    told in advance (CMH-6.6); the follow-up plan schedules the follow-ups."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closures",
                             verbose_name=_("case"))
    filled_on = models.DateField(_("date filled in"))
    planned_closing_date = models.DateField(_("planned closing date"), null=True, blank=True)
    client_told_on = models.DateField(_("client told of the closing date on"), null=True,
                                      blank=True)
    reasons = models.JSONField(_("reasons for closing"), default=list, blank=True)
    reason_detail = EncryptedTextField(_("reason details"), blank=True)
    client_knows_how_to_return = models.BooleanField(
        _("the client knows the service has ended and how to get help again"), null=True)
    summary = EncryptedTextField(_("closing summary"), blank=True)
    follow_up_plan = EncryptedTextField(_("follow-up plan"), blank=True)
    follow_up_count = models.PositiveSmallIntegerField(_("number of follow-ups"), default=0)
    follow_up_interval_days = models.PositiveSmallIntegerField(
        _("days between follow-ups"), default=30)

    class Meta:
        verbose_name = _("closing form")
        verbose_name_plural = _("closing forms")
        indexes = [models.Index(fields=["organization", "case"], name="closure_org_case"),
                   models.Index(fields=["organization", "status", "updated_at", "id"],
                                name="closure_org_waiting")]
        constraints = [models.UniqueConstraint(fields=["case", "episode"],
                                               name="one_closure_per_episode")]

    def __str__(self):
        return f"{self.case} G{self.episode}"

    def get_reasons_display(self) -> list[str]:
        from ..choices import ClosingReason
        return [str(ClosingReason(c).label) for c in self.reasons
                if c in ClosingReason.values]

    @property
    def follow_up_impossible(self) -> bool:
        """A closing reason rules out any follow-up after closing: the client died (CMH-6.6)."""
        from ..choices import NO_FOLLOW_UP_POSSIBLE
        return bool(NO_FOLLOW_UP_POSSIBLE & set(self.reasons))


class Review(OrganizationOwned):
    """One supervisor decision on a plan or a closing form; the history is never rewritten."""

    organization_parent = ("plan", "closure")

    plan = models.ForeignKey(ServicePlan, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="reviews")
    closure = models.ForeignKey(Closure, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="reviews")
    decision = models.CharField(_("decision"), max_length=12, choices=ReviewDecision.choices)
    comment = EncryptedTextField(_("comments"), blank=True)
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("reviewer"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [models.Index(fields=["organization", "plan"], name="review_org_plan"),
                   models.Index(fields=["organization", "closure"], name="review_org_closure")]
        constraints = [models.CheckConstraint(
            condition=(Q(plan__isnull=False, closure__isnull=True)
                       | Q(plan__isnull=True, closure__isnull=False)),
            name="review_of_one_document")]

    def __str__(self):
        return f"{self.get_decision_display()} {self.at:%Y-%m-%d}"


class FollowUp(OrganizationOwned):
    """A 回访 after closing (CMH-6.6): planned from the follow-up plan, then recorded."""

    organization_parent = "case"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups",
                             verbose_name=_("case"))
    episode = models.PositiveSmallIntegerField(_("episode"), default=1)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=ServiceMode.choices, blank=True)
    finding = EncryptedTextField(_("finding"), blank=True)
    reopen_recommended = models.BooleanField(_("recommend reopening"), default=False)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["planned_on", "done_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["done_on", "planned_on"], name="follow_up_due"),
                   models.Index(fields=["organization", "case"], name="follow_up_org_case"),
                   # The supervisor queue: an organisation's follow-ups due, earliest first.
                   models.Index(fields=["organization", "done_on", "planned_on", "id"],
                                name="follow_up_org_due")]

    def __str__(self):
        return f"{self.case} {self.planned_on or self.done_on}"
