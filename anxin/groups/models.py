"""Group work (小组工作): a group, its leaders, members and planned sessions.

Every row names its organisation (core/tenancy.py). Goals and the outside leaders' names are
free text about people: encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anxin.core.crypto import EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

USER = settings.AUTH_USER_MODEL


class GroupType(models.TextChoices):
    THERAPY = "therapy", _("Therapy group")
    SUPPORT = "support", _("Support and mutual aid group")
    EDUCATION = "education", _("Education group")
    SKILLS = "skills", _("Skills group")
    REHAB_TRAINING = "rehab_training", _("Rehabilitation training group")
    CARERS = "carers", _("Carers' support group")
    HEALTHY_LIFESTYLE = "healthy_lifestyle", _("Healthy-lifestyle group")
    PATIENT_MUTUAL_SUPPORT = "patient_mutual_support", _("Patients' mutual support group")
    PSYCHOLOGICAL_SUPPORT = "psychological_support", _("Group psychological support")


class GroupStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user) -> "GroupQuerySet":
        """The groups of the user's organisation; a group names its members, so only staff
        who may see clients see groups."""
        from anxin.accounts.capabilities import CLIENT_VIEW

        if not user.is_authenticated or user.membership is None or not user.can(CLIENT_VIEW):
            return self.none()
        return self.filter(organization_id=user.membership.organization_id)


class Group(OrganizationOwned):
    type = models.CharField(_("type"), max_length=32, choices=GroupType.choices)
    title = models.CharField(_("title"), max_length=120)
    goals = EncryptedTextField(_("goals"), blank=True)
    target_population = models.CharField(_("target population"), max_length=200, blank=True)
    external_leaders = EncryptedTextField(_("leaders from outside"), blank=True)
    course_weeks = models.PositiveIntegerField(_("course length in weeks"), null=True,
                                               blank=True)
    status = models.CharField(_("status"), max_length=16, choices=GroupStatus.choices,
                              default=GroupStatus.PLANNED)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        indexes = [models.Index(fields=["organization", "status", "-created_at"],
                                name="group_org_status")]

    def __str__(self):
        return self.title


class GroupLeader(OrganizationOwned):
    organization_parent = "group"
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="leaders",
                              verbose_name=_("group"))
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("leader"))
    co_leader = models.BooleanField(_("co-leader"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"],
                                               name="group_leader_once")]
        indexes = [models.Index(fields=["organization", "group"], name="group_leader_org")]


class GroupMember(OrganizationOwned):
    organization_parent = "group"
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members",
                              verbose_name=_("group"))
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("client"))
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "client"],
                                               name="group_member_once")]
        indexes = [models.Index(fields=["organization", "group"], name="group_member_org"),
                   models.Index(fields=["organization", "client"], name="group_member_client")]


class GroupSession(OrganizationOwned):
    organization_parent = "group"
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions",
                              verbose_name=_("group"))
    number = models.PositiveIntegerField(_("session number"))
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveIntegerField(_("minutes"))
    place = models.CharField(_("place"), max_length=120, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["group", "number"],
                                               name="group_session_number_once")]
        indexes = [models.Index(fields=["organization", "group"], name="group_session_org")]
