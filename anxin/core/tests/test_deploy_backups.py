"""Backups and restores: a restore goes only into an empty database, and its verification
fails when the restored data differs from the backup's manifest.

The round trip needs PostgreSQL and its client tools (pg_dump, pg_restore); on SQLite only the
refusals run. .ci/run also backs up and restores the whole demo (scripts/smoke_backup.sh).
"""

import json
import os
import shutil
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import psycopg
from django.db import connection
from django.test import SimpleTestCase, TransactionTestCase

from anxin.audit.actions import record
from anxin.core import backups
from anxin.workspace.testing.personas import build_personas
from anxin.workspace.testing.transactional import AuditGuardFlushMixin

ON_POSTGRESQL = connection.vendor == "postgresql" and bool(shutil.which("pg_dump"))
NEEDS_POSTGRESQL = unittest.skipUnless(
    ON_POSTGRESQL, "pg_dump and pg_restore back up PostgreSQL only (the suite runs on SQLite)")


def database_url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return (f"postgres://{s['USER'] or 'postgres'}{password}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{name}")


def admin_sql(*statements: str) -> None:
    """CREATE/DROP DATABASE run outside any transaction, on the server's maintenance database."""
    s = connection.settings_dict
    with psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432,
                         user=s["USER"] or "postgres", password=s["PASSWORD"] or None,
                         dbname="postgres", autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


def allow_the_target(test) -> None:
    """The restore opens its own connection (backups.TARGET_ALIAS) to a database outside the
    test's; allow it for the test method only, so that the teardown still flushes the test
    database alone."""
    patcher = mock.patch.object(type(test), "databases",
                                frozenset(test.databases) | {backups.TARGET_ALIAS})
    patcher.start()
    test.addCleanup(patcher.stop)


def fake_manifest(directory: Path) -> Path:
    dump = directory / "x.dump"
    dump.write_bytes(b"not a dump")
    backups.manifest_path(dump).write_text(json.dumps({
        "format": backups.FORMAT, "dump": {"sha256": "0"}, "tables": {}, "audit": {}}))
    return dump


class Refusals(SimpleTestCase):
    def setUp(self):
        self.directory = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.directory)

    def test_the_target_must_be_postgresql(self):
        dump = fake_manifest(self.directory)
        with self.assertRaisesMessage(backups.BackupError, "must be a PostgreSQL database URL"):
            backups.restore(dump, f"sqlite:///{self.directory / 'x.sqlite3'}")

    def test_a_dump_without_its_manifest_is_refused(self):
        dump = self.directory / "y.dump"
        dump.write_bytes(b"")
        with self.assertRaisesMessage(backups.BackupError, "Cannot read the manifest"):
            backups.restore(dump, "postgres://postgres@127.0.0.1:5432/deploy_never_used")

    @unittest.skipIf(ON_POSTGRESQL, "the SQLite refusal")
    def test_a_backup_needs_postgresql(self):
        with self.assertRaisesMessage(backups.BackupError, "need PostgreSQL"):
            backups.create_backup(self.directory / "z.dump")


@NEEDS_POSTGRESQL
class RestoringIntoANonEmptyDatabase(AuditGuardFlushMixin, TransactionTestCase):
    def test_is_refused_before_anything_is_restored(self):
        allow_the_target(self)
        build_personas()  # the test database is the target: it holds tables and rows
        directory = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, directory)
        dump = fake_manifest(directory)
        with mock.patch.object(backups, "pg_restore") as restoring, \
                self.assertRaisesMessage(backups.BackupError, "not empty"):
            backups.restore(dump, database_url(connection.settings_dict["NAME"]))
        restoring.assert_not_called()


@NEEDS_POSTGRESQL
class ABackupRestored(AuditGuardFlushMixin, TransactionTestCase):
    def setUp(self):
        allow_the_target(self)
        self.people = build_personas()
        record("client.viewed", actor=self.people.wang_fang, target=self.people.client_a,
               client=self.people.client_a, reason="家访前核对地址")
        self.directory = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.directory)
        self.target = f"deploy_restore_{os.getpid()}"
        admin_sql(f'DROP DATABASE IF EXISTS "{self.target}"',
                  f'CREATE DATABASE "{self.target}" TEMPLATE template0')
        self.addCleanup(admin_sql, f'DROP DATABASE IF EXISTS "{self.target}" WITH (FORCE)')

    def test_verifies_and_a_change_after_it_fails_the_verification(self):
        dump = self.directory / "anxin.dump"
        manifest = backups.create_backup(dump)
        self.assertEqual(manifest["tables"]["clients_client"], 3)
        self.assertGreater(manifest["audit"]["events"], 0)
        text = backups.manifest_path(dump).read_text()
        from django.conf import settings
        for key in [*settings.FIELD_ENCRYPTION_KEYS, settings.BLIND_INDEX_KEY]:
            self.assertNotIn(key, text)
            self.assertNotIn(key.encode(), dump.read_bytes())

        report = backups.restore(dump, database_url(self.target))
        self.assertTrue(report.ok, [vars(c) for c in report.checks])
        self.assertEqual({c.name for c in report.checks},
                         {"dump file", "row counts", "keys", "encrypted sample", "blind index",
                          "audit chain"})

        # Restoring again is refused: the target is no longer empty.
        with self.assertRaisesMessage(backups.BackupError, "not empty"):
            backups.restore(dump, database_url(self.target))

        # Delete the newest audit event behind the triggers' back: the chain itself still
        # holds, but it no longer ends at the manifest's head, and a count is off.
        s = connection.settings_dict
        with psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432,
                             user=s["USER"] or "postgres", password=s["PASSWORD"] or None,
                             dbname=self.target, autocommit=True) as restored:
            restored.execute("SET session_replication_role = replica")
            restored.execute("DELETE FROM audit_auditevent WHERE id = "
                             "(SELECT max(id) FROM audit_auditevent)")
        report = backups.restore(dump, database_url(self.target), verify_only=True)
        failed = {c.name for c in report.checks if not c.ok}
        self.assertFalse(report.ok)
        self.assertEqual(failed, {"row counts", "audit chain"})
