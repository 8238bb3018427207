"""Two submissions at the same moment, on a database with real concurrent writers (ADR 0014): one
shown form is saved once, and the last free place under the hourly alert limit is taken once."""

import threading
import time
import unittest
from unittest import mock

from django.db import connection, connections
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from anxin.portal import actions
from anxin.portal.actions import AlreadySent, do_submit_self_assessment
from anxin.portal.guard import issue_form_token
from anxin.portal.models import SelfAssessment
from anxin.safety.models import Alert
from anxin.safety.selectors import settings_for
from anxin.workspace.testing.personas import build_personas
from anxin.workspace.testing.transactional import AuditGuardFlushMixin

from .base import PHQ9_SELF_HARM, PHQ9_SEVERE


@unittest.skipUnless(connection.vendor == "postgresql", "SQLite has one writer at a time")
class ConcurrentSubmissionsTest(AuditGuardFlushMixin, TransactionTestCase):
    # Named apps make the flush afterwards a TRUNCATE … CASCADE, which also empties the tables
    # that point at users from outside these apps.
    # Content types and permissions are left in place for the tests that run after these.
    available_apps = ["anxin.accounts", "anxin.audit", "anxin.clients", "anxin.cases",
                      "anxin.notifications", "anxin.instruments", "anxin.safety",
                      "anxin.visits", "anxin.portal"]

    def setUp(self):
        super().setUp()
        reverse("portal:staff_list")  # load the URLs now, not in a thread racing a timeout
        self.p = build_personas()
        safety = settings_for(self.p.org_a)
        safety.duty_worker = self.p.wang_fang
        safety.save()

    def race(self, first_holds: str, submissions: list[dict]):
        """Run the submissions in threads; the first pauses inside its transaction right after
        `first_holds` (a function of `anxin.portal.actions`), until the second is under way."""
        inside, go = threading.Event(), threading.Event()
        original = getattr(actions, first_holds)
        outcomes: list = [None] * len(submissions)

        def held(*args, **kwargs):
            result = original(*args, **kwargs)
            if threading.current_thread().name == "first":
                inside.set()
                go.wait(30)
            return result

        def submit(n: int):
            try:
                outcomes[n] = do_submit_self_assessment(self.p.org_a, **submissions[n])
            except Exception as exc:  # noqa: BLE001 (compared below)
                outcomes[n] = exc
            finally:
                connections.close_all()

        with mock.patch.object(actions, first_holds, held):
            first = threading.Thread(target=submit, args=(0,), name="first")
            first.start()
            self.assertTrue(inside.wait(30), outcomes)
            second = threading.Thread(target=submit, args=(1,), name="second")
            second.start()
            time.sleep(0.5)  # the second is now waiting on the first's row lock
            go.set()
            first.join(30)
            second.join(30)
        return outcomes

    def test_one_token_posted_twice_at_once_is_saved_and_alerted_once(self):
        token = issue_form_token("CDWH", "phq9")
        sent = {"instrument": "phq9", "contact_consent": True, "contact_phone": "13800138000",
                "form_token": token}
        # The first pauses after its rows are written, before it commits.
        first, second = self.race("_alert_if_needed", [
            {**sent, "answers": PHQ9_SELF_HARM}, {**sent, "answers": PHQ9_SEVERE}])
        self.assertIsInstance(first, SelfAssessment)
        self.assertIsInstance(second, AlreadySent)
        self.assertEqual(second.assessment, first)
        self.assertEqual(SelfAssessment.objects.count(), 1)
        self.assertEqual(Alert.objects.count(), 1)

    def test_the_last_place_under_the_limit_is_taken_once(self):
        now = timezone.now()
        safety = settings_for(self.p.org_a)
        safety.self_assessment_alerts_per_hour = 1
        safety.save()
        sent = {"instrument": "phq9", "answers": PHQ9_SELF_HARM, "contact_consent": True,
                "contact_phone": "13800138000", "now": now}
        # The first pauses after raising its alert, holding the organisation's lock.
        first, second = self.race("raise_alert_within_limit", [
            {**sent, "form_token": issue_form_token("CDWH", "phq9")},
            {**sent, "form_token": issue_form_token("CDWH", "phq9")}])
        self.assertEqual(Alert.objects.count(), 1)
        self.assertEqual(Alert.objects.get().source_id, first.pk)
        self.assertFalse(first.alert_held_back)
        self.assertTrue(second.alert_held_back)
        self.assertEqual(SelfAssessment.objects.filter(alert_held_back=True).count(), 1)
