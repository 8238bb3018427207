"""The public self-assessment from a visitor's side (PSY-measure-2, PSY-measure-7): anonymous by
default, immediate help first when the answers call for it, an alert to the duty worker only with
consent."""

import time
from unittest import mock

from django.core import signing
from django.db import connection
from django.test import Client as BrowserClient
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from anxin.audit.models import AuditEvent
from anxin.notifications.models import Notification
from anxin.portal.access import result_token
from anxin.portal.constants import RESULT_SALT
from anxin.portal.guard import source_hash
from anxin.portal.models import SelfAssessment
from anxin.safety.models import Alert
from anxin.safety.selectors import settings_for

from .base import (
    GAD7_MILD,
    GAD7_SEVERE,
    PHQ9_MINIMAL,
    PHQ9_MODERATE,
    PHQ9_SELF_HARM,
    PHQ9_SEVERE,
    PortalTestCase,
)

CONSENT = {"contact_consent": "on", "contact_name": "小李", "contact_phone": "138 0013 8000"}


def position(response, marker: str) -> int:
    html = response.content.decode()
    index = html.find(marker)
    assert index >= 0, f"{marker!r} not on the page"
    return index


class AnonymousFlowTest(PortalTestCase):
    def test_the_landing_page_offers_both_questionnaires_and_the_help_lines(self):
        response = self.client.get(reverse("portal:landing", args=["CDWH"]))
        self.assertContains(response, self.p.org_a.name)
        self.assertContains(response, reverse("portal:questionnaire", args=["CDWH", "phq9"]))
        self.assertContains(response, reverse("portal:questionnaire", args=["CDWH", "gad7"]))
        self.assertContains(response, 'href="tel:028-85551234"')
        self.assertContains(response, 'href="tel:120"')
        self.assertContains(response, 'id="privacy"')
        # No staff navigation on a public page.
        self.assertNotContains(response, reverse("accounts:logout"))

    def test_the_questionnaire_shows_the_scored_items_in_chinese(self):
        response = self.client.get(self.questionnaire_url("phq9"))
        self.assertContains(response, "做事时提不起劲或没有兴趣")
        self.assertContains(response, "有不如死掉或用某种方式伤害自己的念头")
        self.assertContains(response, "一半以上的天数")
        self.assertContains(response, 'name="item_9"', count=4)
        # Item 10 is unscored and optional, with a placeholder wording: not asked.
        self.assertNotContains(response, 'name="item_10"')
        self.assertContains(response, reverse("set_language"))

    def test_an_anonymous_result_is_stored_without_anything_personal(self):
        """A moderate PHQ-9 without contact: scored on the server, stored, audited, shown; no
        alert, no contact details, no address."""
        response = self.submit("phq9", PHQ9_MODERATE, remote_addr="203.0.113.5")
        assessment = SelfAssessment.objects.get()
        self.assertRedirects(response, reverse("portal:result", args=[
            "CDWH", result_token(assessment)]), fetch_redirect_response=False)
        self.assertEqual((assessment.instrument, assessment.version), ("phq9", 1))
        self.assertEqual(assessment.totals, {"total": "11"})
        self.assertEqual((assessment.bands, assessment.band), ({"total": "moderate"}, "moderate"))
        self.assertEqual(assessment.flags, [])
        self.assertEqual(assessment.answers, PHQ9_MODERATE)
        self.assertFalse(assessment.contact_consent)
        self.assertEqual((assessment.contact_name, assessment.contact_phone), ("", ""))
        # The address survives only as today's keyed hash, nowhere in clear.
        self.assertEqual(assessment.source_hash, source_hash(
            RequestFactory().post("/", REMOTE_ADDR="203.0.113.5")))
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM portal_selfassessment")
            self.assertNotIn("203.0.113.5", repr(cursor.fetchall()))
        self.assertFalse(Alert.objects.exists())

        event = self.assert_audited("portal.self_assessment.submitted", target=assessment)
        self.assertIsNone(event.actor)
        self.assertIsNone(event.ip)
        self.assertEqual(event.organization, self.p.org_a)
        self.assertEqual(event.data, {"instrument": "phq9", "version": 1,
                                      "contact_consent": False, "alert_held_back": False})

        page = self.client.get(response["Location"])
        self.assertContains(page, '<span id="score-total">11</span>', html=False)
        self.assertContains(page, 'data-band="moderate"')
        self.assertContains(page, "中度")
        self.assertContains(page, 'id="not-a-diagnosis"')
        self.assertNotContains(page, 'id="help-now"')
        self.assertContains(page, 'id="help"')
        self.assertContains(page, 'href="tel:110"')
        self.assertContains(page, 'id="contact-submit"')  # may still ask to be contacted

    def test_a_minimal_gad7_result_links_to_the_other_questionnaire(self):
        response = self.submit("gad7", {f"item_{n}": 0 for n in range(1, 8)}, follow=True)
        self.assertContains(response, 'data-band="minimal"')
        self.assertContains(response, reverse("portal:questionnaire", args=["CDWH", "phq9"]))

    def test_consent_with_a_moderate_result_asks_the_duty_worker_to_call_back(self):
        response = self.submit("phq9", PHQ9_MODERATE, follow=True, **CONSENT)
        assessment = SelfAssessment.objects.get()
        self.assertTrue(assessment.contact_consent)
        self.assertEqual(assessment.contact_phone, "13800138000")
        alert = Alert.objects.get()
        self.assertEqual((alert.rule, alert.urgency, alert.source),
                         ("self_assessment_contact", 1, assessment))
        self.assertContains(response, 'id="contact-given"')
        self.assertNotContains(response, 'id="contact-submit"')

    def test_the_result_is_shown_only_in_the_browser_session_that_sent_it(self):
        response = self.submit("phq9", PHQ9_MINIMAL)
        url = response["Location"]
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(BrowserClient().get(url).status_code, 404)
        assessment = SelfAssessment.objects.get()
        self.assertEqual(self.client.get(url[:-2] + "x/").status_code, 404)  # tampered
        other_org = reverse("portal:result", args=["SZNS", result_token(assessment)])
        self.assertEqual(self.client.get(other_org).status_code, 404)

    def test_a_shown_form_is_sent_once_a_double_tap_shows_its_result(self):
        data = self.form_data("phq9", PHQ9_SELF_HARM, **CONSENT)
        first = self.client.post(self.questionnaire_url(), data)
        second = self.client.post(self.questionnaire_url(), data)
        self.assertEqual((first.status_code, second.status_code), (302, 302))
        assessment = SelfAssessment.objects.get()
        # The links are signed with the time, so they may differ: they name the same result.
        for response in (first, second):
            token = resolve(response["Location"]).kwargs["token"]
            self.assertEqual(signing.loads(token, salt=RESULT_SALT), assessment.pk)
        self.assertContains(self.client.get(second["Location"]), 'id="help-now"')
        # Other answers on the same shown form: from the same browser, its first result again.
        changed = self.client.post(self.questionnaire_url(), {**data, "item_9": "0"})
        token = resolve(changed["Location"]).kwargs["token"]
        self.assertEqual(signing.loads(token, salt=RESULT_SALT), assessment.pk)
        self.assertEqual(SelfAssessment.objects.get(), assessment)
        # From another browser: refused in the visitor's language, nothing of the first shown,
        # a way to start again.
        changed = BrowserClient().post(self.questionnaire_url(), {**data, "item_9": "0"})
        self.assertContains(changed, "这份问卷已经提交过", status_code=409)
        elsewhere = BrowserClient()
        elsewhere.post(reverse("set_language"), {"language": "en", "next": "/"})
        replayed = elsewhere.post(self.questionnaire_url(), data)
        self.assertContains(replayed, "This questionnaire was already sent", status_code=409)
        self.assertContains(replayed, f'id="start-again" href="{self.questionnaire_url()}"',
                            status_code=409)
        self.assertNotContains(replayed, "13800138000", status_code=409)
        self.assertEqual(SelfAssessment.objects.count(), 1)
        self.assertEqual(Alert.objects.count(), 1)

    def test_no_browser_keeps_the_questionnaire_or_the_result(self):
        response = self.submit("phq9", PHQ9_MINIMAL)
        for page in (self.client.get(self.questionnaire_url()),
                     self.client.get(response["Location"])):
            self.assertIn("no-store", page["Cache-Control"])

    def test_an_old_result_link_shows_nothing(self):
        self.submit("phq9", PHQ9_MINIMAL)
        assessment = SelfAssessment.objects.get()
        with mock.patch("time.time", return_value=time.time() - 9 * 3600):
            old = result_token(assessment)
        url = reverse("portal:result", args=["CDWH", old])
        self.assertEqual(self.client.get(url).status_code, 404)


