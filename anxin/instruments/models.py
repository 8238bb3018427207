"""A completed instrument (量表): the raw answers and what the definition of its version made of
them, stored on the server (never a total computed in the browser)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.core.crypto import EncryptedJSONField


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user, *, client=None, case=None) -> "ResponseQuerySet":
        """Responses of the clients `user` may see, in their organisation; one given in a case
        only if the user also sees that case (its results are part of the case file).
        `client` and `case`: ones the request found visible, whose page lists their responses
        (`ClientQuerySet.visible_ids`)."""
        from anxin.cases.models import Case
        from anxin.clients.models import Client

        if not user.is_authenticated or user.membership is None:
            return self.none()
        return self.filter(
            Q(case__isnull=True) | Q(case__in=Case.objects.visible_ids(user, within=case)),
            organization_id=user.membership.organization_id,
            client__in=Client.objects.visible_ids(user, within=client),
        )


class Via(models.TextChoices):
    WORKER = "worker", _("entered by the worker")
    CLIENT_LINK = "client_link", _("filled in by the client (link or tablet)")


class AttachTo(models.TextChoices):
    """The case document a response belongs to, in the case's current episode."""

    ASSESSMENT = "assessment", _("the assessment (form C)")
    EVALUATION = "evaluation", _("the evaluation (form F)")


class InstrumentResponse(models.Model):
    """Scores, bands and flags are computed by `scoring.score` with the definition `version`
    and kept as computed: a later version of the definition never changes them."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT,
                               related_name="instrument_responses", verbose_name=_("client"))
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="instrument_responses", verbose_name=_("case"))
    # Attached to the case's assessment (form C) or evaluation (form F), or to neither.
    assessment = models.ForeignKey("cases.Assessment", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="instrument_responses",
                                   verbose_name=_("assessment"))
    evaluation = models.ForeignKey("cases.Evaluation", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="instrument_responses",
                                   verbose_name=_("evaluation"))
    instrument = models.CharField(_("instrument"), max_length=32)
    version = models.PositiveSmallIntegerField(_("definition version"))
    # All four are clinical (a self-harm answer, a "severe" band) and encrypted at rest (ADR
    # 0015). Nothing filters on them in SQL: rules, panels and trends read them in Python.
    answers = EncryptedJSONField(_("answers"))
    totals = EncryptedJSONField(_("scores"))  # scale code → number as a string (Decimal-safe)
    bands = EncryptedJSONField(_("bands"))  # scale code → band code, or null
    flags = EncryptedJSONField(_("flags"), default=list)  # flag codes
    administered_on = models.DateField(_("date administered"))
    via = models.CharField(_("administered"), max_length=16, choices=Via.choices,
                           default=Via.WORKER)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-administered_on", "-id"]
        verbose_name = _("instrument response")
        verbose_name_plural = _("instrument responses")
        indexes = [
            models.Index(fields=["client", "instrument", "administered_on"],
                         name="response_client_instr"),
            models.Index(fields=["organization", "instrument"], name="response_org_instr"),
            # The case page's latest responses, read in order and stopped after a page.
            models.Index(fields=["case", "-administered_on", "-id"],
                         name="response_case_recent"),
        ]

    def __str__(self):
        return f"{self.instrument} v{self.version} {self.administered_on}"

    def get_absolute_url(self):
        return reverse("instruments:response", args=[self.pk])

    @property
    def definition(self):
        from .registry import get

        return get(self.instrument, self.version)


class ClientLinkQuerySet(models.QuerySet):
    def visible_to(self, user, *, case=None) -> "ClientLinkQuerySet":
        """Links of the cases `user` sees; `case`, one the request found visible."""
        from anxin.cases.models import Case

        if not user.is_authenticated or user.membership is None:
            return self.none()
        return self.filter(organization_id=user.membership.organization_id,
                           case__in=Case.objects.visible_ids(user, within=case))


class ClientLink(models.Model):
    """A single-use link for a client to fill in one instrument of a case themselves, on their
    phone or on the worker's tablet. Only a hash of the token is kept: whoever reads the
    database cannot open the link. Used once, or after `expires_at`, it opens nothing."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("client"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT,
                             related_name="instrument_links", verbose_name=_("case"))
    instrument = models.CharField(_("instrument"), max_length=32)
    attach_to = models.CharField(_("attach to"), max_length=16, blank=True,
                                 choices=AttachTo.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    response = models.OneToOneField(InstrumentResponse, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="client_link",
                                    verbose_name=_("response"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("issued by"))
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    objects = ClientLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("client link")
        verbose_name_plural = _("client links")

    def __str__(self):
        return f"{self.instrument} {self.case_id} {self.created_at:%Y-%m-%d}"

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return not self.is_used and not self.is_expired

    @property
    def definition(self):
        from .registry import latest

        return latest(self.instrument)
