"""Referrals (转介): out to an organisation on Anxin or an outside body, or in from outside."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_VIEW, REFERRAL_DECIDE
from anxin.core.crypto import EncryptedTextField

from ..choices import ConsentMode, ReferralKind, ReferralStatus
from .case import Case

USER = settings.AUTH_USER_MODEL


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReferralQuerySet":
        """Referrals sent from cases the user sees, and those sent to the user's organisation
        for whoever answers them."""
        if not user.is_authenticated or not user.can(CASE_VIEW):
            return self.none()
        cases = Case.objects.visible_to(user)
        # The worker of a case opened by a referral from outside sends the referrer feedback.
        condition = Q(case__in=cases) | Q(new_case__in=cases)
        if user.can(REFERRAL_DECIDE):
            # A draft is not sent yet: the receiver sees nothing until the client's consent is
            # on file and the worker refers out.
            condition |= Q(to_organization_id=user.membership.organization_id) & ~Q(
                status=ReferralStatus.DRAFT)
            condition |= Q(organization_id=user.membership.organization_id,
                           case__isnull=True)
        return self.filter(condition)


class Referral(models.Model):
    """Sent from `case` (out) or received by `organization` (incoming). An internal referral is
    answered by the receiving organisation; on acceptance it opens `new_case` there, linked to
    the old one, with only what `shared_items` (the client's consent) covers."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="referrals",
                                     verbose_name=_("organisation"))
    kind = models.CharField(_("kind"), max_length=12, choices=ReferralKind.choices)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="referrals", verbose_name=_("case"))
    to_organization = models.ForeignKey("accounts.Organization", null=True, blank=True,
                                        on_delete=models.PROTECT,
                                        related_name="incoming_referrals",
                                        verbose_name=_("receiving organisation"))
    external_name = models.CharField(_("body"), max_length=128, blank=True)
    external_contact = EncryptedTextField(_("contact"), blank=True)
    reason = EncryptedTextField(_("reason for referral"))
    consent_mode = models.CharField(_("client's consent"), max_length=8, blank=True,
                                    choices=ConsentMode.choices)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    shared_items = models.JSONField(_("what the client agreed to share"), default=list,
                                    blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices,
                              default=ReferralStatus.DRAFT)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("answered by"))
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)
    new_case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="arrived_by_referral",
                                    verbose_name=_("case opened by the referral"))
    feedback = EncryptedTextField(_("feedback"), blank=True)
    feedback_on = models.DateField(_("feedback received on"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["to_organization", "status"], name="referral_to_status"),
            models.Index(fields=["organization", "status"], name="referral_org_status"),
        ]
        constraints = [models.CheckConstraint(
            condition=(Q(kind=ReferralKind.INTERNAL, to_organization__isnull=False)
                       | (~Q(kind=ReferralKind.INTERNAL) & Q(to_organization__isnull=True))),
            name="referral_receiver_matches_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.receiver_name}"

    @property
    def receiver_name(self) -> str:
        return self.to_organization.name if self.to_organization_id else self.external_name

    @property
    def consent_recorded(self) -> bool:
        return bool(self.consent_mode and self.consent_on)

    def get_shared_items_display(self) -> list[str]:
        from ..choices import SharedItem
        return [str(SharedItem(c).label) for c in self.shared_items if c in SharedItem.values]
