"""The audit trail is append-only: no model call, queryset, raw SQL or admin page changes it."""

from django.contrib.admin.sites import site as admin_site
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from anxin.accounts.models import User
from anxin.audit.actions import record
from anxin.audit.models import AppendOnlyError, AuditEvent
from anxin.core.middleware import RequestContextMiddleware
from anxin.workspace.testing.cases import PersonaTestCase


class AuditTrailTestCase(PersonaTestCase):
    def setUp(self):
        self.event = record("client.viewed", actor=self.p.wang_fang, target=self.p.client_a,
                            client=self.p.client_a, data={"channel": "web"})

    def assert_event_unchanged(self):
        stored = AuditEvent.objects.get(pk=self.event.pk)
        self.assertEqual(stored.action, "client.viewed")
        self.assertEqual(stored.actor, self.p.wang_fang)
        self.assertEqual(stored.data, {"channel": "web"})


class RefusingChangesThroughTheModel(AuditTrailTestCase):
    def test_it_refuses_to_save_an_existing_event(self):
        """save() on a stored event raises AppendOnlyError and changes nothing."""
        self.event.action = "client.exported"
        with self.assertRaises(AppendOnlyError):
            self.event.save()
        self.assert_event_unchanged()

    def test_it_refuses_to_delete_an_event(self):
        """delete() on an event raises AppendOnlyError; the event stays."""
        with self.assertRaises(AppendOnlyError):
            self.event.delete()
        self.assert_event_unchanged()

    def test_it_refuses_queryset_updates(self):
        """QuerySet.update() and bulk_update() raise AppendOnlyError."""
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.filter(pk=self.event.pk).update(action="x")
        self.event.action = "x"
        # bulk_update opens a transaction without a savepoint; give it one of its own.
        with self.assertRaises(AppendOnlyError), transaction.atomic():
            AuditEvent.objects.bulk_update([self.event], ["action"])
        self.assert_event_unchanged()

    def test_it_refuses_queryset_deletes(self):
        """QuerySet.delete() raises AppendOnlyError, whether filtered or not."""
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.filter(pk=self.event.pk).delete()
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.all().delete()
        self.assert_event_unchanged()

    def test_it_still_appends_new_events(self):
        """Refusing changes does not stop recording: a second event is added."""
        record("client.viewed", actor=self.p.chen_min, target=self.p.client_a,
               client=self.p.client_a)
        self.assertEqual(AuditEvent.objects.count(), 2)


class RefusingChangesInTheDatabase(AuditTrailTestCase):
    """The triggers stop what bypasses the model: raw SQL, a shell, a future code path."""

    def run_raw(self, sql: str):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)

    def test_it_refuses_a_raw_update(self):
        """UPDATE on the audit table fails in the database; the row keeps its values."""
        with self.assertRaises(DatabaseError):
            self.run_raw("UPDATE audit_auditevent SET action = 'x'")
        self.assert_event_unchanged()

    def test_it_refuses_a_raw_delete(self):
        """DELETE on the audit table fails in the database; the row remains."""
        with self.assertRaises(DatabaseError):
            self.run_raw("DELETE FROM audit_auditevent")
        self.assert_event_unchanged()
        self.assertEqual(AuditEvent.objects.count(), 1)


class ProtectingReferencedRecords(AuditTrailTestCase):
    def test_it_refuses_to_delete_a_user_named_in_the_trail(self):
        """A user who acted stays, so that the trail keeps saying who did it."""
        user = User.objects.create_user(username="temp", password="x" * 12)
        event = record("auth.login_succeeded", actor=user)
        with self.assertRaises(ProtectedError) as caught:
            user.delete()
        self.assertIn(event, caught.exception.protected_objects)
        self.assertTrue(User.objects.filter(pk=user.pk).exists())

    def test_it_refuses_to_delete_a_client_named_in_the_trail(self):
        """A client whose file was accessed cannot be deleted out from under the trail."""
        with self.assertRaises(ProtectedError) as caught:
            self.p.client_a.delete()
        self.assertIn(self.event, caught.exception.protected_objects)
        self.assert_event_unchanged()


