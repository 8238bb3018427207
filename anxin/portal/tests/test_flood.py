"""A flood of the public form cannot flood the crisis staff (ADR 0014): a shown form is sent once,
and past the organisation's hourly limit self-assessments raise no alert of their own: the duty
worker is told once, and every submission is kept, flagged, the most urgent first for review."""

import datetime
import itertools
from unittest import mock

from django.core.exceptions import ValidationError
from django.test import Client as BrowserClient
from django.urls import reverse
from django.utils import timezone, translation

from anxin.notifications.models import Notification
from anxin.portal import actions
from anxin.portal.actions import do_submit_self_assessment, purge_used_form_tokens
from anxin.portal.constants import FORM_MAX_AGE_SECONDS
from anxin.portal.guard import issue_form_token
from anxin.portal.models import SelfAssessment, UsedFormToken
from anxin.safety import notices, periodic
from anxin.safety.actions import do_update_safety_settings
from anxin.safety.models import Alert, AlertLimitHour
from anxin.safety.selectors import settings_for

from .base import (
    GAD7_MILD,
    GAD7_SEVERE,
    PHQ9_MODERATE,
    PHQ9_SELF_HARM,
    PHQ9_SEVERE,
    PortalTestCase,
)

CONSENT = {"contact_consent": "on", "contact_name": "", "contact_phone": "13800138000"}


def limit_notices(user=None):
    rows = Notification.objects.filter(message=notices.LIMIT_REACHED)
    return rows.filter(recipient=user) if user is not None else rows


class ReplayedTokenTest(PortalTestCase):
    def test_one_form_token_posted_25_times_saves_one_self_assessment_and_one_alert(self):
        """The finding: one shown form posted 25 times, with changing answers and from changing
        addresses, had made 20 self-assessments, 20 alerts and 40 notifications."""
        started = issue_form_token("CDWH", "phq9",
                                   at=timezone.now() - datetime.timedelta(minutes=1))
        answer_sets = itertools.cycle([PHQ9_SELF_HARM, PHQ9_SEVERE, PHQ9_MODERATE])
        statuses = []
        for n in range(25):
            data = self.form_data("phq9", next(answer_sets), started=started, **CONSENT)
            # A script keeps no cookies: each post is a new browser.
            browser = self.client if n == 0 else BrowserClient()
            statuses.append(browser.post(self.questionnaire_url(), data,
                                         REMOTE_ADDR=f"198.51.100.{n + 1}").status_code)
        self.assertEqual(statuses, [302] + [409] * 24)
        self.assertEqual(SelfAssessment.objects.count(), 1)
        self.assertEqual(Alert.objects.count(), 1)
        # The one alert went to the duty worker and her supervisor, once each.
        self.assertEqual(Notification.objects.count(), 2)
        self.assertEqual(UsedFormToken.objects.count(), 1)


class Flood:
    # 10:05 local time: 25 submissions a minute apart stay within the 10:00 hour.
    START = timezone.make_aware(datetime.datetime(2026, 11, 30, 10, 5))

    def submit(self, answers, *, at, instrument="phq9", consent=True):
        return do_submit_self_assessment(
            self.p.org_a, instrument=instrument, answers=answers, contact_consent=consent,
            contact_phone="13800138000" if consent else "",
            form_token=issue_form_token("CDWH", instrument, at=at), now=at)

    def flood(self, count=25, start=None):
        """`count` distinct valid submissions a minute apart, mixed like a real flood: self-harm,
        severe and plain requests to be called back."""
        start = start or self.START
        mix = itertools.cycle([("phq9", PHQ9_MODERATE), ("phq9", PHQ9_SELF_HARM),
                               ("gad7", GAD7_SEVERE), ("gad7", GAD7_MILD)])
        made = []
        for n in range(count):
            instrument, answers = next(mix)
            made.append(self.submit(answers, instrument=instrument,
                                    at=start + datetime.timedelta(minutes=n)))
        return made


