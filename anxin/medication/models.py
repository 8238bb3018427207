"""The medication record of a rehabilitation centre (服药记录, REH-4.7.3.1).

A prescription is what a psychiatrist prescribed for a client and the centre follows; a
residential centre also records, dose by dose, whether each scheduled dose was taken, refused or
missed (REH-4.6.2.8), which is what adherence is computed from (adherence.py).

Drug names, doses, routes, frequencies, the prescriber and every note are clinical data about a
person: encrypted at rest (docs/adr/0015-clinical-data-at-rest.md). Lists filter only on the
clear columns — organisation, client, dates and the dose's outcome.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CLIENT_VIEW
from anxin.clients.models import Client
from anxin.core.crypto import EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

from .choices import DoseOutcome

USER = settings.AUTH_USER_MODEL


def _of_visible_clients(queryset, user, within=None):
    # Part of the client's file: the client's visibility rule decides, and nothing else.
    if not user.is_authenticated or user.membership is None or not user.can(CLIENT_VIEW):
        return queryset.none()
    return queryset.filter(organization_id=user.membership.organization_id,
                           client__in=Client.objects.visible_ids(user, within=within))


class PrescriptionQuerySet(models.QuerySet):
    def visible_to(self, user, *, within=None) -> "PrescriptionQuerySet":
        """The prescriptions of the clients `user` sees (`within`: a client already found
        visible, whose page needs no rule again)."""
        return _of_visible_clients(self, user, within)

    def current_on(self, day: datetime.date) -> "PrescriptionQuerySet":
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)


class Prescription(OrganizationOwned):
    """处方/用药方案: one drug a psychiatrist prescribed for the client, at one dose and schedule,
    from the day it started to the day it ended (open while current). A change of dose or times
    ends this prescription and starts another, so every recorded dose keeps what it was given
    against."""

    organization_parent = "client"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="prescriptions",
                               verbose_name=_("client"))
    drug = EncryptedTextField(_("drug"))
    dose = EncryptedTextField(_("dose"))
    # "HH:MM" in the centre's local time, sorted: the doses a residential centre gives each day.
    times = models.JSONField(_("times of day"), default=list, blank=True)
    frequency = EncryptedTextField(_("frequency"), blank=True)
    route = EncryptedTextField(_("route"), blank=True)
    prescriber = EncryptedTextField(_("prescribing doctor"), blank=True)
    prescriber_hospital = EncryptedTextField(_("prescribing hospital"), blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PrescriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("prescription")
        verbose_name_plural = _("prescriptions")
        constraints = [models.CheckConstraint(
            condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            name="medication_rx_ends_after_start")]
        indexes = [
            # The client's page: their prescriptions, newest first.
            models.Index(fields=["organization", "client", "-started_on"],
                         name="medication_rx_org_client"),
            # The centre's day sheet: the prescriptions still open on a day.
            models.Index(fields=["organization", "ended_on", "started_on"],
                         name="medication_rx_org_current"),
        ]

    def __str__(self):
        return f"{self.drug} {self.dose}"

    def get_absolute_url(self):
        return reverse("medication:client", args=[self.client_id])

    def is_current_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    @property
    def is_current(self) -> bool:
        return self.is_current_on(timezone.localdate())

    def doses_on(self, day: datetime.date) -> list[datetime.datetime]:
        """The aware datetimes of the doses scheduled on `day` (none without fixed times, or
        when the prescription is not current that day)."""
        if not self.is_current_on(day):
            return []
        return [scheduled_at(day, time) for time in self.times]


def scheduled_at(day: datetime.date, time: str) -> datetime.datetime:
    hour, minute = (int(part) for part in time.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class AdministrationQuerySet(models.QuerySet):
    def visible_to(self, user, *, within=None) -> "AdministrationQuerySet":
        return _of_visible_clients(self, user, within)


class Administration(OrganizationOwned):
    """给药记录: what became of one scheduled dose of a prescription at a residential centre —
    given, refused or missed — recorded by the staff member who gave it or tried to."""

    organization_parent = "prescription"

    prescription = models.ForeignKey(Prescription, on_delete=models.PROTECT,
                                     related_name="administrations",
                                     verbose_name=_("prescription"))
    # The prescription's client, kept on the row so that adherence over a period is one indexed
    # range read of the client's doses; the action always copies it from the prescription.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("client"))
    scheduled_for = models.DateTimeField(_("scheduled for"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=DoseOutcome.choices)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    given_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("given by"))
    note = EncryptedTextField(_("note"), blank=True)

    objects = AdministrationQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_for", "-pk"]
        verbose_name = _("dose record")
        verbose_name_plural = _("dose records")
        constraints = [models.UniqueConstraint(
            # The organisation leads so that the constraint holds on one shard (core/tenancy.py);
            # it is the prescription's, so this is one row per prescription and time.
            fields=["organization", "prescription", "scheduled_for"],
            name="medication_one_record_per_dose",
            violation_error_message=_("This dose is already recorded."))]
        indexes = [
            # Adherence and the client's day sheet: one client's doses over a period.
            models.Index(fields=["organization", "client", "scheduled_for"],
                         name="medication_dose_org_client"),
            # The centre's day sheet and the API list: the organisation's doses of a day.
            models.Index(fields=["organization", "scheduled_for"],
                         name="medication_dose_org_time"),
        ]

    def __str__(self):
        when = timezone.localtime(self.scheduled_for)
        return f"{when:%Y-%m-%d %H:%M} {self.get_outcome_display()}"
