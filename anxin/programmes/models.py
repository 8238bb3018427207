"""A rehabilitation centre's individual training sessions (个别康复训练记录, REH-5.5, REH-5.6)
and a residential centre's daily services (全日制日常服务记录, REH-4.6.2).

A training session is one resident's one-to-one or home session of one of REH-5.5.2's eight
programmes; with the groups app's attendance it makes the weekly participation record
(REH-6.4.3.4, participation.py). A daily service entry says what the centre provided on a day,
for one resident or for the whole house.

Every row names its organisation (core/tenancy.py); the session's staff are an explicit through
table so that it carries it too. Notes are about a person: encrypted at rest. Codes, times and
minutes stay plain so the weekly record can count them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_VIEW
from anxin.cases.models.case import visible_cases_q
from anxin.clients.choices import Sex
from anxin.core.crypto import EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

from . import rules
from .choices import PROGRAMME_CODES, DailyServiceKind, Delivery, programme_label

USER = settings.AUTH_USER_MODEL


def may_read(user) -> bool:
    """Whoever reads the centre's case work reads its training and daily records."""
    return user.is_authenticated and user.membership is not None and user.can(CASE_VIEW)


class TrainingSessionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TrainingSessionQuerySet":
        """The sessions of the cases `user` sees (Case.visible_to), in their organisation."""
        if not may_read(user):
            return self.none()
        condition = visible_cases_q(user, prefix="case__")
        if condition is None:
            return self.none()
        return self.filter(Q(organization_id=user.membership.organization_id) & condition)


class TrainingSession(OrganizationOwned):
    """个别康复训练: one session of a resident's individual plan (REH-5.5.1.1), one-to-one at
    the centre or at home, led by one member of staff with others beside them."""

    organization_parent = "case"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT,
                             related_name="training_sessions", verbose_name=_("case"))
    programme = models.CharField(_("programme"), max_length=32)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)
    started_at = models.DateTimeField(_("started at"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    lead = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("lead staff"))
    # Staff have no recorded sex anywhere in Anxin: the form asks the lead's, so the same-sex
    # rule (REH-5.6.2) compares it with the client's and the record keeps what was decided.
    lead_sex = models.CharField(_("lead staff's sex"), max_length=1, blank=True,
                                choices=Sex.choices)
    staff = models.ManyToManyField(USER, through="TrainingSessionStaff", related_name="+",
                                   verbose_name=_("other staff"))
    chaperone = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("chaperone"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=rules.SESSION_MINUTES.low,
                            minutes__lte=rules.SESSION_MINUTES.high),
                name="training_session_minutes_45_60"),
            models.CheckConstraint(condition=Q(programme__in=PROGRAMME_CODES),
                                   name="training_session_programme_known"),
        ]
        indexes = [
            # A case's sessions, newest first (its list, the case page's week).
            models.Index(fields=["case", "-started_at", "-id"], name="training_session_case"),
            # The organisation's week (participation.py) and the API's list, newest first.
            models.Index(fields=["organization", "-started_at", "-id"],
                         name="training_session_org"),
        ]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} · {programme_label(self.programme)}"

    @property
    def programme_label(self):
        return programme_label(self.programme)


class TrainingSessionStaff(OrganizationOwned):
    """A member of staff who took part in a session beside its lead."""

    organization_parent = "session"
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE,
                                related_name="staff_rows", verbose_name=_("training session"))
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("staff"))

    class Meta:
        verbose_name = _("staff of a training session")
        verbose_name_plural = _("staff of training sessions")
        constraints = [models.UniqueConstraint(fields=["session", "user"],
                                               name="training_session_staff_once")]
        indexes = [models.Index(fields=["organization", "session"],
                                name="training_staff_org")]


class DailyServiceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DailyServiceQuerySet":
        """The organisation's entries: the house-wide ones for every reader of its case work,
        a resident's only for those who see the resident's case."""
        if not may_read(user):
            return self.none()
        condition = visible_cases_q(user, prefix="case__")
        if condition is None:
            return self.none()
        return self.filter(Q(organization_id=user.membership.organization_id)
                           & (Q(case__isnull=True) | condition))


class DailyServiceLog(OrganizationOwned):
    """全日制日常服务: one of REH-4.6.2.1–6's services a residential centre provided on a day,
    to one resident or to the whole house (a case-less entry)."""

    organization_parent = "case"

    date = models.DateField(_("date"))
    kind = models.CharField(_("service"), max_length=16, choices=DailyServiceKind.choices)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("resident"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = DailyServiceQuerySet.as_manager()

    class Meta:
        # The page groups a day's entries by service in REH-4.6.2's order (views.py).
        ordering = ["recorded_at", "id"]
        verbose_name = _("daily service")
        verbose_name_plural = _("daily services")
        # The day's page and the API's ?date= list, in their order.
        indexes = [models.Index(fields=["organization", "date", "recorded_at", "id"],
                                name="daily_service_org_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} · {self.get_kind_display()}"
