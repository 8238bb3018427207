"""A questionnaire filled in by a member of the public on an organisation's self-assessment page
(PSY-measure-2)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import ALERT_VIEW, ALERT_WIDE_ROLES
from anxin.core.crypto import EncryptedJSONField, EncryptedTextField

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
        from anxin.safety.selectors import settings_for

        alerted = (Alert.objects.visible_to(user)
                   .filter(source_type__app_label="portal", source_type__model="selfassessment")
                   .values("source_id"))
        shown = Q(pk__in=alerted)
        if settings_for(user.organization).duty_worker_id == user.pk:
            # Those held back past the hourly limit reached nobody's alerts: the duty worker is
            # who reviews them (ADR 0014).
            shown |= Q(alert_held_back=True)
        return in_org.filter(shown)

    def held_back_most_urgent_first(self) -> "SelfAssessmentQuerySet":
        """Held back past the alert limit: thoughts of self-harm, then the severe band, then
        the rest; in each, the longest waiting first (ADR 0014)."""
        rank = models.Case(
            models.When(self_harm_thoughts=True, then=0),
            models.When(band=SEVERE_BAND, then=1),
            default=2, output_field=models.IntegerField())
        return (self.filter(alert_held_back=True).annotate(urgency_rank=rank)
                .order_by("urgency_rank", "created_at", "id"))


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
    # Encrypted at rest like an instrument response's (ADR 0015).
    answers = EncryptedJSONField(_("answers"))
    totals = EncryptedJSONField(_("scores"))  # scale code → number as a string (Decimal-safe)
    bands = EncryptedJSONField(_("bands"))  # scale code → band code, or null
    flags = EncryptedJSONField(_("flags"), default=list)  # flag codes
    # Copies of bands["total"] and of the self-harm flag, counted and filtered in SQL: coarse
    # coded columns of a record that names nobody (contact details, if given, are encrypted).
    band = models.CharField(_("band"), max_length=32, blank=True)
    self_harm_thoughts = models.BooleanField(_("thoughts of self-harm (item 9)"), default=False)
    contact_consent = models.BooleanField(_("asked to be contacted"), default=False)
    contact_name = EncryptedTextField(_("name to use"), blank=True)
    contact_phone = EncryptedTextField(_("mobile number"), blank=True)
    contact_given_at = models.DateTimeField(_("contact details given at"), null=True,
                                            blank=True)
    # Past the organisation's hourly alert limit the alert this would have raised was held back
    # (ADR 0014): the duty worker reviews these on the staff list, the most urgent first.
    alert_held_back = models.BooleanField(_("alert held back (hourly limit)"), default=False)
    source_hash = models.CharField(max_length=40, blank=True, editable=False)
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


class UsedFormToken(models.Model):
    """A shown form's signed start token that has been sent once: it cannot be sent again (ADR
    0014). Only a keyed hash of the token is kept. Rows older than the token's maximum age are
    purged (`actions.purge_used_form_tokens`): by then the signature refuses the token anyway.
    """

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE,
                                     related_name="+", verbose_name=_("organisation"))
    token_hash = models.CharField(max_length=40, editable=False)
    # What it saved: sent again from the same browser (a double tap), the result is shown.
    self_assessment = models.ForeignKey(SelfAssessment, null=True, on_delete=models.SET_NULL,
                                        related_name="+")
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")
        constraints = [
            # Two posts of one token at once: the database lets only one of them through.
            models.UniqueConstraint(fields=["organization", "token_hash"],
                                    name="usedformtoken_once"),
        ]

    def __str__(self):
        return f"{self.organization_id}:{self.token_hash[:8]}"
