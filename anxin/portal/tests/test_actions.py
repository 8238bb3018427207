"""The actions behind the public page, called directly as any other caller would."""

from unittest import mock

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from anxin.audit.models import AuditEvent
from anxin.core import request_context
from anxin.core.exceptions import NotPermitted
from anxin.instruments.scoring import ScoringError
from anxin.portal.actions import AlreadySent, do_add_contact, do_submit_self_assessment
from anxin.portal.guard import issue_form_token
from anxin.portal.models import SelfAssessment, UsedFormToken
from anxin.portal.validators import normalise_mobile
from anxin.safety.models import Alert
from anxin.safety.selectors import settings_for

from .base import GAD7_MILD, PHQ9_MINIMAL, PHQ9_SELF_HARM, PHQ9_SEVERE, PortalTestCase


class SubmitActionTest(PortalTestCase):
    def submit(self, answers=PHQ9_MINIMAL, instrument="phq9", **extra):
        return do_submit_self_assessment(self.p.org_a, instrument=instrument, answers=answers,
                                         **extra)

    def test_incomplete_answers_raise_a_scoring_error_per_item_and_save_nothing(self):
        given = {k: v for k, v in PHQ9_MINIMAL.items() if k != "item_4"}
        with self.assertRaises(ScoringError) as raised:
            self.submit(given, contact_consent=True, contact_phone="13800138000")
        self.assertEqual(set(raised.exception.message_dict), {"item_4"})
        self.assertFalse(SelfAssessment.objects.exists())
        self.assert_not_audited("portal.self_assessment.submitted")

    def test_contact_details_without_consent_are_dropped(self):
        assessment = self.submit(PHQ9_SEVERE, contact_name="小李", contact_phone="13800138000")
        assessment.refresh_from_db()
        self.assertEqual((assessment.contact_consent, assessment.contact_name,
                          assessment.contact_phone, assessment.contact_given_at),
                         (False, "", "", None))
        self.assertFalse(Alert.objects.exists())

    def test_consent_needs_a_mainland_mobile(self):
        for phone in ("", "02885551234", "1380013800"):
            with self.subTest(phone=phone), self.assertRaises(ValidationError) as raised:
                self.submit(PHQ9_SELF_HARM, contact_consent=True, contact_phone=phone)
            self.assertIn("contact_phone", raised.exception.message_dict)
        self.assertFalse(SelfAssessment.objects.exists())
        self.assertFalse(Alert.objects.exists())

    def test_the_database_refuses_contact_details_without_consent(self):
        assessment = self.submit()
        with self.assertRaises(IntegrityError), transaction.atomic():
            SelfAssessment.objects.filter(pk=assessment.pk).update(contact_phone="x")

    def test_a_closed_page_or_a_staff_instrument_is_refused(self):
        with self.assertRaises(ValidationError):
            self.submit({"level": 3}, instrument="risk_level")
        safety = settings_for(self.p.org_a)
        safety.self_assessment_enabled = False
        safety.save()
        with self.assertRaises(NotPermitted):
            self.submit()
        self.assertFalse(SelfAssessment.objects.exists())

    def test_no_client_address_reaches_the_audit_trail(self):
        context = request_context.RequestContext(request_id="req-12345678", ip="203.0.113.9")
        token = request_context.set_current(context)
        try:
            assessment = self.submit(PHQ9_SELF_HARM, contact_consent=True,
                                     contact_phone="13800138000")
        finally:
            request_context.reset(token)
        submitted = self.assert_audited("portal.self_assessment.submitted", target=assessment)
        raised = self.assert_audited("safety.alert.raised", target=Alert.objects.get())
        for event in (submitted, raised):
            self.assertIsNone(event.ip)
            self.assertEqual(event.request_id, "req-12345678")  # still traceable to the request

    def test_it_words_the_alert_in_the_readers_language_whatever_the_visitors(self):
        """The alert keeps what raised it as codes and numbers; each staff reader reads it in
        their own language, whichever language the visitor used."""
        with translation.override("en"):
            self.submit(PHQ9_SELF_HARM, contact_consent=True, contact_phone="13800138000")
        alert = Alert.objects.get()
        self.assertEqual(alert.detail, "")
        with translation.override("zh-hans"):
            detail = alert.detail_text
        self.assertIn("PHQ-9", detail)
        self.assertIn("轻度", detail)  # the band, from the definition's Chinese wording
        self.assertIn("好几天", detail)  # item 9's answer
        with translation.override("en"):
            detail = alert.detail_text
        self.assertIn("Mild", detail)
        self.assertIn("Several days", detail)
        self.assertNotIn("轻度", detail)

    def test_both_severe_and_item_9_raise_one_self_harm_alert(self):
        both = {**PHQ9_SEVERE, "item_9": 3}
        assessment = self.submit(both, contact_consent=True, contact_phone="13800138000")
        self.assertEqual((assessment.band, assessment.self_harm_thoughts), ("severe", True))
        self.assertEqual(list(Alert.objects.values_list("rule", flat=True)),
                         ["self_assessment_self_harm"])


    def test_the_same_form_sent_twice_is_saved_and_alerted_once(self):
        token = issue_form_token("CDWH", "phq9")
        first = self.submit(PHQ9_SELF_HARM, contact_consent=True, contact_phone="13800138000",
                            form_token=token)
        # The same answers again, or others: the token is used up either way.
        for answers in (PHQ9_SELF_HARM, PHQ9_SEVERE):
            with self.subTest(answers=answers), self.assertRaises(AlreadySent) as caught:
                self.submit(answers, contact_consent=True, contact_phone="13800138000",
                            form_token=token)
            self.assertEqual(caught.exception.assessment, first)
        # Two requests at once: the second passes the look-up, and its insert collides.
        used = UsedFormToken.objects.get()
        with mock.patch("anxin.portal.actions._token_used", side_effect=[None, used]), \
                self.assertRaises(AlreadySent):
            self.submit(PHQ9_SEVERE, contact_consent=True, contact_phone="13800138000",
                        form_token=token)
        self.assertEqual(SelfAssessment.objects.count(), 1)
        self.assertEqual(Alert.objects.count(), 1)
        self.assertEqual(AuditEvent.objects.filter(
            action="portal.self_assessment.submitted").count(), 1)
        # Only a keyed hash of the token is kept, bound to its organisation.
        self.assertNotIn(token, used.token_hash)
        self.assertEqual((used.organization, used.self_assessment), (self.p.org_a, first))
        # Another organisation's form is another token: not refused because of this one.
        other = issue_form_token("CDWH", "phq9")
        self.assertNotEqual(other, token)
        self.submit(PHQ9_MINIMAL, form_token=other)
        self.assertEqual(SelfAssessment.objects.count(), 2)


