"""Community work (社区工作): the organisation's community activities, the clients who took part
and the materials handed out; the volunteer register and the hours volunteers give.

Every row names its organisation (core/tenancy.py). An activity's summary and a volunteer's
phone and notes are encrypted at rest (core/crypto.py); the counts and codes stay plain so that
indicators can count them. rules.py holds the clauses each check comes from.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anxin.accounts.capabilities import COMMUNITY_VIEW
from anxin.core.crypto import EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

from .choices import ONLINE_TYPES, ActivityType, MaterialKind, VolunteerSkill

USER = settings.AUTH_USER_MODEL


class CommunityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rows of the user's organisation, for those who may read community work; a
        regional viewer sees none."""
        if not user.is_authenticated or user.membership is None \
                or user.membership.organization_id is None or not user.can(COMMUNITY_VIEW):
            return self.none()
        return self.filter(organization_id=user.membership.organization_id)


class CommunityActivity(OrganizationOwned):
    """社区活动: one event of community work the organisation held — a health lecture, an
    advocacy day, festival care visits, an online course — with who came, what was handed out,
    and how far it reached online (CMH-7.1, CMH-5.5, CMH-5.6, CHR-7.1, CHR-7.4, MSW-6.1,
    REH-4.6.1.2, PSY-measure-1). Its record document with photos belongs to the document
    engine, which names the activity as its subject."""

    type = models.CharField(_("kind of activity"), max_length=32, choices=ActivityType.choices)
    title = models.CharField(_("title"), max_length=120)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    # A street (乡镇/街道) or, where the deployment loads them, a community (社区, 12 digits) of
    # the organisation's district; none for an online course or post.
    region = models.ForeignKey("accounts.Region", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("street or community"))
    partners = models.CharField(_("partner organisations"), max_length=300, blank=True)
    residents_count = models.PositiveIntegerField(_("residents"), default=0)
    clients_count = models.PositiveIntegerField(_("clients"), default=0)
    family_count = models.PositiveIntegerField(_("family members"), default=0)
    online_reach = models.PositiveIntegerField(_("views or reads"), null=True, blank=True)
    summary = EncryptedTextField(_("summary"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community activity")
        verbose_name_plural = _("community activities")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organization", "-date"], name="activity_org_date"),
                   models.Index(fields=["organization", "type", "-date"],
                                name="activity_org_type_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:activity", args=[self.pk])

    @property
    def is_online(self) -> bool:
        return self.type in ONLINE_TYPES

    @property
    def people_count(self) -> int:
        return self.residents_count + self.clients_count + self.family_count


class ActivityParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Participants of the organisation's activities whom the user may see as clients:
        a worker sees their own clients among them, not every client who came."""
        from anxin.clients.models import Client

        if not user.is_authenticated or not user.can(COMMUNITY_VIEW):
            return self.none()
        return self.filter(organization_id=user.membership.organization_id,
                           client__in=Client.objects.visible_ids(user))


class ActivityParticipant(OrganizationOwned):
    """A registered client who took part in an activity (their file shows it)."""

    organization_parent = "activity"
    activity = models.ForeignKey(CommunityActivity, on_delete=models.CASCADE,
                                 related_name="participants", verbose_name=_("activity"))
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("client"))
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = ActivityParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["activity", "client"],
                                               name="activity_participant_once")]
        indexes = [models.Index(fields=["organization", "client"],
                                name="activity_participant_client")]


class ActivityMaterial(OrganizationOwned):
    """Materials handed out at an activity, by kind and number (PSY-measure-1)."""

    organization_parent = "activity"
    activity = models.ForeignKey(CommunityActivity, on_delete=models.CASCADE,
                                 related_name="materials", verbose_name=_("activity"))
    kind = models.CharField(_("material"), max_length=32, choices=MaterialKind.choices)
    count = models.PositiveIntegerField(_("number handed out"))
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("material handed out")
        verbose_name_plural = _("materials handed out")
        ordering = ["pk"]
        indexes = [models.Index(fields=["organization", "activity"],
                                name="activity_material_org")]


class Volunteer(OrganizationOwned):
    """志愿者: a person outside the staff who helps with the organisation's activities, groups
    and follow-ups (CHR-7.4.3, CMH-7.2.2). Not an Anxin user; reached by phone, which is kept
    encrypted."""

    name = models.CharField(_("name"), max_length=64)
    phone = EncryptedTextField(_("contact phone"), blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    skills_note = EncryptedTextField(_("about their skills"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["-is_active", "name", "pk"]
        indexes = [models.Index(fields=["organization", "is_active", "name"],
                                name="volunteer_org_active")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:volunteer", args=[self.pk])

    def skill_labels(self) -> list[str]:
        labels = dict(VolunteerSkill.choices)
        return [str(labels[code]) for code in self.skills if code in labels]


class VolunteerHours(OrganizationOwned):
    """Hours a volunteer gave on one day, for exactly one thing: an activity, a group, or a
    follow-up described in a note (CHR-7.4.3 协助随访与康复指导)."""

    organization_parent = "volunteer"
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="hours",
                                  verbose_name=_("volunteer"))
    date = models.DateField(_("date"))
    hours = models.DecimalField(pgettext_lazy("volunteer time", "hours"), max_digits=3,
                                decimal_places=1)
    activity = models.ForeignKey(CommunityActivity, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="volunteer_hours",
                                 verbose_name=_("activity"))
    group = models.ForeignKey("groups.Group", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("group"))
    # A follow-up may name the client it was with: encrypted.
    follow_up_note = EncryptedTextField(_("follow-up"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=24),
                                   name="volunteer_hours_range"),
            # Exactly one purpose (rules.check_hours says so in words first).
            models.CheckConstraint(
                condition=(models.Q(activity__isnull=False, group__isnull=True,
                                    follow_up_note="")
                           | models.Q(activity__isnull=True, group__isnull=False,
                                      follow_up_note="")
                           | (models.Q(activity__isnull=True, group__isnull=True)
                              & ~models.Q(follow_up_note=""))),
                name="volunteer_hours_one_purpose"),
        ]
        indexes = [models.Index(fields=["organization", "volunteer", "-date"],
                                name="volunteer_hours_org")]