class CrisisFlowTest(PortalTestCase):
    def test_item_9_with_consent_alerts_the_duty_worker_once_and_keeps_the_contact_encrypted(self):
        response = self.submit("phq9", PHQ9_SELF_HARM, follow=True, **CONSENT)
        assessment = SelfAssessment.objects.get()
        self.assertEqual(assessment.flags, ["self_harm_thoughts"])
        self.assertTrue(assessment.self_harm_thoughts)
        self.assertEqual(assessment.band, "mild")

        alert = Alert.objects.get()
        self.assertEqual(alert.rule, "self_assessment_self_harm")
        self.assertEqual((alert.worker, alert.supervisor), (self.p.wang_fang, self.p.chen_min))
        self.assertEqual(alert.source, assessment)
        self.assertIsNone(alert.client)
        self.assertEqual(set(Notification.objects.values_list("recipient", flat=True)),
                         {self.p.wang_fang.pk, self.p.chen_min.pk})
        self.assertIsNone(self.assert_audited("safety.alert.raised", target=alert).ip)

        self.assertEqual((assessment.contact_name, assessment.contact_phone),
                         ("小李", "13800138000"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT contact_name, contact_phone FROM portal_selfassessment")
            raw_name, raw_phone = cursor.fetchone()
        self.assertNotIn("13800138000", raw_phone)
        self.assertNotIn("小李", raw_name)

        # Immediate help comes before the score.
        self.assertLess(position(response, 'id="help-now"'), position(response, 'id="result"'))
        self.assertContains(response, 'href="tel:028-85551234"')
        self.assertContains(response, 'href="tel:400-161-9995"')
        self.assertContains(response, 'href="tel:120"')
        self.assertContains(response, 'id="help-now-contact"')
        self.assertNotContains(response, 'id="contact-submit"')

    def test_a_severe_gad7_with_consent_raises_the_severe_alert(self):
        self.submit("gad7", GAD7_SEVERE, **CONSENT)
        alert = Alert.objects.get()
        self.assertEqual(alert.rule, "self_assessment_severe")
        self.assertEqual(alert.worker, self.p.wang_fang)
        with translation.override("zh-hans"):
            self.assertIn("16", alert.detail_text)
            self.assertIn("重度焦虑", alert.detail_text)

    def test_severe_without_consent_shows_help_first_and_alerts_nobody(self):
        response = self.submit("phq9", PHQ9_SEVERE, follow=True)
        assessment = SelfAssessment.objects.get()
        self.assertEqual(assessment.band, "severe")
        self.assertFalse(Alert.objects.exists())
        self.assertFalse(Notification.objects.exists())
        self.assertEqual((assessment.contact_name, assessment.contact_phone), ("", ""))
        self.assertLess(position(response, 'id="help-now"'), position(response, 'id="result"'))
        self.assertContains(response, 'href="tel:110"')
        # The visitor may still ask for a call.
        self.assertContains(response, 'id="contact-submit"')

    def test_item_9_without_consent_alerts_nobody(self):
        response = self.submit("phq9", PHQ9_SELF_HARM, follow=True)
        self.assertTrue(SelfAssessment.objects.get().self_harm_thoughts)
        self.assertFalse(Alert.objects.exists())
        self.assertContains(response, 'id="help-now"')

    def test_a_number_left_after_a_severe_result_alerts_the_duty_worker(self):
        result_url = self.submit("phq9", PHQ9_SEVERE)["Location"]
        response = self.client.post(result_url, {"contact_consent": "on",
                                                  "contact_phone": "+86 139-0000-1111"})
        self.assertRedirects(response, result_url, fetch_redirect_response=False)
        assessment = SelfAssessment.objects.get()
        self.assertEqual((assessment.contact_consent, assessment.contact_phone),
                         (True, "13900001111"))
        alert = Alert.objects.get()
        self.assertEqual((alert.rule, alert.worker), ("self_assessment_severe", self.p.wang_fang))
        event = self.assert_audited("portal.self_assessment.contact_given", target=assessment)
        self.assertIsNone(event.ip)
        # Sending it again changes nothing and raises nothing more.
        self.client.post(result_url, {"contact_consent": "on", "contact_phone": "13700000000"})
        assessment.refresh_from_db()
        self.assertEqual(assessment.contact_phone, "13900001111")
        self.assertEqual(Alert.objects.count(), 1)
        self.assertContains(self.client.get(result_url), 'id="help-now-contact"')

    def test_a_number_left_after_a_mild_result_asks_for_a_call_back(self):
        result_url = self.submit("gad7", GAD7_MILD)["Location"]
        self.assertFalse(Alert.objects.exists())
        self.client.post(result_url, {"contact_consent": "on", "contact_phone": "13900001111"})
        self.assertEqual(SelfAssessment.objects.get().contact_phone, "13900001111")
        self.assertEqual(Alert.objects.get().rule, "self_assessment_contact")

    def test_a_number_without_the_tick_is_refused_after_the_result(self):
        result_url = self.submit("phq9", PHQ9_SEVERE)["Location"]
        response = self.client.post(result_url, {"contact_phone": "13900001111"})
        self.assertContains(response, 'data-field-error="contact_consent"')
        self.assertFalse(SelfAssessment.objects.get().contact_consent)
        self.assertFalse(Alert.objects.exists())

    def test_without_a_duty_worker_the_alert_goes_to_the_org_admins(self):
        safety = settings_for(self.p.org_a)
        safety.duty_worker = None
        safety.save()
        self.submit("phq9", PHQ9_SELF_HARM, **CONSENT)
        alert = Alert.objects.get()
        self.assertIsNone(alert.worker)
        self.assertEqual(list(Notification.objects.values_list("recipient", flat=True)),
                         [self.p.admin_a.pk])


class RefusedAnswersTest(PortalTestCase):
    def test_incomplete_answers_are_refused_naming_the_items_and_nothing_is_saved(self):
        given = {k: v for k, v in PHQ9_MODERATE.items() if k not in ("item_3", "item_9")}
        response = self.submit("phq9", given)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-missing-item="3"')
        self.assertContains(response, 'data-missing-item="9"')
        self.assertNotContains(response, 'data-missing-item="1"')
        self.assertContains(response, 'data-field-error="item_3"')
        self.assertContains(response, 'data-field-error="item_9"')
        # The answers given are kept on the page.
        self.assertContains(response, 'id="id_item_1_2" checked', html=False)
        self.assertFalse(SelfAssessment.objects.exists())
        self.assert_not_audited("portal.self_assessment.submitted")

    def test_an_answer_out_of_range_is_refused(self):
        response = self.submit("gad7", {**GAD7_MILD, "item_2": "7"})
        self.assertContains(response, 'data-field-error="item_2"')
        self.assertFalse(SelfAssessment.objects.exists())

    def test_a_phone_that_is_not_a_mainland_mobile_is_refused_with_a_field_error(self):
        for phone in ("12345", "028-85551234", "1380013800", "12800138000", "138001380001"):
            with self.subTest(phone=phone):
                response = self.submit("phq9", PHQ9_SELF_HARM, contact_consent="on",
                                       contact_phone=phone)
                self.assertContains(response, 'data-field-error="contact_phone"')
        self.assertFalse(SelfAssessment.objects.exists())
        self.assertFalse(Alert.objects.exists())

    def test_a_tick_without_a_number_asks_for_the_number(self):
        response = self.submit("phq9", PHQ9_SELF_HARM, contact_consent="on")
        self.assertContains(response, 'data-field-error="contact_phone"')
        self.assertFalse(SelfAssessment.objects.exists())

    def test_a_number_without_the_tick_asks_for_the_tick(self):
        response = self.submit("phq9", PHQ9_SELF_HARM, contact_phone="13800138000")
        self.assertContains(response, 'data-field-error="contact_consent"')
        self.assertFalse(SelfAssessment.objects.exists())


class OrganisationPagesTest(PortalTestCase):
    def test_an_unknown_organisation_is_404(self):
        for url in (reverse("portal:landing", args=["NOPE"]),
                    reverse("portal:questionnaire", args=["NOPE", "phq9"])):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(reverse("portal:questionnaire", args=["NOPE", "phq9"]),
                                    self.form_data("phq9", PHQ9_MINIMAL))
        self.assertEqual(response.status_code, 404)
        self.assertFalse(SelfAssessment.objects.exists())

    def test_a_closed_page_is_404_and_saves_nothing(self):
        result_url = self.submit("phq9", PHQ9_MINIMAL)["Location"]
        safety = settings_for(self.p.org_a)
        safety.self_assessment_enabled = False
        safety.save()
        for url in (reverse("portal:landing", args=["CDWH"]), self.questionnaire_url("gad7"),
                    result_url):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.submit("gad7", GAD7_MILD).status_code, 404)
        self.assertEqual(SelfAssessment.objects.count(), 1)

    def test_only_the_public_questionnaires_are_offered(self):
        for code in ("sdss", "risk_level", "PHQ9"):
            with self.subTest(code=code):
                url = f"/self-assessment/CDWH/{code}/"
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_language_switch_turns_the_questions_into_english(self):
        self.client.post(reverse("set_language"), {"language": "en",
                                                   "next": self.questionnaire_url()})
        response = self.client.get(self.questionnaire_url())
        self.assertContains(response, "Little interest or pleasure in doing things")
        self.assertContains(response, "Over the last 2 weeks")
        self.assertNotContains(response, "做事时提不起劲或没有兴趣")
        self.assertContains(response, '<html lang="en">', html=False)

    def test_a_visitor_in_english_alerts_staff_in_their_own_language(self):
        """The visitor's language does not fix the alert's: a Chinese reader reads Chinese."""
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.submit("phq9", PHQ9_SEVERE, **CONSENT)
        with translation.override("zh-hans"):
            self.assertIn("重度", Alert.objects.get().detail_text)
        self.assertEqual(AuditEvent.objects.filter(
            action="portal.self_assessment.submitted").count(), 1)
