from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.core.crypto import EncryptedJSONField, EncryptedTextField

from . import chain


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def _raw_delete(self, using):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create skips save(), where each event is sealed into the chain (audit/chain.py).
        raise AppendOnlyError("Audit events are appended one at a time, through record().")

    def visible_to(self, user) -> "AuditEventQuerySet":
        """An org admin reads their organisation's trail; nobody reads another's."""
        from anxin.accounts.capabilities import AUDIT_VIEW

        if not user.can(AUDIT_VIEW):
            return self.none()
        return self.filter(organization=user.organization)

    def work_done(self) -> "AuditEventQuerySet":
        """Events that changed something: no sign-ins and outs, and no reads (viewing, printing,
        exporting), which the trail must keep but which drown a person's own recent work."""
        return self.exclude(
            models.Q(action__startswith="auth.") | models.Q(action__endswith="viewed")
            | models.Q(action__endswith="printed") | models.Q(action__endswith="exported"))

    def with_client_numbers(self) -> "AuditEventQuerySet":
        """Join each event's client without decrypting its encrypted fields: a list of events
        names clients by file number (or name), never by ID number, phone or address."""
        from anxin.clients.models import Client

        encrypted = [f"client__{field.name}" for field in Client._meta.concrete_fields
                     if isinstance(field, EncryptedTextField | EncryptedJSONField)]
        return self.select_related("client").defer(*encrypted)


class AuditEvent(models.Model):
    """One line of the audit trail: who did what to which record, when, from where, and why.

    Append-only by the model, the queryset and database triggers (audit/db.py): the standards'
    confidentiality rules (CMH-4.2, MSW-A.6) require proof of every access to a client's file.
    Each event is sealed into a hash chain when it is inserted (audit/chain.py), so that a change
    made around the triggers shows in `manage.py verify_audit`.
    """

    # Set before the seal is computed (auto_now_add would set it afterwards, in save_base).
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, editable=False,
                                       db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("actor"))
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True,
                                   help_text=_("Username, kept for failed logins and history."))
    organization = models.ForeignKey("accounts.Organization", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    client = models.ForeignKey("clients.Client", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("client"))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    # A reason or the data may be clinical (a risk assessment, a cause of death) and name
    # people: both are encrypted at rest (ADR 0015). Nothing filters on them in SQL. The seal
    # covers their plain values, so re-encrypting under a new key leaves the chain intact.
    reason = EncryptedTextField(_("reason"), blank=True)
    data = EncryptedJSONField(_("data"), default=dict, blank=True)
    previous_hash = models.CharField(_("previous event's seal"), max_length=64, blank=True,
                                     editable=False)
    chain_hash = models.CharField(_("seal"), max_length=64, blank=True, editable=False,
                                  help_text=_("HMAC-SHA256 of this event and the previous "
                                              "event's seal."))

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["organization", "-occurred_at", "-id"], name="audit_org_time"),
            # The audit log's filters, each with the log's order.
            models.Index(fields=["organization", "action", "-occurred_at", "-id"],
                         name="audit_org_action_time"),
            models.Index(fields=["organization", "actor_label", "-occurred_at", "-id"],
                         name="audit_org_actor_time"),
            models.Index(fields=["client", "-occurred_at"], name="audit_client_time"),
            # Home's "my recent work": a person's own events, newest first.
            models.Index(fields=["actor", "-occurred_at", "-id"], name="audit_actor_time"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be updated.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # One transaction for the lock, the read of the head and the INSERT; without a savepoint
        # when the caller's action already has a transaction (the usual case).
        with transaction.atomic(using=using, savepoint=False):
            self.previous_hash = chain.lock_and_read_head(transaction.get_connection(using))
            self.chain_hash = chain.seal({name: getattr(self, name)
                                          for name in chain.SEALED_FIELDS})
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def action_label(self) -> str:
        from .labels import label_for

        return label_for(self.action)
