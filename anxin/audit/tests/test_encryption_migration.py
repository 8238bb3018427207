"""Migration audit 0004 encrypts the reason and data of the events already recorded, and the
hash chain still verifies afterwards (the seals cover the plain values, ADR 0015)."""

import io
from unittest import mock

from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

from anxin.audit import chain
from anxin.audit.actions import record
from anxin.audit.db import install_guards, remove_guards
from anxin.audit.models import AuditEvent
from anxin.core import encrypt_columns

BEFORE_CHAIN = ("audit", "0002_append_only_triggers")
BEFORE = ("audit", "0003_hash_chain")
AFTER = ("audit", "0004_encrypt_reason_and_data")

REASON = "危险性评估3级：近一周出现冲动毁物和威胁家人的言行"
DETAIL = "因病情恶化于住院期间去世"


class EncryptingTheEventsAlreadyThere(TransactionTestCase):
    available_apps = ["anxin.audit"]

    def tearDown(self):
        remove_guards(connection)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
        install_guards(connection)

    def migrate(self, target):
        apps.unset_available_apps()
        try:
            executor = MigrationExecutor(connection)
            executor.migrate([target])
            return executor.loader.project_state(target).apps
        finally:
            apps.set_available_apps(self.available_apps)

    def raw_rows(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT reason, data FROM audit_auditevent ORDER BY id")
            return [(str(reason), str(data)) for reason, data in cursor.fetchall()]

    def test_the_migration_encrypts_reasons_and_data_and_the_chain_still_holds(self):
        old = self.migrate(BEFORE_CHAIN).get_model("audit", "AuditEvent")
        for i in range(3):
            old.objects.create(action="case.stage_changed", actor_label=f"u{i}",
                               occurred_at=timezone.now(), reason=REASON,
                               data={"detail": DETAIL, "i": i})
        self.migrate(BEFORE)
        self.assertTrue(any(REASON in reason for reason, _ in self.raw_rows()),
                        "positive control: the reason is plain before the migration")
        with mock.patch.object(encrypt_columns, "BATCH", 2):  # two batches, the last one short
            self.migrate(AFTER)

        for reason, data in self.raw_rows():
            self.assertNotIn(REASON, reason)
            self.assertNotIn(DETAIL, data)
            self.assertTrue(reason.startswith("gAAAAA") and data.startswith("gAAAAA"))
        first = AuditEvent.objects.order_by("id").first()
        self.assertEqual((first.reason, first.data), (REASON, {"detail": DETAIL, "i": 0}))
        self.assertIsInstance(next(chain.walk(AuditEvent.objects)), chain.Intact)

        record("case.stage_changed", actor_label="u9", reason=REASON, data={"detail": DETAIL})
        outcome = next(chain.walk(AuditEvent.objects))
        self.assertEqual(outcome.count, 4)
        call_command("verify_audit", stdout=io.StringIO())
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute("UPDATE audit_auditevent SET reason = 'x'")