class BrowsingTheTrailInTheAdmin(AuditTrailTestCase):
    def setUp(self):
        super().setUp()
        self.superuser = User.objects.create_superuser(username="root", password="x" * 12)
        self.client.force_login(self.superuser)
        self.change_url = reverse("admin:audit_auditevent_change", args=[self.event.pk])

    def test_it_lists_the_events(self):
        """The changelist answers 200 and shows the event."""
        response = self.client.get(reverse("admin:audit_auditevent_changelist"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "client.viewed")

    def test_it_offers_no_bulk_action(self):
        """No action (in particular not "delete selected") is offered on the changelist."""
        response = self.client.get(reverse("admin:audit_auditevent_changelist"))
        self.assertNotContains(response, "delete_selected")
        self.assertIsNone(response.context.get("action_form"))
        model_admin = admin_site._registry[AuditEvent]
        self.assertEqual(model_admin.get_actions(response.wsgi_request), {})

    def test_it_ignores_a_forged_bulk_delete(self):
        """Posting delete_selected by hand deletes nothing."""
        self.client.post(reverse("admin:audit_auditevent_changelist"),
                         {"action": "delete_selected", "_selected_action": [self.event.pk],
                          "post": "yes"})
        self.assert_event_unchanged()

    def test_it_shows_an_event_read_only(self):
        """The change page renders for reading but offers no save button."""
        response = self.client.get(self.change_url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="_save"')

    def test_it_refuses_to_save_a_changed_event(self):
        """POST to the change page is forbidden and changes nothing."""
        response = self.client.post(self.change_url, {"action": "x", "actor_label": "x",
                                                      "reason": "x", "data": "{}"})
        self.assertEqual(response.status_code, 403)
        self.assert_event_unchanged()

    def test_it_refuses_to_delete_an_event(self):
        """The delete page is forbidden, by GET and by POST."""
        url = reverse("admin:audit_auditevent_delete", args=[self.event.pk])
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)
        self.assert_event_unchanged()

    def test_it_refuses_to_add_an_event(self):
        """Events come from actions only; the add page is forbidden."""
        response = self.client.get(reverse("admin:audit_auditevent_add"))
        self.assertEqual(response.status_code, 403)


class RecordingTheRequest(PersonaTestCase):
    def serve(self, **headers) -> AuditEvent:
        events = []

        def view(request):
            events.append(record("client.viewed", actor=self.p.wang_fang,
                                 target=self.p.client_a, client=self.p.client_a))
            return HttpResponse("ok")

        request = RequestFactory().get("/clients/", REMOTE_ADDR="203.0.113.7", **headers)
        response = RequestContextMiddleware(view)(request)
        self.assertEqual(response.status_code, 200)
        return events[0]

    def test_it_records_the_request_id_and_ip(self):
        """A sane X-Request-ID from the proxy and REMOTE_ADDR go on the event."""
        event = self.serve(HTTP_X_REQUEST_ID="abcdef123456")
        event.refresh_from_db()
        self.assertEqual(event.request_id, "abcdef123456")
        self.assertEqual(event.ip, "203.0.113.7")

    def test_it_replaces_an_unsafe_request_id(self):
        """An X-Request-ID with odd characters is replaced by a fresh id, still recorded."""
        event = self.serve(HTTP_X_REQUEST_ID="<script>alert(1)</script>")
        self.assertNotIn("script", event.request_id)
        self.assertRegex(event.request_id, r"^[0-9a-f]{32}$")

    def test_it_records_no_request_outside_one(self):
        """Called from a command or the shell, the event has no request id and no IP."""
        event = record("client.viewed", actor=self.p.wang_fang)
        self.assertEqual(event.request_id, "")
        self.assertIsNone(event.ip)

    def test_it_does_not_leak_the_context_past_the_request(self):
        """After the response, events no longer carry the finished request's id."""
        self.serve(HTTP_X_REQUEST_ID="abcdef123456")
        event = record("client.viewed", actor=self.p.wang_fang)
        self.assertEqual(event.request_id, "")
