"""Employment placements and the health events the rehabilitation indicators count: relapse
admissions and newly assessed disability (REH-6.4.4, REH-6.4.5, REH-6.4.6).

A row is read by whoever sees its client and reads rehabilitation or case work
(`visible_to`); it is changed only through actions.py. Employer, job, hospital, notes and
certificate numbers are about a person: encrypted at rest. Dates, kinds and grades stay plain
so the indicators can count them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_VIEW, REHAB_RECORD
from anxin.core.crypto import EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

from .choices import DisabilityGrade, PlacementKind

USER = settings.AUTH_USER_MODEL


def may_read(user) -> bool:
    """Rehabilitation staff record these; those who read case work read them too."""
    return (user.is_authenticated and user.membership is not None
            and (user.can(REHAB_RECORD) or user.can(CASE_VIEW)))


class ClientEventQuerySet(models.QuerySet):
    def visible_to(self, user, within=None):
        """The rows of the clients `user` sees (Client.visible_to), in their organisation;
        `within`, a client already found visible, narrows it to that client."""
        from anxin.clients.models import Client

        if not may_read(user):
            return self.none()
        return self.filter(organization_id=user.membership.organization_id,
                           client__in=Client.objects.visible_ids(user, within=within))


class PlacementQuerySet(ClientEventQuerySet):
    def ongoing(self):
        return self.filter(ended_on__isnull=True)

    def ended(self):
        return self.filter(ended_on__isnull=False)


class Placement(OrganizationOwned):
    """就业安置: one spell of a client's work — full-time, flexible hours, or assisted work in
    the centre (REH-6.4.4.1) — from its start until it ends (open while ongoing). Assisted work
    rests on a signed agreement (REH-5.5.2.5.3), a document of the client's case."""

    organization_parent = "client"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT,
                               related_name="placements", verbose_name=_("client"))
    kind = models.CharField(_("kind of employment"), max_length=16,
                            choices=PlacementKind.choices)
    workplace = EncryptedTextField(_("employer or workplace"))
    job = EncryptedTextField(_("job"))
    hours_per_week = models.DecimalField(_("hours a week"), max_digits=4, decimal_places=1)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    agreement = models.ForeignKey("documents.Document", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("employment agreement"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("employment placement")
        verbose_name_plural = _("employment placements")
        constraints = [
            # Two people adding the same ongoing placement at once: the database decides.
            models.UniqueConstraint(fields=["client", "kind"], condition=Q(ended_on__isnull=True),
                                    name="placement_one_ongoing_per_kind"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True)
                                   | Q(ended_on__gte=F("started_on")),
                                   name="placement_ends_after_start"),
        ]
        indexes = [
            # The centre's list in its order, whole, ongoing only, or of one kind.
            models.Index(fields=["organization", "-started_on", "-id"],
                         name="placement_org_recent"),
            models.Index(fields=["organization", "-started_on", "-id"],
                         condition=Q(ended_on__isnull=True), name="placement_org_ongoing"),
            models.Index(fields=["organization", "kind", "-started_on", "-id"],
                         name="placement_org_kind"),
            # A client's panel and the API's ?client= filter.
            models.Index(fields=["organization", "client", "-started_on"],
                         name="placement_org_client"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.started_on:%Y-%m-%d}"

    @property
    def is_ongoing(self) -> bool:
        return self.ended_on is None


class RelapseAdmission(OrganizationOwned):
    """复发入院: the client readmitted to hospital because the illness came back — what the
    relapse rate counts (REH-6.4.5), by the date of admission."""

    organization_parent = "client"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT,
                               related_name="relapse_admissions", verbose_name=_("client"))
    admitted_on = models.DateField(_("admitted on"))
    hospital = EncryptedTextField(_("hospital"))
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ClientEventQuerySet.as_manager()

    class Meta:
        ordering = ["-admitted_on", "-id"]
        verbose_name = _("relapse admission")
        verbose_name_plural = _("relapse admissions")
        constraints = [
            models.UniqueConstraint(fields=["client", "admitted_on"],
                                    name="relapse_once_a_day"),
            models.CheckConstraint(condition=Q(discharged_on__isnull=True)
                                   | Q(discharged_on__gte=F("admitted_on")),
                                   name="relapse_discharged_after_admitted"),
        ]
        indexes = [
            models.Index(fields=["organization", "client", "-admitted_on"],
                         name="relapse_org_client"),
            # The monthly, quarterly and yearly relapse rates count admissions in a period.
            models.Index(fields=["organization", "admitted_on"], name="relapse_org_admitted"),
        ]

    def __str__(self):
        return f"{self.admitted_on:%Y-%m-%d}"


class DisabilityAssessment(OrganizationOwned):
    """残疾评定: a mental disability assessed by the body that grades it under GB/T 26341-2010
    (精神残疾一级–四级) — what the disability rate counts among newly ill clients
    (REH-6.4.6)."""

    organization_parent = "client"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT,
                               related_name="disability_assessments", verbose_name=_("client"))
    assessed_on = models.DateField(_("assessed on"))
    grade = models.PositiveSmallIntegerField(_("grade"), choices=DisabilityGrade.choices)
    certificate_number = EncryptedTextField(_("disability certificate number"), blank=True)
    assessing_body = models.CharField(_("assessing body"), max_length=128)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ClientEventQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("disability assessment")
        verbose_name_plural = _("disability assessments")
        constraints = [
            models.UniqueConstraint(fields=["client", "assessed_on"],
                                    name="disability_once_a_day"),
            models.CheckConstraint(condition=Q(grade__gte=1, grade__lte=4),
                                   name="disability_grade_one_to_four"),
        ]
        indexes = [
            models.Index(fields=["organization", "client", "-assessed_on"],
                         name="disability_org_client"),
            models.Index(fields=["organization", "assessed_on"], name="disability_org_assessed"),
        ]

    def __str__(self):
        return f"{self.get_grade_display()} {self.assessed_on:%Y-%m-%d}"
