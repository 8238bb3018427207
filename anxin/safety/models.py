"""Crisis alerts, their protocol steps, safety incidents and each organisation's safety settings.

An alert is raised by a rule (`rules.py`) from something recorded — an instrument response, a
self-assessment, an overdue home visit, an incident — and is then worked through by people:
acknowledged, each protocol step logged, resolved. Nothing is deleted.
"""

import json

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import ALERT_VIEW, ALERT_WIDE_ROLES
from anxin.core.crypto import EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

from .choices import AlertStatus, IncidentKind, Urgency

USER = settings.AUTH_USER_MODEL


class SafetySettings(models.Model):
    """Per organisation. Until an admin saves them (`actions.do_update_safety_settings`), reads
    get the defaults below, unsaved (`selectors.settings_for`)."""

    organization = models.OneToOneField("accounts.Organization", on_delete=models.CASCADE,
                                        related_name="safety_settings",
                                        verbose_name=_("organisation"))
    escalate_after_minutes = models.PositiveIntegerField(
        _("escalate an unacknowledged alert after (minutes)"), default=30)
    # CMH-8.2.2a: a client above this risk level needs an extra companion and approval.
    companion_above_level = models.PositiveSmallIntegerField(
        _("extra companion and approval above risk level"), default=2)
    checkin_grace_minutes = models.PositiveIntegerField(
        _("grace before an overdue home-visit check-in alert (minutes)"), default=30)
    duty_worker = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("duty worker"))
    self_assessment_enabled = models.BooleanField(_("public self-assessment page open"),
                                                  default=True)
    # One line per help line: "name: number" (e.g. a local psychological assistance hotline).
    help_lines = models.TextField(_("help lines"), blank=True)
    # Beyond this many self-assessment alerts in one clock hour the rest are held back for
    # review, and the duty worker is told once (ADR 0014): a flood of forms cannot bury the
    # duty worker under alerts.
    self_assessment_alerts_per_hour = models.PositiveSmallIntegerField(
        _("self-assessment alerts per hour, at most"), default=10)

    class Meta:
        verbose_name = _("safety settings")
        verbose_name_plural = _("safety settings")

    def __str__(self):
        return str(self.organization)

    def help_line_list(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.help_lines.splitlines():
            name, _sep, number = line.rpartition(":") if ":" in line else ("", "", line)
            name, number = name.strip(), number.strip()
            if number:
                rows.append((name, number))
        return rows


class AlertLimitHour(models.Model):
    """One clock hour of an organisation in which the self-assessment alert limit was reached:
    how many alerts it held back since, and when the duty worker was told (once per hour)."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    starts_at = models.DateTimeField(_("hour starting at"))
    limit = models.PositiveSmallIntegerField(_("limit"))
    held_back = models.PositiveIntegerField(_("alerts held back"), default=0)
    reached_at = models.DateTimeField(_("limit reached at"))

    class Meta:
        verbose_name = _("hour at the alert limit")
        verbose_name_plural = _("hours at the alert limit")
        constraints = [
            # Two submissions at once cannot both open the hour and both tell the duty worker.
            models.UniqueConstraint(fields=["organization", "starts_at"],
                                    name="alertlimithour_once_per_hour"),
        ]

    def __str__(self):
        return f"{self.organization} {self.starts_at:%Y-%m-%d %H:00}"


class AlertQuerySet(models.QuerySet):
    def visible_to(self, user, *, client=None) -> "AlertQuerySet":
        """A worker sees the alerts addressed to them and those about clients they see; the
        roles that answer for the whole organisation see all of its alerts; a self-assessment
        alert has no client and is seen by its addressees and those roles. `client`: one the
        request found visible, whose page lists its alerts (`ClientQuerySet.visible_ids`)."""
        if not user.is_authenticated or not user.can(ALERT_VIEW):
            return self.none()
        membership = user.membership
        in_org = self.filter(organization_id=membership.organization_id)
        if user.role in ALERT_WIDE_ROLES:
            return in_org
        from anxin.clients.models import Client

        # The visible clients as their own UNION of indexed id sets (ADR 0018); with the
        # partial index of unresolved alerts, the list filters only those.
        clients = Client.objects.visible_ids(user, within=client)
        return in_org.filter(Q(worker=user) | Q(supervisor=user) | Q(client_id__in=clients))

    def most_urgent_first(self) -> "AlertQuerySet":
        # Open before in hand before resolved; then urgency; then the oldest (longest waiting).
        status_rank = models.Case(
            models.When(status=AlertStatus.OPEN, then=0),
            models.When(status=AlertStatus.ACKNOWLEDGED, then=1),
            default=2, output_field=models.IntegerField())
        return self.annotate(status_rank=status_rank).order_by(
            "status_rank", "-urgency", "raised_at", "id")


class Alert(models.Model):
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    client = models.ForeignKey("clients.Client", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="alerts", verbose_name=_("client"))
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="alerts", verbose_name=_("case"))
    rule = models.CharField(_("rule"), max_length=48)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices)
    # The facts that raised it: a code of `details.RENDERERS` with its parameters (JSON), put
    # into words in the reader's language; or, from callers without a code, free text as
    # written. Either may name health details, so both are encrypted.
    detail_code = models.CharField(_("details code"), max_length=32, blank=True)
    detail_params = EncryptedTextField(_("details parameters"), blank=True)
    detail = EncryptedTextField(_("details"), blank=True)
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    # Who answers for it: the case's worker and supervisor, or the duty worker.
    worker = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("responsible worker"))
    supervisor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("supervisor"))
    status = models.CharField(_("status"), max_length=16, choices=AlertStatus.choices,
                              default=AlertStatus.OPEN)
    raised_at = models.DateTimeField(_("raised at"))
    escalate_at = models.DateTimeField(_("escalates at"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("acknowledged by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("resolved by"))
    resolution = EncryptedTextField(_("how it was resolved"), blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("crisis alert")
        verbose_name_plural = _("crisis alerts")
        indexes = [
            models.Index(fields=["organization", "status", "urgency"], name="alert_org_status"),
            models.Index(fields=["status", "escalate_at"], name="alert_escalation"),
            models.Index(fields=["source_type", "source_id"], name="alert_source"),
            # The alert list of the roles that see the organisation's alerts: the unresolved
            # ones are few, however many were resolved over the years.
            models.Index(fields=["organization", "-urgency", "raised_at"],
                         condition=~Q(status=AlertStatus.RESOLVED), name="alert_unresolved"),
        ]

    def __str__(self):
        return f"{self.rule} #{self.pk}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("safety:alert", args=[self.pk])

    @property
    def rule_definition(self):
        from .rules import RULES

        return RULES[self.rule]

    @property
    def is_open(self) -> bool:
        return self.status != AlertStatus.RESOLVED

    @property
    def detail_text(self) -> str:
        """What raised it, in the active language."""
        if self.detail_code:
            from .details import render

            text = render(self.detail_code, json.loads(self.detail_params or "{}"))
            if text is not None:
                return text
        return self.detail


class AlertStep(OrganizationOwned):
    """One thing done about an alert: a protocol item ticked, a note, or — on resolving — a
    protocol item left unticked, with why it did not apply. Append-only."""

    organization_parent = "alert"

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="steps",
                              verbose_name=_("alert"))
    # A protocol item code (protocol.py), or "" for a free note.
    protocol_item = models.CharField(_("protocol step"), max_length=32, blank=True)
    # The item was not done because it did not apply; `note` says why.
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    note = EncryptedTextField(_("what was done"), blank=True)
    taken_at = models.DateTimeField(_("done at"))
    taken_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("done by"))

    class Meta:
        ordering = ["taken_at", "id"]
        verbose_name = _("alert step")
        verbose_name_plural = _("alert steps")
        indexes = [models.Index(fields=["organization", "alert"], name="alert_step_org_alert")]

    def __str__(self):
        return f"{self.alert_id}: {self.protocol_item or self.note[:40]}"


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user, *, client=None) -> "IncidentQuerySet":
        from anxin.clients.models import Client

        if not user.is_authenticated or user.membership is None:
            return self.none()
        return self.filter(organization_id=user.membership.organization_id,
                           client__in=Client.objects.visible_ids(user, within=client))


class Incident(models.Model):
    """A 突发安全事件 (CMH-8.2.2b), as the worker records it afterwards."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT,
                               related_name="incidents", verbose_name=_("client"))
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="incidents", verbose_name=_("case"))
    kind = models.CharField(_("kind of incident"), max_length=24, choices=IncidentKind.choices)
    occurred_at = models.DateTimeField(_("time"))
    place = EncryptedTextField(_("place"))
    people = EncryptedTextField(_("people involved"))
    description = EncryptedTextField(_("what happened"))
    immediate_actions = models.JSONField(_("immediate actions"), default=list, blank=True)
    departments_notified = EncryptedTextField(_("departments notified"), blank=True)
    follow_up = EncryptedTextField(_("follow-up"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("safety incident")
        verbose_name_plural = _("safety incidents")
        indexes = [models.Index(fields=["client", "occurred_at"], name="incident_client")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("safety:incident", args=[self.pk])
