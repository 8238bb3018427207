"""The application's database role cannot get around the audit triggers (docs/security.md).

Migrations run as the owner; the application as a role with SELECT and INSERT on the audit
table and nothing more. Such a role is made here, inside the test's transaction (so it is gone
afterwards), and the session takes it on with SET ROLE, which checks every statement against the
role's own privileges as a connection made as that role would.
"""

import secrets
import unittest

from django.db import DatabaseError, connection, transaction

from anxin.audit.actions import record
from anxin.audit.models import AuditEvent
from anxin.workspace.testing.cases import PersonaTestCase


@unittest.skipUnless(connection.vendor == "postgresql",
                     "SQLite has no roles: whoever can write the file can do anything")
class TheApplicationRole(PersonaTestCase):
    def setUp(self):
        self.role = f"anxin_app_test_{secrets.token_hex(4)}"
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE ROLE {self.role} NOLOGIN")
            # Every table as the application needs it (docs/security.md) …
            cursor.execute("SELECT current_schema()")
            schema = cursor.fetchone()[0]
            cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {self.role}")
            cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                           f"{schema} TO {self.role}")
            cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} "
                           f"TO {self.role}")
            # … except that the audit table may only be read and appended to.
            cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditevent "
                           f"FROM {self.role}")
        self.event = record("client.viewed", actor=self.p.wang_fang, client=self.p.client_a)

    def as_application(self, sql: str):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {self.role}")
            cursor.execute(sql)

    def assert_refused(self, sql: str, message: str):
        with self.assertRaisesMessage(DatabaseError, message):
            self.as_application(sql)
        self.assertEqual(AuditEvent.objects.get(pk=self.event.pk).action, "client.viewed")

    def test_it_may_read_and_append(self):
        """Recording goes on as before under the role: lock, head, INSERT."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {self.role}")
            event = record("client.viewed", actor=self.p.chen_min, client=self.p.client_a)
            self.assertEqual(event.previous_hash, self.event.chain_hash)
            self.assertEqual(AuditEvent.objects.count(), 2)

    def test_it_may_not_update(self):
        self.assert_refused("UPDATE audit_auditevent SET action = 'x'", "permission denied")

    def test_it_may_not_delete(self):
        self.assert_refused("DELETE FROM audit_auditevent", "permission denied")

    def test_it_may_not_truncate(self):
        self.assert_refused("TRUNCATE audit_auditevent", "permission denied")

    def test_it_may_not_disable_or_drop_the_trigger(self):
        """Only the owner may alter the table; the application is not the owner."""
        self.assert_refused("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_no_change",
                            "must be owner")
        self.assert_refused("DROP TRIGGER audit_no_change ON audit_auditevent",
                            "must be owner")
