"""`manage.py reencrypt_fields` moves every encrypted column to the first key, after which the
old key can go; the audit chain still verifies, since it seals plain values (ADR 0015)."""

from io import StringIO

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import translation

from anxin.audit.actions import record
from anxin.audit.models import AuditEvent
from anxin.clients.models import Client
from anxin.core.crypto import UndecryptableValue
from anxin.workspace.testing.cases import PersonaTestCase

REASON = "因病情恶化于住院期间去世"


class ReencryptingUnderANewKey(PersonaTestCase):
    def setUp(self):
        self.old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
        self.new_key = Fernet.generate_key().decode()
        self.event = record("case.ended", actor=self.p.wang_fang, client=self.p.client_a,
                            reason=REASON, data={"stage": "closed"})

    def stored_reason(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reason FROM audit_auditevent WHERE id = %s", [self.event.pk])
            return cursor.fetchone()[0]

    def test_after_it_the_old_key_can_be_removed(self):
        before = self.stored_reason()
        with override_settings(FIELD_ENCRYPTION_KEYS=[self.new_key]):
            # Positive control: without the old key, the data cannot be read.
            with self.assertRaises(UndecryptableValue):
                AuditEvent.objects.get(pk=self.event.pk)
        with override_settings(FIELD_ENCRYPTION_KEYS=[self.new_key, *self.old_keys]):
            out = StringIO()
            call_command("reencrypt_fields", batch=2, stdout=out)
        self.assertIn("audit.AuditEvent", out.getvalue())
        self.assertIn("clients.Client", out.getvalue())
        self.assertNotEqual(self.stored_reason(), before)

        with override_settings(FIELD_ENCRYPTION_KEYS=[self.new_key]):
            event = AuditEvent.objects.get(pk=self.event.pk)
            self.assertEqual((event.reason, event.data), (REASON, {"stage": "closed"}))
            client = Client.objects.get(pk=self.p.client_a.pk)
            self.assertEqual(client.id_number, self.p.client_a.id_number)
            self.assertEqual(client.population_categories, ["mental_disorder"])
            verified = StringIO()
            with translation.override("en"):
                call_command("verify_audit", stdout=verified)
            self.assertIn("The audit chain is intact", verified.getvalue())
        # The append-only guards are back.
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute("UPDATE audit_auditevent SET reason = 'x'")
