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


class RehabProgramme(models.TextChoices):
    """The eight programme kinds of a community rehabilitation centre (REH-5.5.2)."""

    SELF_CARE = "self_care", _("Self-care skills training")
    SOCIAL_ADAPTATION = "social_adaptation", _("Social adaptation training")
    HEALTH_EDUCATION = "health_education", _("Health education and promotion")
    INTERESTS = "interests", _("Interests and talents")
    VOCATIONAL = "vocational", _("Vocational skills training")
    SELF_MANAGEMENT = "self_management", _("Health self-management training")
    PSYCHOLOGICAL = "psychological", _("Psychological rehabilitation training")
    HOME = "home", _("Home rehabilitation services")


class GroupStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user) -> "GroupQuerySet":
        """The groups of the user's organisation, for those who read group work
        (COMMUNITY_VIEW: its staff, never a regional viewer)."""
        from anxin.accounts.capabilities import COMMUNITY_VIEW

        if not user.is_authenticated or user.membership is None or not user.can(COMMUNITY_VIEW):
            return self.none()
        return self.filter(organization_id=user.membership.organization_id)


class Group(OrganizationOwned):
    type = models.CharField(_("type"), max_length=32, choices=GroupType.choices)
    title = models.CharField(_("title"), max_length=120)
    # For a rehabilitation training group, which of REH-5.5.2's programmes it runs.
    programme = models.CharField(_("programme"), max_length=32, blank=True,
                                 choices=RehabProgramme.choices)
    goals = EncryptedTextField(_("goals"), blank=True)
    target_population = models.CharField(_("target population"), max_length=200, blank=True)
    external_leaders = EncryptedTextField(_("leaders from outside"), blank=True)
    course_weeks = models.PositiveIntegerField(_("course length in weeks"), null=True,
                                               blank=True)
    # The instrument every member takes before the first session and after the last, whose
    # change is the group's outcome (blank: none).
    measure = models.CharField(_("outcome instrument"), max_length=32, blank=True)
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


class ConsentMode(models.TextChoices):
    VERBAL = "verbal", _("Verbal notice")
    WRITTEN = "written", _("Written agreement")


class GroupMember(OrganizationOwned):
    """A client in a group, with their consent to group participation: who told them what
    group work involves (that other members hear what they share, and its limits) and how they
    agreed."""

    organization_parent = "group"
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members",
                              verbose_name=_("group"))
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("client"))
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    consent_mode = models.CharField(_("consent to group participation"), max_length=8,
                                    choices=ConsentMode.choices)
    consented_on = models.DateField(_("consented on"))
    consent_taken_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("consent taken by"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "client"],
                                               name="group_member_once")]
        indexes = [models.Index(fields=["organization", "group"], name="group_member_org"),
                   models.Index(fields=["organization", "client"], name="group_member_client")]


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class GroupSession(OrganizationOwned):
    organization_parent = "group"
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions",
                              verbose_name=_("group"))
    number = models.PositiveIntegerField(_("session number"))
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveIntegerField(_("minutes"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=SessionStatus.choices,
                              default=SessionStatus.PLANNED)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["group", "number"],
                                               name="group_session_number_once")]
        indexes = [models.Index(fields=["organization", "group"], name="group_session_org")]


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")


class GroupAttendance(OrganizationOwned):
    """Whether a member came to a session; an absence says why (a reason about a person's
    health or family: encrypted at rest)."""

    organization_parent = "session"
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE,
                                related_name="attendance", verbose_name=_("session"))
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="attendance",
                               verbose_name=_("member"))
    status = models.CharField(_("attendance"), max_length=8, choices=Attendance.choices)
    reason = EncryptedTextField(_("reason for absence"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"],
                                               name="group_attendance_once")]
        indexes = [models.Index(fields=["organization", "member"],
                                name="group_attendance_member")]


class Phase(models.TextChoices):
    PRE = "pre", _("Before the first session")
    POST = "post", _("After the last session")


class GroupMeasurement(OrganizationOwned):
    """A member's instrument response given as the group's before- or after-measure."""

    organization_parent = "group"
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="measurements",
                              verbose_name=_("group"))
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE,
                               related_name="measurements", verbose_name=_("member"))
    phase = models.CharField(_("when"), max_length=4, choices=Phase.choices)
    response = models.OneToOneField("instruments.InstrumentResponse", on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("response"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "phase"],
                                               name="group_measurement_once")]
        indexes = [models.Index(fields=["organization", "group"],
                                name="group_measurement_org")]