class AlertLimitTest(Flood, PortalTestCase):
    def test_25_submissions_in_an_hour_raise_the_limit_and_one_notice_and_keep_all(self):
        made = self.flood()
        self.assertEqual(SelfAssessment.objects.count(), 25)
        self.assertEqual(Alert.objects.count(), 10)  # the default limit
        held = SelfAssessment.objects.filter(alert_held_back=True)
        self.assertEqual(held.count(), 15)
        # The first ten raised their alerts; those after them were held back, none lost.
        self.assertEqual({a.pk for a in made[10:]}, set(held.values_list("pk", flat=True)))
        # One notice to the duty worker (and her supervisor), counting what was held back.
        notice = limit_notices(self.p.wang_fang).get()
        self.assertEqual(limit_notices(self.p.chen_min).count(), 1)
        self.assertEqual(limit_notices().count(), 2)
        self.assertTrue(notice.urgent)
        self.assertEqual(notice.params, {"limit": 10, "held": 15, "since": "10:00"})
        self.assertEqual(notice.url, reverse("portal:staff_list") + "?held=1")
        with translation.override("zh-hans"):
            self.assertIn("15", notice.title_text)
            self.assertIn("自评", notice.title_text)
        with translation.override("en"):
            self.assertEqual(notice.title_text,
                             "Self-assessment alert limit reached: 15 held back")
            self.assertIn("More than 10 public self-assessments", notice.body_text)
        hour = AlertLimitHour.objects.get()
        self.assertEqual((hour.held_back, hour.limit), (15, 10))
        event = self.assert_audited("safety.alert.held_back", target=hour)
        self.assertEqual(event.data["held_back"], 15)
        submitted = self.assert_audited("portal.self_assessment.submitted", target=made[-1])
        self.assertTrue(submitted.data["alert_held_back"])
        # Only alert notifications and the one notice: 10 alerts × 2 addressees + 2.
        self.assertEqual(Notification.objects.count(), 22)

    def test_the_next_hour_raises_alerts_again(self):
        self.flood(12)
        next_hour = self.START.replace(hour=11, minute=1)
        assessment = self.submit(PHQ9_SELF_HARM, at=next_hour)
        self.assertFalse(assessment.alert_held_back)
        self.assertTrue(Alert.objects.filter(source_id=assessment.pk,
                                             rule="self_assessment_self_harm").exists())
        self.assertEqual(Alert.objects.count(), 11)
        # A new flood in the new hour gets its own single notice.
        self.flood(12, start=next_hour + datetime.timedelta(minutes=1))
        self.assertEqual(limit_notices(self.p.wang_fang).count(), 2)
        self.assertEqual(sorted(AlertLimitHour.objects.values_list("held_back", flat=True)),
                         [2, 3])

    def test_submissions_without_consent_raise_nothing_and_use_no_place(self):
        for n in range(12):
            self.submit(PHQ9_SELF_HARM, consent=False,
                        at=self.START + datetime.timedelta(minutes=n))
        self.assertFalse(Alert.objects.exists())
        self.assertFalse(SelfAssessment.objects.filter(alert_held_back=True).exists())
        self.assertFalse(limit_notices().exists())
        assessment = self.submit(PHQ9_SEVERE, at=self.START + datetime.timedelta(minutes=30))
        self.assertEqual(Alert.objects.get().source_id, assessment.pk)

    def test_the_limit_is_the_organisations_setting(self):
        do_update_safety_settings(self.p.org_a, acting_user=self.p.admin_a,
                                  self_assessment_alerts_per_hour=3)
        self.flood(5)
        self.assertEqual(Alert.objects.count(), 3)
        self.assertEqual(limit_notices(self.p.wang_fang).get().params["held"], 2)
        # Another organisation's hour is its own.
        self.assertEqual(settings_for(self.p.org_b).self_assessment_alerts_per_hour, 10)

    def test_with_nobody_on_duty_the_notice_goes_to_the_admins(self):
        safety = settings_for(self.p.org_a)
        safety.duty_worker = None
        safety.save()
        self.flood(11)
        self.assertEqual(limit_notices(self.p.admin_a).count(), 1)
        self.assertFalse(limit_notices(self.p.wang_fang).exists())


