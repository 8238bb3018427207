"""A rehabilitation centre's own data: its profile (who it may take, its beds), its
point-to-point medical partners, the reception register, and the supervisors' overrides of an
eligibility refusal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anxin.core.crypto import EncryptedTextField
from anxin.core.tenancy import OrganizationOwned

USER = settings.AUTH_USER_MODEL


class CentreProfile(models.Model):
    """What a centre can do. Ages 15–60 by default; 3–14 only with children's capability, over
    60 only with elderly capability (REH-5.2.1.1.3). Beds are set apart by sex (REH-4.9.2.2)."""

    organization = models.OneToOneField("accounts.Organization", on_delete=models.CASCADE,
                                        related_name="centre_profile",
                                        verbose_name=_("organisation"))
    takes_children = models.BooleanField(
        _("children's rehabilitation (ages 3–14)"), default=False,
        help_text=_("Only a centre able to rehabilitate children takes ages 3–14 "
                    "(REH-5.2.1.1.3)."))
    takes_elderly = models.BooleanField(
        _("elderly rehabilitation (over 60)"), default=False,
        help_text=_("Only a centre able to rehabilitate the elderly takes people over 60 "
                    "(REH-5.2.1.1.3)."))
    day_services = models.BooleanField(_("day services"), default=True)
    residential_services = models.BooleanField(_("residential services"), default=False)
    beds_male = models.PositiveSmallIntegerField(_("beds for men"), default=0)
    beds_female = models.PositiveSmallIntegerField(_("beds for women"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("centre profile")
        verbose_name_plural = _("centre profiles")

    def __str__(self):
        return str(self.organization)


class PartnerKind(models.TextChoices):
    HEALTH_CENTRE = "health_centre", _("Community health centre (township hospital)")
    PSYCHIATRIC_HOSPITAL = "psychiatric_hospital", _("Psychiatric hospital")
    GENERAL_HOSPITAL = "general_hospital", _("General hospital with mental-health services")


class PartnerArrangement(models.TextChoices):
    POINT_TO_POINT = "point_to_point", _("Point-to-point liaison")
    COMMISSIONED = "commissioned", _("Commissioned technical service")


class MedicalPartner(OrganizationOwned):
    """REH-4.7.3.6: the centre's point-to-point liaison with the community health centre and a
    hospital with psychiatric services, or a commissioned technical service."""

    kind = models.CharField(_("kind"), max_length=32, choices=PartnerKind.choices)
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=128)
    arrangement = models.CharField(_("arrangement"), max_length=32,
                                   choices=PartnerArrangement.choices,
                                   default=PartnerArrangement.POINT_TO_POINT)
    contact_person = models.CharField(_("contact person"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("medical partner")
        verbose_name_plural = _("medical partners")
        indexes = [models.Index(fields=["organization", "kind"], name="partner_org_kind")]

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    ONLINE = "online", _("Online")


class Asker(models.TextChoices):
    CLIENT = "client", _("The person themselves")
    FAMILY = "family", _("Family")
    GUARDIAN = "guardian", _("Guardian")
    REFERRING_BODY = "referring_body", _("A referring body")
    OTHER = "other", _("Other")


class Topic(models.TextChoices):
    POLICY = "policy", _("Policy and insurance")
    TREATMENT = "treatment", _("Diagnosis and treatment")
    REHABILITATION = "rehabilitation", _("Rehabilitation activities")
    EMPLOYMENT = "employment", _("Employment")


class Outcome(models.TextChoices):
    INFORMATION = "information", _("Information given")
    APPOINTMENT = "appointment", _("Appointment made")
    APPLICATION = "application", _("Applied for admission")
    REFERRAL = "referral", _("Referred elsewhere")


class Enquiry(OrganizationOwned):
    """One entry of the consultation and reception register (咨询接待登记, REH-5.3.1, 5.3.2):
    face to face, by phone or online; who asked, about what, and what came of it. An enquiry
    that leads to an application names the client whose case it opened."""

    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    asker = models.CharField(_("who asked"), max_length=16, choices=Asker.choices)
    # The person may not be a client (yet): their name and contact are encrypted free text.
    asker_name = EncryptedTextField(_("name of who asked"), blank=True)
    asker_contact = EncryptedTextField(_("their contact"), blank=True)
    referring_body = models.CharField(_("referring body"), max_length=128, blank=True)
    topics = models.JSONField(_("topics"), default=list)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    appointment_at = models.DateTimeField(_("appointment at"), null=True, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=128, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    client = models.ForeignKey("clients.Client", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("client"))
    received_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("received by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        indexes = [models.Index(fields=["organization", "-received_at", "-id"],
                                name="enquiry_org_recent")]

    def get_topics_display(self) -> list[str]:
        return [str(Topic(t).label) for t in self.topics if t in Topic.values]


class EligibilityOverride(OrganizationOwned):
    """A supervisor's decision to admit although some admission criteria are not met
    (REH-4.7.1): which rules, why, by whom. Reported to the organisation's administrators and
    listed for quality officers; it holds for the case's episode it was made in."""

    organization_parent = "case"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT,
                             related_name="eligibility_overrides", verbose_name=_("case"))
    episode = models.PositiveSmallIntegerField(_("episode"))
    rules = models.JSONField(_("rules overridden"), default=list)
    reason = EncryptedTextField(_("reason"))
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("eligibility override")
        verbose_name_plural = _("eligibility overrides")
        indexes = [
            models.Index(fields=["organization", "case", "episode"], name="override_org_case"),
            models.Index(fields=["organization", "-decided_at", "-id"],
                         name="override_org_recent"),
        ]
