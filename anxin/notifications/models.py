"""In-app notifications (通知): the bell in the header. E-mail is a copy, sent when configured."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from anxin.core.crypto import EncryptedJSONField, EncryptedTextField

from . import messages


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NotificationQuerySet":
        return self.filter(recipient=user, organization=user.organization)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def open(self) -> "NotificationQuerySet":
        return self.filter(closed_at__isnull=True)

    def about(self, subject) -> "NotificationQuerySet":
        return self.filter(subject_type=ContentType.objects.get_for_model(subject),
                           subject_id=subject.pk)


class Notification(models.Model):
    """One notice to one person about one thing (its `subject`: an alert, a plan …). It is
    closed when that thing is dealt with (an alert acknowledged, a plan approved), whoever
    dealt with it, so nobody is asked to do what is done."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications", verbose_name=_("recipient"))
    # What the notice is about, named by kind so the page can mark the urgent ones.
    kind = models.CharField(_("kind"), max_length=32)
    urgent = models.BooleanField(_("urgent"), default=False)
    # A code of `messages.MESSAGES` and its parameters: rendered in the reader's language.
    # No client names or health details: an e-mail copy leaves the system. The parameters (an
    # alert's rule, a case number) and any free text are encrypted at rest all the same: with
    # the recipient and the subject they would say whose crisis it was (ADR 0015).
    message = models.CharField(_("message"), max_length=48, blank=True)
    params = EncryptedJSONField(_("message parameters"), default=dict, blank=True)
    # Free text, for senders without a message code: kept in the language it was written in.
    title = EncryptedTextField(_("title"), blank=True)
    body = EncryptedTextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=200, blank=True)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The thing it asked for was done (by the recipient or anybody else).
    closed_at = models.DateTimeField(_("done at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["subject_type", "subject_id"], name="notification_subject"),
        ]

    def __str__(self):
        return self.title_text

    @property
    def _message(self):
        return messages.get(self.message) if self.message else None

    @property
    def title_text(self) -> str:
        """The title in the active language (free-text titles as they were written)."""
        message = self._message
        return message.title_for(self.params) if message else self.title

    @property
    def body_text(self) -> str:
        message = self._message
        return message.body_for(self.params) if message else self.body

    @property
    def is_informational(self) -> bool:
        message = self._message
        return bool(message and message.informational)