class HeldBackReviewTest(Flood, PortalTestCase):
    def test_the_duty_worker_reviews_the_held_back_self_harm_and_severe_first(self):
        made = self.flood()
        self.client.force_login(self.p.wang_fang)
        listed = self.client.get(reverse("portal:staff_list"), {"period": "all"})
        # Without the limit she would see only those whose alert reached her: now all 25.
        self.assertEqual(len(listed.context["page"].object_list), 25)
        self.assertContains(listed, 'id="held-back"')
        self.assertContains(listed, "data-held-back", count=15)
        review = self.client.get(reverse("portal:staff_list"), {"held": "1", "period": "all"})
        rows = [row["assessment"] for row in review.context["rows"]]
        self.assertEqual(len(rows), 15)
        ranks = [0 if a.self_harm_thoughts else 1 if a.band == "severe" else 2 for a in rows]
        self.assertEqual(ranks, sorted(ranks))
        self.assertTrue(rows[0].self_harm_thoughts)
        # Within a rank, the longest waiting first.
        self_harm = [a.created_at for a in rows if a.self_harm_thoughts]
        self.assertEqual(self_harm, sorted(self_harm))
        detail = self.client.get(reverse("portal:staff_detail", args=[rows[0].pk]))
        self.assertContains(detail, 'id="held-back"')
        self.assertContains(detail, "13800138000")
        # Another worker of the organisation, not on duty, sees none of them.
        self.client.force_login(self.p.li_qiang)
        other = self.client.get(reverse("portal:staff_list"), {"period": "all"})
        self.assertEqual(len(other.context["rows"]), 0)
        self.assertEqual(self.client.get(reverse(
            "portal:staff_detail", args=[made[-1].pk])).status_code, 404)


class AlertLimitSettingTest(PortalTestCase):
    def test_the_limit_is_validated_naming_the_field_and_saves_nothing(self):
        for bad in (0, 41, "10", True, None, 2.5):
            with self.subTest(value=bad), self.assertRaises(ValidationError) as caught:
                do_update_safety_settings(self.p.org_a, acting_user=self.p.admin_a,
                                          self_assessment_alerts_per_hour=bad)
            self.assertEqual(set(caught.exception.message_dict),
                             {"self_assessment_alerts_per_hour"})
        self.assertEqual(settings_for(self.p.org_a).self_assessment_alerts_per_hour, 10)
        self.assert_not_audited("safety.settings.changed")

    def test_a_change_is_audited_like_the_other_settings(self):
        saved = do_update_safety_settings(self.p.org_a, acting_user=self.p.admin_a,
                                          self_assessment_alerts_per_hour=25)
        self.assertEqual(saved.self_assessment_alerts_per_hour, 25)
        event = self.assert_audited("safety.settings.changed", actor=self.p.admin_a,
                                    target=saved)
        self.assertEqual(event.data["fields"], ["self_assessment_alerts_per_hour"])

    def test_the_settings_page_edits_it_and_refuses_a_bad_value_in_the_users_language(self):
        self.client.force_login(self.p.admin_a)
        url = reverse("safety:settings")
        self.assertContains(self.client.get(url), 'name="self_assessment_alerts_per_hour"')
        data = {"escalate_after_minutes": 30, "companion_above_level": 2,
                "checkin_grace_minutes": 30, "duty_worker": self.p.wang_fang.pk,
                "self_assessment_enabled": "on", "help_lines": "心理援助热线: 12356",
                "self_assessment_alerts_per_hour": "0"}
        refused = self.client.post(url, data)
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, 'data-field-error="self_assessment_alerts_per_hour"')
        self.assertContains(refused, "1 到 40")
        self.assertEqual(settings_for(self.p.org_a).self_assessment_alerts_per_hour, 10)
        data["self_assessment_alerts_per_hour"] = "5"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(settings_for(self.p.org_a).self_assessment_alerts_per_hour, 5)


class UsedTokenPurgeTest(PortalTestCase):
    def test_used_tokens_are_forgotten_after_the_tokens_maximum_age(self):
        self.assertIn(purge_used_form_tokens, periodic.CHECKS)
        now = timezone.now()
        for hours in (1, 12.5, 14):
            do_submit_self_assessment(
                self.p.org_a, instrument="gad7", answers=GAD7_MILD,
                form_token=issue_form_token("CDWH", "gad7"),
                now=now - datetime.timedelta(hours=hours))
        # The oldest is not yet an hour past due: nothing is purged, nothing recorded.
        with mock.patch.object(actions, "USED_TOKEN_PURGE_SLACK_SECONDS", 3 * 3600):
            self.assertEqual(purge_used_form_tokens(now), 0)
        self.assert_not_audited("portal.used_form_tokens.purged")
        self.assertEqual(purge_used_form_tokens(now), 2)
        self.assertEqual(UsedFormToken.objects.count(), 1)
        self.assertEqual(SelfAssessment.objects.count(), 3)  # the self-assessments stay
        event = self.assert_audited("portal.used_form_tokens.purged")
        self.assertEqual(event.data["deleted"], 2)
        self.assertEqual(purge_used_form_tokens(now), 0)
        # By then the signature refuses the token anyway.
        self.assertEqual(FORM_MAX_AGE_SECONDS, 12 * 3600)
