"""The staff side: the organisation's self-assessments counted by band, one of them opened from
its alert, and the partial the alert page includes. Contact details never appear in the list."""

import datetime

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anxin.portal.actions import do_submit_self_assessment
from anxin.portal.models import SelfAssessment
from anxin.safety.models import Alert
from anxin.safety.selectors import settings_for

from .base import GAD7_SEVERE, PHQ9_MINIMAL, PHQ9_MODERATE, PHQ9_SELF_HARM, PortalTestCase

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404
CONTACT = {"contact_consent": True, "contact_name": "小李", "contact_phone": "13800138000"}


def submit(org, instrument, answers, **extra):
    return do_submit_self_assessment(org, instrument=instrument, answers=answers, **extra)


class StaffPagesTestCase(PortalTestCase):
    """Org A: item 9 positive with contact (alert to 王芳, on duty), a severe GAD-7 without
    contact, a moderate PHQ-9. Org B: one PHQ-9 with contact."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.self_harm = submit(p.org_a, "phq9", PHQ9_SELF_HARM, **CONTACT)
        cls.severe = submit(p.org_a, "gad7", GAD7_SEVERE)
        cls.moderate = submit(p.org_a, "phq9", PHQ9_MODERATE)
        cls.org_b = submit(p.org_b, "phq9", PHQ9_SELF_HARM, contact_consent=True,
                           contact_phone="13911112222")
        cls.alert = Alert.objects.get(organization=p.org_a)

    def listed(self, response) -> set[int]:
        return {row["assessment"].pk for row in response.context["rows"]}


class StaffPermissionTest(StaffPagesTestCase):
    # persona → (list status, rows listed, detail of the self-harm one, detail of the severe one)
    EXPECTED = {
        "wang_fang": (OK, {"self_harm"}, OK, NOT_FOUND),  # on duty: what alerted her
        "li_qiang": (OK, set(), NOT_FOUND, NOT_FOUND),
        "chen_min": (OK, {"self_harm", "severe", "moderate"}, OK, OK),
        "admin_a": (OK, {"self_harm", "severe", "moderate"}, OK, OK),
        "archivist_a": (FORBIDDEN, None, FORBIDDEN, FORBIDDEN),
        "quality_a": (OK, {"self_harm", "severe", "moderate"}, OK, OK),
        "zhao_lei": (OK, set(), NOT_FOUND, NOT_FOUND),
        "viewer": (FORBIDDEN, None, FORBIDDEN, FORBIDDEN),
    }

    def test_it_answers_each_persona_as_the_matrix_says(self):
        for name, user in self.p.all_users().items():
            status, rows, self_harm, severe = self.EXPECTED[name]
            self.client.force_login(user)
            with self.subTest(persona=name):
                response = self.client.get(reverse("portal:staff_list"))
                self.assertEqual(response.status_code, status)
                if rows is not None:
                    self.assertEqual(self.listed(response),
                                     {getattr(self, r).pk for r in rows})
                self.assertEqual(self.client.get(reverse(
                    "portal:staff_detail", args=[self.self_harm.pk])).status_code, self_harm)
                self.assertEqual(self.client.get(reverse(
                    "portal:staff_detail", args=[self.severe.pk])).status_code, severe)

    def test_another_organisations_supervisor_gets_404_and_none_of_its_rows(self):
        self.client.force_login(self.p.qian_wei)
        response = self.client.get(reverse("portal:staff_list"))
        self.assertEqual(self.listed(response), {self.org_b.pk})
        for assessment in (self.self_harm, self.severe, self.moderate):
            with self.subTest(pk=assessment.pk):
                url = reverse("portal:staff_detail", args=[assessment.pk])
                self.assertEqual(self.client.get(url).status_code, NOT_FOUND)

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        for url in (reverse("portal:staff_list"),
                    reverse("portal:staff_detail", args=[self.self_harm.pk])):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("accounts:login")))


class StaffListTest(StaffPagesTestCase):
    def test_the_list_counts_by_band_and_shows_no_contact_details(self):
        self.client.force_login(self.p.chen_min)
        response = self.client.get(reverse("portal:staff_list"))
        summary = {s.code: s for s in response.context["summary"]}
        phq9, gad7 = summary["phq9"], summary["gad7"]
        self.assertEqual(phq9.total, 2)
        self.assertEqual({b.code: b.count for b in phq9.bands},
                         {"minimal": 0, "mild": 1, "moderate": 1, "moderately_severe": 0,
                          "severe": 0})
        self.assertEqual((phq9.self_harm, phq9.contact), (1, 1))
        self.assertEqual({b.code: b.count for b in gad7.bands},
                         {"minimal": 0, "mild": 0, "moderate": 0, "severe": 1})
        self.assertEqual((gad7.total, gad7.contact), (1, 0))
        self.assertContains(response, 'data-band-count="phq9:mild"')
        self.assertNotContains(response, "13800138000")
        self.assertNotContains(response, "小李")
        # The listed rows were read without their contact details or answers.
        row = response.context["rows"][0]["assessment"]
        self.assertEqual(row.get_deferred_fields(), {"contact_name", "contact_phone", "answers"})

    def test_it_shows_the_public_link_while_the_page_is_open(self):
        self.client.force_login(self.p.admin_a)
        response = self.client.get(reverse("portal:staff_list"))
        self.assertEqual(response.context["public_url"], "http://testserver/self-assessment/CDWH/")
        safety = settings_for(self.p.org_a)
        safety.self_assessment_enabled = False
        safety.save()
        self.assertEqual(self.client.get(reverse("portal:staff_list")).context["public_url"], "")

    def test_the_alerted_row_links_its_alert(self):
        self.client.force_login(self.p.chen_min)
        rows = {r["assessment"].pk: r for r in
                self.client.get(reverse("portal:staff_list")).context["rows"]}
        self.assertEqual(rows[self.self_harm.pk]["alert"], self.alert)
        self.assertIsNone(rows[self.severe.pk]["alert"])

    def test_the_filters_choose_a_questionnaire_and_a_period(self):
        old = submit(self.p.org_a, "phq9", PHQ9_MINIMAL,
                     now=timezone.now() - datetime.timedelta(days=120))
        self.client.force_login(self.p.admin_a)
        url = reverse("portal:staff_list")
        self.assertNotIn(old.pk, self.listed(self.client.get(url)))  # last 90 days by default
        self.assertIn(old.pk, self.listed(self.client.get(url, {"period": "all"})))
        self.assertIn(old.pk, self.listed(self.client.get(url, {"period": "365"})))
        only_gad7 = self.client.get(url, {"instrument": "gad7", "period": "all"})
        self.assertEqual(self.listed(only_gad7), {self.severe.pk})
        self.assertEqual(self.client.get(url, {"instrument": "sdss"}).status_code, OK)

    def test_the_list_costs_the_same_queries_for_3_rows_and_for_20(self):
        self.client.force_login(self.p.quality_a)
        url = reverse("portal:staff_list")
        self.client.get(url)  # warm the per-process caches (content types, sessions)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(17):
            submit(self.p.org_a, "phq9", PHQ9_SELF_HARM if n % 3 else PHQ9_MODERATE,
                   **(CONTACT if n % 2 else {}))
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertEqual(len(response.context["rows"]), 20)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many])


class StaffDetailTest(StaffPagesTestCase):
    def test_opening_one_shows_answers_and_contact_and_is_audited(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("portal:staff_detail", args=[self.self_harm.pk]))
        self.assertContains(response, "13800138000")
        self.assertContains(response, "小李")
        self.assertContains(response, 'data-item9="1"')
        self.assertContains(response, 'data-answer="item_9"')
        self.assertEqual(response.context["alert"], self.alert)
        event = self.assert_audited("portal.self_assessment.viewed", actor=self.p.wang_fang,
                                    target=self.self_harm)
        self.assertEqual(event.data, {"contact_shown": True})


class AlertPageTest(StaffPagesTestCase):
    def test_the_duty_worker_sees_the_self_assessment_on_the_alert_page(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(self.alert.get_absolute_url())
        self.assertContains(response, f'id="self-assessment-{self.self_harm.pk}"')
        self.assertContains(response, 'href="tel:13800138000"')
        self.assertContains(response, 'data-item9="1"')
        self.assertContains(response, reverse("portal:staff_detail", args=[self.self_harm.pk]))


class AlertSourcePartialTest(StaffPagesTestCase):
    def render(self, source):
        return render_to_string("portal/_alert_source_selfassessment.html", {"source": source})

    def test_it_shows_instrument_date_score_item_9_and_the_contact_given(self):
        html = self.render(SelfAssessment.objects.get(pk=self.self_harm.pk))
        self.assertIn("患者健康问卷-9", html)
        self.assertIn(f"{timezone.localtime(self.self_harm.created_at):%Y-%m-%d}", html)
        self.assertIn('<span data-total>6</span> / 27', html)
        self.assertIn('data-band="mild"', html)
        self.assertIn('data-item9="1"', html)
        self.assertIn("好几天", html)
        self.assertIn("小李", html)
        self.assertIn('href="tel:13800138000"', html)

    def test_an_anonymous_gad7_shows_no_item_9_and_no_contact(self):
        html = self.render(SelfAssessment.objects.get(pk=self.severe.pk))
        self.assertIn("广泛性焦虑量表-7", html)
        self.assertIn('<span data-total>16</span> / 21', html)
        self.assertNotIn("data-item9", html)
        self.assertNotIn("data-contact-phone", html)