class AddContactActionTest(PortalTestCase):
    def test_contact_added_later_alerts_once_and_the_first_consent_stands(self):
        assessment = do_submit_self_assessment(self.p.org_a, instrument="phq9",
                                               answers=PHQ9_SELF_HARM)
        do_add_contact(assessment, contact_name="", contact_phone="13800138000")
        do_add_contact(assessment, contact_name="x", contact_phone="13900000000")
        assessment.refresh_from_db()
        self.assertEqual(assessment.contact_phone, "13800138000")
        self.assertIsNotNone(assessment.contact_given_at)
        self.assertEqual(Alert.objects.count(), 1)

    def test_a_bad_number_adds_nothing(self):
        assessment = do_submit_self_assessment(self.p.org_a, instrument="gad7",
                                               answers=GAD7_MILD)
        with self.assertRaises(ValidationError):
            do_add_contact(assessment, contact_name="", contact_phone="110")
        assessment.refresh_from_db()
        self.assertFalse(assessment.contact_consent)


class MobileNumberTest(PortalTestCase):
    def test_it_drops_separators_and_the_country_code(self):
        for raw, expected in (("138 0013 8000", "13800138000"), ("+86 138-0013-8000",
                                                                 "13800138000"),
                              ("008613800138000", "13800138000"),
                              ("8613800138000", "13800138000"),
                              ("（138）00138000", "13800138000"), ("86123", "86123")):
            with self.subTest(raw=raw):
                self.assertEqual(normalise_mobile(raw), expected)


class AnswersAtRestTest(PortalTestCase):
    """A public self-assessment with a self-harm answer: its answers, scores, bands and flags
    are Fernet tokens in the row (ADR 0015), and read back in clear through the model."""

    def test_the_row_holds_no_answer_band_or_flag_in_plain_text(self):
        from django.db import connection

        assessment = do_submit_self_assessment(self.p.org_a, instrument="phq9",
                                               answers=PHQ9_SELF_HARM)
        stored = SelfAssessment.objects.get(pk=assessment.pk)
        self.assertIn("self_harm_thoughts", stored.flags)
        self.assertIn("item_9", stored.answers)
        with connection.cursor() as cursor:
            cursor.execute("SELECT answers, totals, bands, flags FROM portal_selfassessment")
            values = [str(v) for row in cursor.fetchall() for v in row]
        self.assertEqual(len(values), 4)
        for value in values:
            self.assertTrue(value.startswith("gAAAAA"), value)
            for clear in ("self_harm_thoughts", "item_9", '"total"'):
                self.assertNotIn(clear, value)
