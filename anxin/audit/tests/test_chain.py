"""The audit trail is a hash chain: whoever gets around the triggers is caught by verify_audit.

To alter or delete an event, these tests do what an attacker who owns the table would do: drop
the append-only triggers and change the rows with raw SQL. The test's transaction is rolled back
afterwards, triggers included.
"""

import hashlib
import hmac
import threading
import time
import unittest
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory, TransactionTestCase
from django.utils import translation

from anxin.audit import chain
from anxin.audit.actions import record
from anxin.audit.db import remove_guards
from anxin.audit.models import AppendOnlyError, AuditEvent
from anxin.core.middleware import RequestContextMiddleware
from anxin.workspace.testing.cases import PersonaTestCase


def verify(language: str = "en") -> str:
    """verify_audit's output; English by default, the command being an operator's tool."""
    out = StringIO()
    with translation.override(language):
        call_command("verify_audit", stdout=out)
    return out.getvalue()


class ChainTestCase(PersonaTestCase):
    def setUp(self):
        p = self.p
        self.events = [
            record("client.viewed", actor=p.wang_fang, target=p.client_a, client=p.client_a,
                   data={"channel": "web"}),
            record("client.updated", actor=p.wang_fang, target=p.client_a, client=p.client_a,
                   reason="地址变更", data={"fields": ("address", "phone"), "score": 2.0}),
            record("auth.login_failed", actor_label="nobody"),
            record("client.exported", actor=p.admin_a, data={"rows": 12}),
        ]

    def tamper(self, sql: str, params=()):
        """As the table's owner could: without the triggers, straight to the database."""
        remove_guards(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def assert_break(self, message: str):
        with self.assertRaises(CommandError) as caught:
            verify()
        self.assertEqual(caught.exception.returncode, 1)
        self.assertIn(message, str(caught.exception))


class SealingEvents(ChainTestCase):
    def test_each_event_links_to_the_one_before(self):
        """The first event starts the chain; each later one carries its predecessor's seal."""
        stored = list(AuditEvent.objects.order_by("id"))
        self.assertEqual(stored[0].previous_hash, "")
        for before, after in zip(stored, stored[1:], strict=False):
            self.assertEqual(after.previous_hash, before.chain_hash)
            self.assertRegex(after.chain_hash, r"^[0-9a-f]{64}$")

    def test_an_event_made_without_record_is_sealed_too(self):
        """Any insert through the model is chained, not only record()'s."""
        event = AuditEvent.objects.create(action="legacy.thing", actor_label="x")
        self.assertEqual(event.previous_hash, self.events[-1].chain_hash)
        self.assertIn("intact: 5 events", verify())

    def test_bulk_create_is_refused(self):
        """bulk_create would skip the seal; it is refused rather than leaving a gap."""
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.bulk_create([AuditEvent(action="x")])

    def test_the_seal_is_keyed(self):
        """A seal is an HMAC under the chain key: another key gives another seal, so a DB-only
        attacker cannot seal a forged event."""
        event = self.events[1]
        values = {name: getattr(event, name) for name in chain.SEALED_FIELDS}
        self.assertEqual(chain.seal(values), event.chain_hash)
        with self.settings(AUDIT_CHAIN_KEY="another key"):
            self.assertNotEqual(chain.seal(values), event.chain_hash)


class VerifyingTheChain(ChainTestCase):
    def test_an_intact_chain_passes(self):
        """verify_audit walks every event and reports the head; exit status 0."""
        output = verify()
        self.assertIn(f"intact: 4 events, the last #{self.events[-1].pk}", output)
        self.assertIn(self.events[-1].chain_hash, output)

    def test_it_reports_in_chinese_too(self):
        self.assertIn("审计链完整：共 4 个事件", verify("zh-hans"))
        self.tamper("DELETE FROM audit_auditevent WHERE id = %s", [self.events[1].pk])
        with self.assertRaisesMessage(CommandError, f"#{self.events[2].pk} 之前有审计事件被删除"):
            verify("zh-hans")

    def test_an_empty_trail_passes(self):
        remove_guards(connection)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
        self.assertIn("intact: 0 events", verify())

    def test_it_detects_an_altered_event(self):
        """Changing one field of one event around the triggers is named, event and all."""
        altered = self.events[1]
        self.tamper("UPDATE audit_auditevent SET reason = %s WHERE id = %s",
                    ["无", altered.pk])
        self.assert_break(f"Audit event #{altered.pk} was altered")
        self.assert_break("(1 events before it are intact)")

    def test_it_detects_an_event_given_to_someone_else(self):
        """Pinning an event on another actor is an alteration like any other."""
        altered = self.events[0]
        self.tamper("UPDATE audit_auditevent SET actor_id = %s, actor_label = %s WHERE id = %s",
                    [self.p.chen_min.pk, self.p.chen_min.username, altered.pk])
        self.assert_break(f"Audit event #{altered.pk} was altered")

    def test_it_detects_a_forged_seal_without_the_key(self):
        """An attacker who alters an event and recomputes a seal (here SHA-256, or an HMAC
        under a guessed key) and the next event's link is still caught."""
        altered, following = self.events[1], self.events[2]
        values = {name: getattr(altered, name) for name in chain.SEALED_FIELDS}
        values["reason"] = "无"
        forged = hmac.new(b"guess", repr(values).encode(), hashlib.sha256).hexdigest()
        self.tamper("UPDATE audit_auditevent SET reason = %s, chain_hash = %s WHERE id = %s",
                    ["无", forged, altered.pk])
        self.tamper("UPDATE audit_auditevent SET previous_hash = %s WHERE id = %s",
                    [forged, following.pk])
        self.assert_break(f"Audit event #{altered.pk} was altered")

    def test_it_detects_a_deleted_event(self):
        """Removing an event from the middle breaks the next event's link."""
        deleted, following = self.events[1], self.events[2]
        self.tamper("DELETE FROM audit_auditevent WHERE id = %s", [deleted.pk])
        self.assert_break(f"Audit events were deleted before #{following.pk}")

    def test_it_detects_the_first_events_deleted(self):
        """The chain starts with an empty link; a trail whose beginning is gone does not."""
        self.tamper("DELETE FROM audit_auditevent WHERE id <= %s", [self.events[1].pk])
        self.assert_break(f"Audit events were deleted before #{self.events[2].pk}")

    def test_it_detects_a_seal_moved_with_its_content_to_another_place(self):
        """Swapping two events' contents and seals (reordering) breaks the links."""
        first, second = self.events[0], self.events[1]
        self.tamper("UPDATE audit_auditevent SET id = -1 WHERE id = %s", [first.pk])
        self.tamper("UPDATE audit_auditevent SET id = %s WHERE id = %s", [first.pk, second.pk])
        self.tamper("UPDATE audit_auditevent SET id = %s WHERE id = -1", [second.pk])
        self.assert_break(f"Audit events were deleted before #{first.pk}")


class SealingWhatTheRequestAdds(PersonaTestCase):
    def test_an_event_with_the_requests_address_verifies(self):
        """The IP address and request id are sealed as stored, IPv6 spelt either way."""

        def view(request):
            record("client.viewed", actor=self.p.wang_fang)
            return HttpResponse("ok")

        for address in ("203.0.113.7", "2001:DB8:0:0::1", "::ffff:192.0.2.1"):
            request = RequestFactory().get("/", REMOTE_ADDR=address,
                                           HTTP_X_REQUEST_ID="abcdef123456")
            RequestContextMiddleware(view)(request)
        self.assertEqual(AuditEvent.objects.exclude(ip=None).count(), 3)
        self.assertIn("intact: 3 events", verify())


@unittest.skipUnless(connection.vendor == "postgresql", "SQLite has one writer at a time")
class AppendingConcurrently(TransactionTestCase):
    """Many requests append at once; the advisory lock keeps one chain, not a fork."""

    # Only the audit table is emptied afterwards (TRUNCATE, which the row triggers let by).
    available_apps = ["anxin.audit"]

    def test_concurrent_appends_make_one_chain(self):
        errors = []

        def append(worker: int):
            try:
                for i in range(10):
                    with transaction.atomic():
                        record("client.viewed", actor_label=f"w{worker}", data={"i": i})
                        time.sleep(0.002)  # the rest of an action, while others wait
            except Exception as exc:  # noqa: BLE001 (reported below)
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertIn("intact: 40 events", verify())
