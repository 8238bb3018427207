"""Home visits (家访) and the safety steps around them (CMH-8.2.2a, MSW-9.1.3.2)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CLIENT_VIEW, VISIT_APPROVE, VISIT_PLAN
from anxin.core.crypto import EncryptedTextField

from .choices import RiskSource, VisitStatus

USER = settings.AUTH_USER_MODEL


def may_see_visits(user) -> bool:
    return user.is_authenticated and (user.can(VISIT_PLAN) or user.can(CLIENT_VIEW))


def involving(user) -> Q:
    """The visits the user takes part in (through subqueries of ids: no duplicate rows)."""
    return (Q(planned_by=user) | Q(station_worker=user) | Q(supervisor=user)
            | Q(pk__in=HomeVisit.staff.through.objects.filter(user=user).values("homevisit"))
            | Q(pk__in=HomeVisit.went.through.objects.filter(user=user).values("homevisit")))


class HomeVisitQuerySet(models.QuerySet):
    def visible_to(self, user, *, client=None) -> "HomeVisitQuerySet":
        """Organisation first; then the visits of clients the user sees, and those the user
        takes part in — planned, going, told as station worker, or asked to approve — even when
        the client belongs to a colleague's caseload (a colleague who goes along must see it).

        A visit to approve with no supervisor named (its planner is the only one at hand) is
        open to every supervisor of the organisation.
        """
        if not may_see_visits(user):
            return self.none()
        from anxin.clients.models import Client

        queryset = self.filter(organization_id=user.membership.organization_id)
        condition = Q(client__in=Client.objects.visible_ids(user, within=client)) | involving(user)
        if user.can(VISIT_APPROVE):
            condition |= Q(supervisor__isnull=True, status=VisitStatus.AWAITING_APPROVAL)
        return queryset.filter(condition)

    def with_people(self) -> "HomeVisitQuerySet":
        """Everything a list row or a detail page names, in a fixed number of queries."""
        return (self.select_related("client", "case", "planned_by", "supervisor",
                                    "station_worker", "checked_in_by", "decided_by",
                                    "open_alert")
                .prefetch_related("staff", "went"))


class HomeVisit(models.Model):
    """A home visit to a client by at least two staff (CMH-8.2.2a 至少由两名工作人员协同开展;
    MSW-9.1.3.2 不应单独前往).

    It is planned with the client's risk level as it then stood; a client above the
    organisation's threshold, or with a high or critical crisis alert open, needs an extra
    companion (a community doctor, the police) and a supervisor's approval. Before leaving,
    the staff tell a station worker (驻站社会工作者) when they expect to be back; on return one
    of them checks in. A visit not checked in by its expected return time plus the
    organisation's grace raises a crisis alert, once.
    """

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT,
                               related_name="home_visits", verbose_name=_("client"))
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="home_visits", verbose_name=_("case"))
    status = models.CharField(_("status"), max_length=20, choices=VisitStatus.choices)

    # The plan.
    planned_for = models.DateTimeField(_("planned time"))
    purpose = EncryptedTextField(_("purpose"))
    place = EncryptedTextField(_("address of the visit"))
    staff = models.ManyToManyField(USER, related_name="planned_home_visits",
                                   verbose_name=_("staff"))
    planned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("planned by"))
    # CMH-8.2.2a 结合危险性等级评估: the risk level as read when the visit was planned, and the
    # organisation's threshold then, so the decision can be understood after either changes.
    risk_level = models.PositiveSmallIntegerField(_("risk level at planning"), null=True,
                                                  blank=True)
    risk_level_on = models.DateField(_("risk level assessed on"), null=True, blank=True)
    risk_level_source = models.CharField(_("risk level from"), max_length=16, blank=True,
                                         choices=RiskSource.choices)
    risk_threshold = models.PositiveSmallIntegerField(
        _("extra companion and approval above risk level"))
    # A high or critical crisis alert on the client open at planning counts as a risk above the
    # threshold (CMH-8.2.2a 家访存在风险的精神障碍患者，应邀请相关人员协同前往).
    open_alert = models.ForeignKey("safety.Alert", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("crisis alert open at planning"))
    # With no risk level on record: why the visit was judged suitable (CMH-8.2.2a 相关资料).
    suitability_note = EncryptedTextField(_("why the visit is judged suitable"), blank=True)
    companion_name = models.CharField(_("extra companion"), max_length=64, blank=True)
    companion_role = models.CharField(_("companion's role"), max_length=64, blank=True)

    # The approval, when the risk level calls for it.
    needs_approval = models.BooleanField(_("needs a supervisor's approval"), default=False)
    supervisor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("supervisor"))
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("approved or refused by"))
    decided_at = models.DateTimeField(_("approved or refused at"), null=True, blank=True)
    refusal_reason = EncryptedTextField(_("reason for refusing"), blank=True)

    # Leaving (CMH-8.2.2a 家访前，告知驻站社会工作者及预计回程时间).
    went = models.ManyToManyField(USER, related_name="home_visits", blank=True,
                                  verbose_name=_("staff who went"))
    departed_at = models.DateTimeField(_("left at"), null=True, blank=True)
    expected_return_at = models.DateTimeField(_("expected back at"), null=True, blank=True)
    station_worker = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("station worker told"))
    # Staff accounts carry no phone number; the station worker must be able to call the team.
    contact_phone = EncryptedTextField(_("phone to reach the team"), blank=True)

    # Coming back.
    returned_at = models.DateTimeField(_("back at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("checked in by"))
    return_note = EncryptedTextField(_("note on return"), blank=True)
    overdue_alerted_at = models.DateTimeField(_("overdue alert raised at"), null=True,
                                              blank=True)

    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = EncryptedTextField(_("reason for cancelling"), blank=True)
    # The visit's form E (个案服务记录表), written from the visit page.
    service_record = models.OneToOneField("cases.ServiceRecord", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="home_visit",
                                          verbose_name=_("service record"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = HomeVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_for", "-id"]
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        indexes = [
            models.Index(fields=["organization", "status"], name="visit_org_status"),
            models.Index(fields=["status", "expected_return_at"], name="visit_overdue"),
            models.Index(fields=["client", "planned_for"], name="visit_client"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=[VisitStatus.OUT, VisitStatus.RETURNED])
                | Q(departed_at__isnull=False, expected_return_at__isnull=False,
                    station_worker__isnull=False),
                name="visit_left_with_return_time"),
            models.CheckConstraint(
                condition=~Q(status=VisitStatus.RETURNED) | Q(returned_at__isnull=False),
                name="visit_returned_has_time"),
        ]

    def __str__(self):
        return f"{self.client} {timezone.localtime(self.planned_for):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("visits:detail", args=[self.pk])

    @property
    def is_out(self) -> bool:
        return self.status == VisitStatus.OUT

    def team(self) -> list:
        """Who went, once the visit has left; who is planned to go before that."""
        people = self.went.all() if self.departed_at else self.staff.all()
        return sorted(people, key=lambda u: (u.full_name or u.username))

    def is_late(self, now: datetime.datetime) -> bool:
        """Out and past the expected return time (the alert waits for the grace on top)."""
        return self.is_out and self.expected_return_at is not None and \
            now > self.expected_return_at

    @property
    def checked_in_late(self) -> bool:
        return self.returned_at is not None and self.overdue_alerted_at is not None
