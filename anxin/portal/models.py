"""A questionnaire filled in by a member of the public on an organisation's self-assessment page
(PSY-measure-2)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import ALERT_VIEW, ALERT_WIDE_ROLES
from anxin.core.crypto import EncryptedTextField

from .constants import MAIN_SCALE, SELF_HARM_ITEM, SEVERE_BAND


class SelfAssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SelfAssessmentQuerySet":
        """The roles that answer for every alert of their organisation see each of its
        self-assessments; another holder of ALERT_VIEW (the duty worker) sees those whose alert
        reached them. Nobody sees another organisation's."""
        if not user.is_authenticated or not user.can(ALERT_VIEW) or user.organization is None:
            return self.none()
        in_org = self.filter(organization=user.organization)
        if user.role in ALERT_WIDE_ROLES:
            return in_org
        from anxin.safety.models import Alert

        alerted = (Alert.objects.visible_to(user)
                   .filter(source_type__app_label="portal", source_type__model="selfassessment")
                   .values("source_id"))
        return in_org.filter(pk__in=alerted)


class SelfAssessment(models.Model):
    """One PHQ-9 or GAD-7 that somebody filled in anonymously on the organisation's public page.

    Scores, bands and flags are computed on the server with the definition `version` and kept as
    computed. Nobody is identified unless they asked to be contacted: only then are a name and a
    phone number kept, encrypted. The client address is never kept, only a keyed hash of it and
    the day (`source_hash`), which counts submissions for the daily cap and links nothing across
    days.
    """

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    instrument = models.CharField(_("questionnaire"), max_length=32)
    version = models.PositiveSmallIntegerField(_("definition version"))
    answers = models.JSONField(_("answers"))
    totals = models.JSONField(_("scores"))  # scale code → number as a string (Decimal-safe)
    bands = models.JSONField(_("bands"))  # scale code → band code, or null
    flags = models.JSONField(_("flags"), default=list)  # flag codes
    # Copies of bands["total"] and of the self-harm flag: counted and filtered in SQL, which
    # cannot look inside JSON lists on SQLite.
    band = models.CharField(_("band"), max_length=32, blank=True)
    self_harm_thoughts = models.BooleanField(_("thoughts of self-harm (item 9)"), default=False)
    contact_consent = models.BooleanField(_("asked to be contacted"), default=False)
    contact_name = EncryptedTextField(_("name to use"), blank=True)
    contact_phone = EncryptedTextField(_("mobile number"), blank=True)
    contact_given_at = models.DateTimeField(_("contact details given at"), null=True,
                                            blank=True)
    source_hash = models.CharField(max_length=40, blank=True, editable=False)
    # Keyed hash of the shown form's signed timestamp and what was sent: the same form sent
    # twice (a double tap, a reload) is saved once and alerts once.
    submission_key = models.CharField(max_length=40, unique=True, null=True, blank=True,
                                      editable=False)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="selfassess_org_time"),
            models.Index(fields=["source_hash", "created_at"], name="selfassess_source"),
        ]
        constraints = [
            # Contact details exist only with consent (PIPL: nothing kept without a purpose).
            models.CheckConstraint(
                condition=Q(contact_consent=True) | (Q(contact_name="") & Q(contact_phone="")),
                name="selfassess_contact_only_with_consent",
            ),
        ]

    def __str__(self):
        return f"{self.instrument} #{self.pk} {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portal:staff_detail", args=[self.pk])

    @property
    def definition(self):
        from anxin.instruments.registry import get

        return get(self.instrument, self.version)

    @property
    def total(self) -> int:
        return int(self.totals[MAIN_SCALE])

    @property
    def maximum(self) -> int:
        return int(self.definition.scale(MAIN_SCALE).high)

    @property
    def band_definition(self):
        scale = self.definition.scale(MAIN_SCALE)
        return next((b for b in scale.bands if b.code == self.band), None)

    @property
    def is_severe(self) -> bool:
        return self.band == SEVERE_BAND

    @property
    def needs_help_now(self) -> bool:
        """Immediate help comes first on the result, and a consenting person is called back at
        once (PSY-measure-7)."""
        return self.is_severe or self.self_harm_thoughts

    @property
    def self_harm_answer(self):
        """The PHQ-9 item 9 option chosen, or None for a questionnaire without that item."""
        if SELF_HARM_ITEM not in self.answers or self.instrument != "phq9":
            return None
        value = self.answers[SELF_HARM_ITEM]
        return None if value is None else self.definition.item(SELF_HARM_ITEM).option(value)
