"""Abuse control on the public form: every refusal says why, keeps nothing, and still shows where
to find help."""

import datetime
from unittest import mock

from django.test import RequestFactory
from django.utils import timezone

from anxin.portal import guard
from anxin.portal.guard import issue_form_token
from anxin.portal.models import SelfAssessment
from anxin.portal.texts import REFUSALS
from anxin.safety.models import Alert

from .base import GAD7_MILD, PHQ9_MINIMAL, PHQ9_SEVERE, PortalTestCase


class FormTokenTest(PortalTestCase):
    def refused(self, response, reason):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="refusal"')
        self.assertEqual(response.context["refusal"], REFUSALS[reason])
        self.assertFalse(SelfAssessment.objects.exists())
        self.assert_not_audited("portal.self_assessment.submitted")

    def test_a_filled_honeypot_is_refused_and_the_answers_stay(self):
        response = self.submit("phq9", PHQ9_SEVERE, website="http://spam.example")
        self.refused(response, guard.Refusal.HONEYPOT)
        self.assertContains(response, 'id="id_item_1_3" checked', html=False)
        self.assertEqual(response.context["form"]["website"].value(), "")
        self.assertFalse(Alert.objects.exists())

    def test_a_form_sent_faster_than_anyone_can_read_is_refused(self):
        response = self.submit("phq9", PHQ9_MINIMAL,
                               started=issue_form_token("CDWH", "phq9", at=timezone.now()))
        self.refused(response, guard.Refusal.TOO_FAST)
        # The page comes back with a fresh timestamp; sent again later, it goes through.
        fresh = response.context["form"]["started"].value()
        later = timezone.now() + datetime.timedelta(seconds=guard.MIN_FILL_SECONDS + 1)
        with mock.patch("anxin.portal.guard.timezone.now", return_value=later):
            response = self.submit("phq9", PHQ9_MINIMAL, started=fresh)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(SelfAssessment.objects.count(), 1)

    def test_a_form_left_open_too_long_is_sent_back_with_the_answers(self):
        old = timezone.now() - datetime.timedelta(seconds=guard.FORM_MAX_AGE_SECONDS + 60)
        with mock.patch("time.time", return_value=old.timestamp()):
            token = issue_form_token("CDWH", "gad7", at=old)
        response = self.submit("gad7", GAD7_MILD, started=token)
        self.refused(response, guard.Refusal.EXPIRED)
        self.assertContains(response, 'id="id_item_1_1" checked', html=False)

    def test_a_missing_forged_or_borrowed_timestamp_is_refused(self):
        for token in ("", "forged:token", issue_form_token("CDWH", "gad7"),
                      issue_form_token("SZNS", "phq9")):
            with self.subTest(token=token):
                response = self.submit("phq9", PHQ9_MINIMAL, started=token)
                self.refused(response, guard.Refusal.TAMPERED)


class RateLimitTest(PortalTestCase):
    def test_too_many_submissions_from_one_address_are_refused_with_the_help_lines(self):
        with mock.patch("anxin.portal.guard.SUBMIT_RATE", "3/h"):
            for _ in range(3):
                self.assertEqual(self.submit("phq9", PHQ9_MINIMAL).status_code, 302)
            response = self.submit("phq9", PHQ9_SEVERE, contact_consent="on",
                                   contact_phone="13800138000")
            self.assertEqual(response.status_code, 429)
            self.assertContains(response, 'id="refusal"', status_code=429)
            self.assertContains(response, 'href="tel:120"', status_code=429)
            self.assertContains(response, 'href="tel:028-85551234"', status_code=429)
            self.assertEqual(SelfAssessment.objects.count(), 3)
            self.assertFalse(Alert.objects.exists())
            # Another address is not affected.
            other = self.submit("phq9", PHQ9_MINIMAL, remote_addr="198.51.100.20")
            self.assertEqual(other.status_code, 302)

    def test_a_daily_cap_per_hashed_address_holds_without_the_cache(self):
        with mock.patch("anxin.portal.guard.DAILY_CAP_PER_SOURCE", 2):
            for _ in range(2):
                self.assertEqual(self.submit("gad7", GAD7_MILD).status_code, 302)
            from django.core.cache import cache

            cache.clear()  # a restarted cache forgets the burst counter; the cap remains
            self.assertEqual(self.submit("gad7", GAD7_MILD).status_code, 429)
        self.assertEqual(SelfAssessment.objects.count(), 2)

    def test_with_the_cache_down_the_page_stays_open_and_the_daily_cap_holds(self):
        broken = mock.patch("anxin.portal.guard.is_ratelimited",
                            side_effect=ConnectionError("cache down"))
        with broken, mock.patch("anxin.portal.guard.DAILY_CAP_PER_SOURCE", 1), \
                self.assertLogs("anxin.portal.guard", "ERROR"):
            self.assertEqual(self.submit("phq9", PHQ9_MINIMAL).status_code, 302)
            self.assertEqual(self.submit("phq9", PHQ9_MINIMAL).status_code, 429)
        self.assertEqual(SelfAssessment.objects.count(), 1)

    def test_contact_details_after_the_result_count_against_the_same_limit(self):
        with mock.patch("anxin.portal.guard.SUBMIT_RATE", "2/h"):
            result_url = self.submit("phq9", PHQ9_SEVERE)["Location"]
            self.client.post(result_url, {"contact_phone": "1"})  # refused by the form
            response = self.client.post(result_url, {"contact_consent": "on",
                                                     "contact_phone": "13800138000"})
        self.assertEqual(response.status_code, 429)
        self.assertFalse(SelfAssessment.objects.get().contact_consent)
        self.assertFalse(Alert.objects.exists())


class SourceHashTest(PortalTestCase):
    def test_the_address_is_kept_only_as_a_keyed_hash_of_the_day(self):
        request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
        today = guard.source_hash(request)
        self.assertEqual(len(today), 40)
        self.assertNotIn("203.0.113.9", today)
        self.assertEqual(today, guard.source_hash(request))
        tomorrow = timezone.now() + datetime.timedelta(days=1)
        self.assertNotEqual(today, guard.source_hash(request, tomorrow))
        other = RequestFactory().post("/", REMOTE_ADDR="203.0.113.10")
        self.assertNotEqual(today, guard.source_hash(other))
