"""A member's staff record: qualifications and training (CMH-9.1, CMH-9.2, REH-4.4.2,
REH-5.6.1, MSW-9.1.1.1, MSW-9.1.2, CHR-5.1).

Identity and role live on accounts.Membership; these are what the standards make conditions of
the service, kept per organisation like every other table of an organisation's data.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import QualificationKind, TrainingTopic

USER = settings.AUTH_USER_MODEL


class Qualification(models.Model):
    """A certificate a member holds: its kind, number, date and a scanned copy."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    member = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="qualifications",
                               verbose_name=_("member"))
    kind = models.CharField(_("qualification"), max_length=32,
                            choices=QualificationKind.choices)
    title = models.CharField(_("title"), max_length=64, blank=True,
                             help_text=_("For “other”: what the certificate is."))
    number = models.CharField(_("certificate number"), max_length=64, blank=True)
    issued_on = models.DateField(_("issued on"))
    scan = models.FileField(_("scanned copy"), upload_to="staff/qualifications/", blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["member", "-issued_on", "-id"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        indexes = [models.Index(fields=["organization", "kind"], name="qualification_org_kind")]

    def __str__(self):
        return self.title or self.get_kind_display()


class TrainingRecord(models.Model):
    """One training a member attended, counted against the year's target (CMH-9.1: 120 hours;
    REH-5.6.1: at least one a year) and, for chronic-disease work, CHR-5.1.2's four topics."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    member = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="trainings",
                               verbose_name=_("member"))
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    topic = models.CharField(_("topic"), max_length=128)
    chr_topic = models.CharField(_("CHR-5.1.2 topic"), max_length=32, blank=True,
                                 choices=TrainingTopic.choices)
    provider = models.CharField(_("provider"), max_length=128, blank=True)
    certificate = models.FileField(_("certificate"), upload_to="staff/training/", blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["member", "-date", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        indexes = [models.Index(fields=["organization", "date"], name="training_org_date")]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0),
                                              name="training_hours_positive")]

    def __str__(self):
        return self.topic
