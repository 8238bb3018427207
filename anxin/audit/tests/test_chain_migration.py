"""Migration audit 0003 seals the events recorded before the chain existed, in id order."""

from importlib import import_module
from unittest import mock

from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

from anxin.audit import chain
from anxin.audit.db import install_guards, remove_guards
from anxin.audit.models import AuditEvent

BEFORE = ("audit", "0002_append_only_triggers")
AFTER = ("audit", "0003_hash_chain")
# The current model reads the schema of the newest migration (encrypted reason and data).
LATEST = ("audit", "0004_encrypt_reason_and_data")


class SealingTheEventsAlreadyThere(TransactionTestCase):
    # Only the audit table is emptied afterwards; tearDown lifts the triggers for it.
    available_apps = ["anxin.audit"]

    def tearDown(self):
        remove_guards(connection)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
        install_guards(connection)

    def migrate(self, target):
        # The migration graph needs every app, not only the ones this test empties afterwards.
        apps.unset_available_apps()
        try:
            executor = MigrationExecutor(connection)
            executor.migrate([target])
            return executor.loader.project_state(target).apps
        finally:
            apps.set_available_apps(self.available_apps)

    def test_the_migration_chains_existing_events_and_guards_them_again(self):
        old = self.migrate(BEFORE).get_model("audit", "AuditEvent")
        for i in range(5):
            old.objects.create(action="client.viewed", actor_label=f"u{i}",
                               occurred_at=timezone.now(), ip="2001:DB8::1", data={"i": i})
        migration = import_module("anxin.audit.migrations.0003_hash_chain")
        with mock.patch.object(migration, "BATCH", 2):  # three batches, the last one short
            self.migrate(AFTER)
        self.migrate(LATEST)

        outcome = next(chain.walk(AuditEvent.objects))
        self.assertEqual(outcome, chain.Intact(5, AuditEvent.objects.latest("id").pk,
                                               AuditEvent.objects.latest("id").chain_hash))
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute("UPDATE audit_auditevent SET reason = 'x'")
