"""Caring teams (关爱帮扶团队, REH-3.6, REH-4.4.3, REH-6.2.3.2) and peer supporters (同伴支持,
CMH-7.2.2).

A caring team is a street's multi-agency group — mostly people outside Anxin — that helps
families manage, treat and rehabilitate a person with a mental disorder. A peer supporter is a
client who recovers well and, once assessed and trained, supports other clients under
supervision.

Every row names its organisation (core/tenancy.py); the many-to-many links are explicit
through models so that they carry it too. Outside members' names and phones, meeting minutes and
decisions, and assessment and supervision notes are about people: encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anxin.accounts.capabilities import COMMUNITY_VIEW
from anxin.core.crypto import EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

from .choices import AssessmentResult, MemberRole, PeerStatus

USER = settings.AUTH_USER_MODEL


def _own_organization(queryset, user):
    if not user.is_authenticated or user.membership is None or not user.can(COMMUNITY_VIEW):
        return queryset.none()
    return queryset.filter(organization_id=user.membership.organization_id)


class CaringTeamQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaringTeamQuerySet":
        """The teams of the user's organisation, for whoever reads its community work. A team's
        clients are narrowed further, to those the user sees (selectors.py)."""
        return _own_organization(self, user)

    def active(self) -> "CaringTeamQuerySet":
        return self.filter(active=True)


class CaringTeam(OrganizationOwned):
    """关爱帮扶团队: the caring team of one street, formed with the organisation (REH-4.4.3)."""

    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=120)
    street = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("street"))
    formed_on = models.DateField(_("formed on"))
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaringTeamQuerySet.as_manager()

    class Meta:
        ordering = ["street_id", "pk"]
        verbose_name = _("caring team")
        verbose_name_plural = _("caring teams")
        constraints = [models.UniqueConstraint(
            fields=["organization", "street"], name="caring_team_one_per_street",
            violation_error_message=_("Your organisation already has a caring team for this "
                                      "street (REH-3.6)."))]
        indexes = [models.Index(fields=["organization", "active", "street"],
                                name="caring_team_org_active")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("caring:team", args=[self.pk])


class CaringTeamMember(OrganizationOwned):
    """A member of a caring team in one of the roles REH-3.6 names: a colleague who uses Anxin,
    or — most often — someone outside it (a grid manager, a police officer, a doctor)."""

    organization_parent = "team"
    team = models.ForeignKey(CaringTeam, on_delete=models.CASCADE, related_name="members",
                             verbose_name=_("caring team"))
    role = models.CharField(_("role"), max_length=32, choices=MemberRole.choices)
    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("colleague"))
    name = EncryptedTextField(_("name"), blank=True)
    unit = models.CharField(_("unit"), max_length=120, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        ordering = ["role", "since", "pk"]
        verbose_name = _("caring-team member")
        verbose_name_plural = _("caring-team members")
        constraints = [
            # A colleague or an outside person, never both and never neither. An encrypted
            # name stays "" when empty, so the database can still tell.
            models.CheckConstraint(
                condition=(Q(user__isnull=False, name="") | (Q(user__isnull=True) & ~Q(name=""))),
                name="caring_member_colleague_or_outsider"),
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=models.F(
                "since")), name="caring_member_until_after_since"),
        ]
        indexes = [models.Index(fields=["organization", "team"], name="caring_member_org")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id is not None:
            return self.user.full_name or self.user.username
        return self.name

    @property
    def is_current(self) -> bool:
        return self.until is None


class CaringTeamClient(OrganizationOwned):
    """A client the caring team supports, from `since` until `until`."""

    organization_parent = "team"
    team = models.ForeignKey(CaringTeam, on_delete=models.CASCADE, related_name="clients",
                             verbose_name=_("caring team"))
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("client"))
    since = models.DateField(_("supported since"))
    until = models.DateField(_("supported until"), null=True, blank=True)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("added by"))

    class Meta:
        ordering = ["-since", "pk"]
        verbose_name = _("client of a caring team")
        verbose_name_plural = _("clients of caring teams")
        constraints = [
            models.UniqueConstraint(fields=["team", "client"], condition=Q(until__isnull=True),
                                    name="caring_client_once_at_a_time"),
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=models.F(
                "since")), name="caring_client_until_after_since"),
        ]
        indexes = [models.Index(fields=["organization", "team"], name="caring_client_org"),
                   models.Index(fields=["organization", "client"], name="caring_client_client")]


class CaringTeamMeeting(OrganizationOwned):
    """A meeting of the caring team (REH-6.2.3.2 协调发挥关爱帮扶团队的作用): who came, which
    clients were discussed, the minutes and what was decided."""

    organization_parent = "team"
    team = models.ForeignKey(CaringTeam, on_delete=models.CASCADE, related_name="meetings",
                             verbose_name=_("caring team"))
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    minutes = EncryptedTextField(_("minutes"), blank=True)
    decisions = EncryptedTextField(_("decisions and follow-ups"), blank=True)
    attendees = models.ManyToManyField(CaringTeamMember, through="MeetingAttendee",
                                       related_name="meetings", verbose_name=_("attendees"))
    clients_discussed = models.ManyToManyField("clients.Client", through="MeetingClient",
                                               related_name="+",
                                               verbose_name=_("clients discussed"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("caring-team meeting")
        verbose_name_plural = _("caring-team meetings")
        indexes = [models.Index(fields=["organization", "team", "-held_on"],
                                name="caring_meeting_org")]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("caring:meeting", args=[self.team_id, self.pk])


class MeetingAttendee(OrganizationOwned):
    organization_parent = "meeting"
    meeting = models.ForeignKey(CaringTeamMeeting, on_delete=models.CASCADE,
                                related_name="attendance", verbose_name=_("meeting"))
    member = models.ForeignKey(CaringTeamMember, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("member"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"],
                                               name="caring_attendee_once")]
        indexes = [models.Index(fields=["organization", "meeting"], name="caring_attendee_org")]


class MeetingClient(OrganizationOwned):
    organization_parent = "meeting"
    meeting = models.ForeignKey(CaringTeamMeeting, on_delete=models.CASCADE,
                                related_name="discussed", verbose_name=_("meeting"))
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("client"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "client"],
                                               name="caring_discussed_once")]
        indexes = [models.Index(fields=["organization", "meeting"], name="caring_discussed_org"),
                   models.Index(fields=["organization", "client"],
                                name="caring_discussed_client")]


# --- Peer supporters (CMH-7.2.2) ------------------------------------------------------------------

class PeerSupporterQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PeerSupporterQuerySet":
        """Peer supporters are clients: whoever reads community work sees those whose client
        they may see (Client.objects.visible_to), never more."""
        from anxin.clients.models import Client

        rows = _own_organization(self, user)
        if not user.is_authenticated or not user.can(COMMUNITY_VIEW):
            return rows
        return rows.filter(client__in=Client.objects.visible_ids(user))


class PeerSupporter(OrganizationOwned):
    """同伴支持者: a client who recovers well and supports other clients once assessed and
    trained, under supervision (CMH-7.2.2)."""

    organization_parent = "client"
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("client"))
    status = models.CharField(_("status"), max_length=16, choices=PeerStatus.choices,
                              default=PeerStatus.CANDIDATE)
    active_since = models.DateField(_("supporting others since"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)

    objects = PeerSupporterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("peer supporter")
        verbose_name_plural = _("peer supporters")
        constraints = [models.UniqueConstraint(fields=["organization", "client"],
                                               name="peer_supporter_once")]
        indexes = [models.Index(fields=["organization", "status"], name="peer_org_status")]

    def __str__(self):
        return str(self.client)

    def get_absolute_url(self):
        return reverse("caring:peer", args=[self.pk])


class PeerAssessment(OrganizationOwned):
    """The assessment (评估) that finds a client ready, or not yet, to support peers."""

    organization_parent = "supporter"
    supporter = models.ForeignKey(PeerSupporter, on_delete=models.CASCADE,
                                  related_name="assessments", verbose_name=_("peer supporter"))
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("assessor"))
    result = models.CharField(_("result"), max_length=16, choices=AssessmentResult.choices)
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("peer-supporter assessment")
        verbose_name_plural = _("peer-supporter assessments")
        indexes = [models.Index(fields=["organization", "supporter"], name="peer_assess_org")]


class PeerTraining(OrganizationOwned):
    """A training (培训) the peer supporter took, before or while supporting others."""

    organization_parent = "supporter"
    supporter = models.ForeignKey(PeerSupporter, on_delete=models.CASCADE,
                                  related_name="trainings", verbose_name=_("peer supporter"))
    trained_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=128)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    provider = models.CharField(_("provider"), max_length=128, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-trained_on", "-pk"]
        verbose_name = _("peer-supporter training")
        verbose_name_plural = _("peer-supporter trainings")
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0),
                                              name="peer_training_hours_positive")]
        indexes = [models.Index(fields=["organization", "supporter"], name="peer_training_org")]


class PeerSupervision(OrganizationOwned):
    """A supervision (督导) of the peer supporter by a member of staff; it may name the client
    being supported."""

    organization_parent = "supporter"
    supporter = models.ForeignKey(PeerSupporter, on_delete=models.CASCADE,
                                  related_name="supervisions", verbose_name=_("peer supporter"))
    held_on = models.DateField(_("date"))
    supervisor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("supervisor"))
    supported_client = models.ForeignKey("clients.Client", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("person supported"))
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("peer-supporter supervision")
        verbose_name_plural = _("peer-supporter supervisions")
        indexes = [models.Index(fields=["organization", "supporter"], name="peer_supervise_org")]
