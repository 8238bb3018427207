"""A case (个案): one client's episode of service with one organisation, along one pathway."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_VIEW, ORG_WIDE_ROLES
from anxin.accounts.choices import Role
from anxin.core.access import seen
from anxin.core.crypto import EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

from ..choices import CaseSource
from ..workflow.pathways import get_pathway


def visible_cases_q(user, prefix: str = "") -> Q | None:
    """The rule of `CaseQuerySet.visible_to` as a condition on the case, for reading a case's
    documents directly (`prefix="case__"`): the few submitted plans of an organisation are
    checked case by case, rather than the supervisor's every case gathered first. None when
    the user may see no case."""
    if not user.is_authenticated or not user.can(CASE_VIEW):
        return None
    membership = user.membership
    condition = Q(**{f"{prefix}organization_id": membership.organization_id})
    if membership.role in ORG_WIDE_ROLES:
        return condition
    if membership.role == Role.SUPERVISOR:
        # Plain columns only, so that the two indexes (worker, supervisor) combine: an OR
        # across the join to the workers' teams would scan the organisation's cases.
        workers = [user.pk, *user.team_member_ids()]
        return condition & (Q(**{f"{prefix}worker_id__in": workers})
                            | Q(**{f"{prefix}supervisor": user}))
    return condition & Q(**{f"{prefix}worker": user})


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        """Organisation first; a worker sees the cases they are responsible for, a supervisor
        also those they supervise and those of their team's workers; the org-wide roles all of
        the organisation's."""
        condition = visible_cases_q(user)
        return self.none() if condition is None else self.filter(condition)

    def visible_ids(self, user, within=None):
        """The ids of `visible_to(user)` for `case__in=…`; `within`, a case the request already
        found visible (`core.access.seen`), narrows it to that case without the rule."""
        if seen(within, user) and user.can(CASE_VIEW):
            return [within.pk]
        return self.visible_to(user).order_by().values("pk")


class Case(models.Model):
    """The stage changes only through `do_transition`; `milestones` holds the dates deadlines
    count from (e.g. "application.received"), `due_on` the next deadline they imply."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="cases", verbose_name=_("organisation"))
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="cases",
                               verbose_name=_("client"))
    case_number = models.CharField(_("case number"), max_length=32, editable=False)
    pathway = models.CharField(_("pathway"), max_length=16, default="cmh")
    stage = models.CharField(_("stage"), max_length=32)
    # A reopened case starts a new episode: its assessment, plan, records, evaluation and
    # closing form are new; consent and application carry over.
    episode = models.PositiveSmallIntegerField(_("episode"), default=1)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="cases", verbose_name=_("responsible worker"))
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="supervised_cases",
                                   verbose_name=_("supervisor"))
    source = models.CharField(_("source"), max_length=20, choices=CaseSource.choices)
    source_detail = EncryptedTextField(_("source details"), blank=True)
    milestones = models.JSONField(_("milestones"), default=dict, blank=True, editable=False)
    due_on = models.DateField(_("due on"), null=True, blank=True, editable=False)
    opened_on = models.DateField(_("application date"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    referred_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="referred_to",
                                      verbose_name=_("referred from"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("opened by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    stage_changed_at = models.DateTimeField(_("stage changed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["organization", "case_number"],
                                    name="case_number_per_org"),
        ]
        indexes = [
            models.Index(fields=["organization", "stage"], name="case_org_stage"),
            models.Index(fields=["worker", "stage"], name="case_worker_stage"),
            models.Index(fields=["supervisor", "stage"], name="case_supervisor_stage"),
            # The case lists' order (deadline first, DEADLINE_ORDER in views/cases.py) for an
            # organisation, so that a page is read in order, not sorted.
            models.Index(fields=["organization", "due_on", "-stage_changed_at"],
                         name="case_org_due"),
            # The API's order.
            models.Index(fields=["organization", "-created_at", "-id"], name="case_org_recent"),
            # A worker's caseload in its order (nearest deadline first) and the API's list of
            # their cases (newest first): read in order and stopped at the page's end, not
            # sorted from every case of the worker.
            models.Index(fields=["worker", "due_on", "-stage_changed_at"],
                         name="case_worker_deadline"),
            models.Index(fields=["worker", "-created_at", "-id"], name="case_worker_newest"),
            # The clients a worker or supervisor sees through their cases (visible_client_ids):
            # the client ids straight from the index, without visiting the cases, and without
            # the planner ANDing a worker's index with the organisation's (ADR 0018).
            models.Index(fields=["organization", "worker", "client"],
                         name="case_org_worker_client"),
            models.Index(fields=["organization", "supervisor", "client"],
                         name="case_org_supervisor_client"),
        ]

    def __str__(self):
        return self.case_number

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.pk])

    @property
    def pathway_table(self):
        return get_pathway(self.pathway)

    @property
    def stage_obj(self):
        return self.pathway_table.stage(self.stage)

    def get_stage_display(self) -> str:
        return str(self.stage_obj.label)

    @property
    def is_open(self) -> bool:
        return self.stage in self.pathway_table.open_stages

    @property
    def is_terminal(self) -> bool:
        return self.stage_obj.terminal


class StageChange(OrganizationOwned):
    """One line of the case's timeline: who took which action, when, and why."""

    organization_parent = "case"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="stage_changes",
                             verbose_name=_("case"))
    action = models.CharField(_("action"), max_length=32)
    from_stage = models.CharField(_("from stage"), max_length=32, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=32)
    reason = EncryptedTextField(_("reason"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        indexes = [models.Index(fields=["organization", "case"], name="stage_change_org_case")]

    def __str__(self):
        return f"{self.case} {self.action}"

    def _label(self, code: str) -> str:
        table = self.case.pathway_table
        try:
            return str(table.stage(code).label) if code else ""
        except KeyError:
            return code

    @property
    def from_label(self) -> str:
        return self._label(self.from_stage)

    @property
    def to_label(self) -> str:
        return self._label(self.to_stage)

    @property
    def action_label(self) -> str:
        transition = self.case.pathway_table.transition(self.action)
        if transition is not None:
            return str(transition.label)
        return str(OPENING_LABELS.get(self.action, self.action))


OPENING_LABELS = {
    "open": _("Case opened"),
    "open_from_referral": _("Case opened from a referral"),
    "reassign": _("Worker or supervisor changed"),
}

