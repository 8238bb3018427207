"""Instrument pages: who may open each, giving an instrument through the generated form, the
response page, the panels on the case and client pages, and bounded queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anxin.instruments.actions import do_issue_client_link, do_record_response
from anxin.instruments.forms import META_FIELDS
from anxin.instruments.models import InstrumentResponse
from anxin.instruments.registry import ALL
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import days_ago, open_case, phq9, phq9_total

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404


class PagePermissionTest(PersonaTestCase):
    """Every persona × every page, for 王芳's case of 张伟 (org A) and 赵磊's of 黄磊 (org B)."""

    PAGES = ["choose_a", "administer_a", "issue_link_a", "link_a", "response_a",
             "choose_b", "administer_b", "response_b"]
    EXPECTED = {
        "wang_fang": [OK, OK, OK, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
        "li_qiang": [NOT_FOUND] * 5 + [NOT_FOUND] * 3,
        "chen_min": [OK, OK, OK, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND],
        # Organisation-wide readers: they read the results, they do not give instruments.
        "admin_a": [FORBIDDEN] * 4 + [OK] + [FORBIDDEN, FORBIDDEN, NOT_FOUND],
        "archivist_a": [FORBIDDEN] * 4 + [OK] + [FORBIDDEN, FORBIDDEN, NOT_FOUND],
        "quality_a": [FORBIDDEN] * 4 + [OK] + [FORBIDDEN, FORBIDDEN, NOT_FOUND],
        "zhao_lei": [NOT_FOUND] * 5 + [OK, OK, OK],
        "viewer": [FORBIDDEN] * 8,
    }

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.case_a = open_case(p)
        cls.case_b = open_case(p, client=p.client_b, worker=p.zhao_lei, supervisor=p.qian_wei)
        cls.response_a = do_record_response(p.client_a, instrument_code="phq9",
                                            answers=phq9_total(5), acting_user=p.wang_fang,
                                            case=cls.case_a)
        cls.response_b = do_record_response(p.client_b, instrument_code="phq9",
                                            answers=phq9_total(5), acting_user=p.zhao_lei,
                                            case=cls.case_b)
        cls.link_a, _token = do_issue_client_link(cls.case_a, instrument_code="phq9",
                                                  acting_user=p.wang_fang)

    def urls(self):
        a, b = self.case_a.pk, self.case_b.pk
        return {
            "choose_a": reverse("instruments:choose", args=[a]),
            "administer_a": reverse("instruments:administer", args=[a, "phq9"]),
            "issue_link_a": reverse("instruments:issue_link", args=[a]),
            "link_a": reverse("instruments:link", args=[self.link_a.pk]),
            "response_a": reverse("instruments:response", args=[self.response_a.pk]),
            "choose_b": reverse("instruments:choose", args=[b]),
            "administer_b": reverse("instruments:administer", args=[b, "phq9"]),
            "response_b": reverse("instruments:response", args=[self.response_b.pk]),
        }

    def test_it_answers_each_persona_as_the_matrix_says(self):
        urls = self.urls()
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for page, expected in zip(self.PAGES, self.EXPECTED[name], strict=True):
                with self.subTest(persona=name, page=page):
                    self.assertEqual(self.client.get(urls[page]).status_code, expected)

    def test_posting_follows_the_same_matrix_and_saves_nothing_when_refused(self):
        for name, user in self.p.all_users().items():
            if name in ("wang_fang", "chen_min", "zhao_lei"):
                continue
            self.client.force_login(user)
            for page in ("administer_a", "issue_link_a"):
                with self.subTest(persona=name, page=page):
                    response = self.client.post(self.urls()[page], {
                        "instrument": "phq9", "administered_on": days_ago(0).isoformat(),
                        **{k: str(v) for k, v in phq9_total(3).items()}})
                    self.assertIn(response.status_code, (FORBIDDEN, NOT_FOUND))
        self.assertEqual(InstrumentResponse.objects.count(), 2)

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        for page, url in self.urls().items():
            with self.subTest(page=page):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("accounts:login")))

    def test_an_unknown_instrument_is_not_found(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("instruments:administer", args=[self.case_a.pk, "nope"])
        self.assertEqual(self.client.get(url).status_code, NOT_FOUND)

    def test_reading_a_response_is_audited(self):
        self.client.force_login(self.p.archivist_a)
        self.client.get(self.urls()["response_a"])
        event = self.assert_audited("instrument.response.viewed", actor=self.p.archivist_a,
                                    target=self.response_a, client=self.p.client_a)
        self.assertEqual(event.data["instrument"], "phq9")


class AdministerTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = open_case(cls.p, stage="planning")

    def url(self, code="phq9"):
        return reverse("instruments:administer", args=[self.case.pk, code])

    def test_the_form_has_a_radio_group_per_item_with_its_options(self):
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(self.url())
        for n in range(1, 11):
            self.assertContains(page, f'name="item_{n}"', count=4)
        self.assertContains(page, "有不如死掉或用某种方式伤害自己的念头")
        self.assertContains(page, "一半以上的天数")
        self.assertContains(page, "在过去的两周里，您生活中出现以下症状的频率有多少？")
        self.assertContains(page, 'value="assessment"')  # form C exists in this episode
        self.assertNotContains(page, 'value="evaluation"')

    def test_numeric_items_are_number_inputs(self):
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(self.url("bmi"))
        self.assertContains(page, 'name="weight_kg"')
        self.assertContains(page, 'inputmode="decimal"')

    def test_it_records_scores_and_shows_the_response(self):
        self.client.force_login(self.p.wang_fang)
        data = {"administered_on": days_ago(1).isoformat(), "attach_to": "assessment",
                **{k: str(v) for k, v in phq9(3, 2, 2, 1, 1, 2, 1, 1, 1).items()}}
        response = self.client.post(self.url(), data)
        stored = InstrumentResponse.objects.get()
        self.assertRedirects(response, stored.get_absolute_url())
        self.assertEqual((stored.totals, stored.bands, stored.flags),
                         ({"total": 14}, {"total": "moderate"}, ["self_harm_thoughts"]))
        self.assertEqual(stored.assessment, self.case.assessments.get())
        self.assertEqual(stored.administered_on, days_ago(1))

        page = self.client.get(stored.get_absolute_url())
        self.assertContains(page, 'data-band="moderate"')
        self.assertContains(page, "中度")  # the band's wording
        self.assertContains(page, 'data-flag="self_harm_thoughts"')
        self.assertContains(page, "第9题（自伤想法）得分≥1：需立即跟进")
        self.assertContains(page, self.p.wang_fang.full_name)
        self.assertContains(page, "一半以上的天数")  # an answer, as its option's text
        self.assertContains(page, 'data-item="item_9" data-flagged')  # the answer that flagged
        self.assertNotContains(page, 'data-item="item_8" data-flagged')

    def test_refused_answers_are_named_next_to_their_items_and_nothing_is_saved(self):
        self.client.force_login(self.p.wang_fang)
        data = {"administered_on": days_ago(0).isoformat(), "item_1": "2", "item_2": "1"}
        page = self.client.post(self.url(), data)
        self.assertEqual(page.status_code, 200)
        for n in range(3, 10):
            self.assertContains(page, f'data-field-error="item_{n}"')
        self.assertNotContains(page, 'data-field-error="item_1"')
        self.assertNotContains(page, 'data-field-error="item_10"')  # optional
        self.assertContains(page, 'id="form-errors"')
        self.assertContains(page, 'href="#item-item_3"')
        self.assertContains(page, 'id="id_item_1_2" checked')  # the answers given stay
        self.assertFalse(InstrumentResponse.objects.exists())
        self.assert_not_audited("instrument.response.recorded")

    def test_an_out_of_range_number_is_refused_by_name(self):
        self.client.force_login(self.p.wang_fang)
        page = self.client.post(self.url("bmi"), {"administered_on": days_ago(0).isoformat(),
                                                  "weight_kg": "70", "height_cm": "17"})
        self.assertContains(page, 'data-field-error="height_cm"')
        self.assertNotContains(page, 'data-field-error="weight_kg"')
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_no_instrument_item_collides_with_the_forms_own_fields(self):
        for instrument in ALL:
            with self.subTest(instrument=instrument.code):
                self.assertFalse({i.code for i in instrument.items} & set(META_FIELDS))

    def test_the_choice_page_lists_every_instrument(self):
        self.client.force_login(self.p.chen_min)
        page = self.client.get(reverse("instruments:choose", args=[self.case.pk]))
        for instrument in ALL:
            self.assertContains(page, reverse("instruments:administer",
                                              args=[self.case.pk, instrument.code]))


class PanelTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.case = open_case(p)
        for days, total in ((60, 14), (30, 10), (5, 6)):
            do_record_response(p.client_a, instrument_code="phq9", answers=phq9_total(total),
                               acting_user=p.wang_fang, case=cls.case,
                               administered_on=days_ago(days))

    def test_the_case_panel_lists_responses_and_offers_buttons_to_those_who_may(self):
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(self.case.get_absolute_url())
        self.assertContains(page, 'id="case-instruments"')
        self.assertContains(page, 'data-response="', count=3)
        self.assertContains(page, 'id="give-instrument"')
        self.assertContains(page, 'id="issue-client-link"')

        self.client.force_login(self.p.quality_a)
        page = self.client.get(self.case.get_absolute_url())
        self.assertContains(page, 'data-response="', count=3)
        self.assertNotContains(page, 'id="give-instrument"')
        self.assertNotContains(page, 'id="issue-client-link"')

    def test_the_client_panel_charts_the_history_with_the_improvement(self):
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(self.p.client_a.get_absolute_url())
        self.assertContains(page, 'id="history-phq9"')
        self.assertContains(page, 'data-reading="improved"')
        self.assertContains(page, "14 → 6")
        self.assertContains(page, 'class="band" data-band="', count=5)
        self.assertContains(page, "<title id=\"chart-phq9-total-title\">")
        self.assertContains(page, "<circle", count=3)

    def test_a_classification_is_listed_by_its_band_not_charted(self):
        stable = {"risk_level": 0, "symptoms": 1, "insight": 1, "social_function": 1,
                  "severe_adverse_reaction": 0, "severe_physical_illness": 0}
        for days, answers in ((20, stable | {"symptoms": 2}), (2, stable)):
            do_record_response(self.p.client_a, instrument_code="followup_classification",
                               answers=answers, acting_user=self.p.wang_fang, case=self.case,
                               administered_on=days_ago(days))
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(self.p.client_a.get_absolute_url()).content.decode()
        history = page[page.index('id="history-followup_classification"'):]
        history = history[:history.index("</article>")]
        self.assertNotIn("<svg", history)
        self.assertLess(history.index('data-band="mostly_stable"'),
                        history.index('data-band="stable"'))
        self.assertIn("基本稳定", history)

    def test_the_client_panel_shows_nothing_of_a_case_the_reader_does_not_see(self):
        """李强 registered 刘秀英; 王芳 holds a case of her that 李强 does not see."""
        p = self.p
        case = open_case(p, client=p.client_a2, by=p.li_qiang)
        do_record_response(p.client_a2, instrument_code="gad7",
                           answers={f"item_{n}": 1 for n in range(1, 8)},
                           acting_user=p.wang_fang, case=case)
        self.client.force_login(p.li_qiang)
        page = self.client.get(p.client_a2.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'id="history-gad7"')
        self.client.force_login(p.wang_fang)
        self.assertContains(self.client.get(p.client_a2.get_absolute_url()),
                            'id="history-gad7"')

    def test_the_client_page_makes_the_same_queries_for_3_and_15_responses(self):
        """No query per response or per instrument: the panel reads all in one query."""
        p = self.p

        def count():
            self.client.force_login(p.wang_fang)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(p.client_a.get_absolute_url()).status_code, 200)
            return len(queries)

        count()  # warm the process caches (the working-day calendar)
        few = count()
        for n in range(4):  # crisis-free answers, so no alert panels grow either
            do_record_response(p.client_a, instrument_code="phq9", answers=phq9_total(n),
                               acting_user=p.wang_fang, case=self.case,
                               administered_on=days_ago(20 - n))
            do_record_response(p.client_a, instrument_code="gad7",
                               answers={f"item_{i}": n % 2 for i in range(1, 8)},
                               acting_user=p.wang_fang, case=self.case)
            do_record_response(p.client_a, instrument_code="bmi",
                               answers={"weight_kg": 60 + n, "height_cm": 170},
                               acting_user=p.wang_fang)
        self.assertEqual(InstrumentResponse.objects.count(), 15)
        self.assertEqual(count(), few)

    def test_the_case_page_makes_the_same_queries_for_3_and_9_responses(self):
        p = self.p

        def count():
            self.client.force_login(p.wang_fang)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.case.get_absolute_url()).status_code, 200)
            return len(queries)

        count()  # warm the process caches (the working-day calendar)
        few = count()
        for _ in range(3):
            do_record_response(p.client_a, instrument_code="sdss",
                               answers={f"item_{i}": 0 for i in range(1, 11)},
                               acting_user=p.wang_fang, case=self.case)
            do_record_response(p.client_a, instrument_code="risk_level", answers={"level": 0},
                               acting_user=p.wang_fang, case=self.case)
        do_issue_client_link(self.case, instrument_code="satisfaction_f",
                             acting_user=p.wang_fang)
        self.assertEqual(count(), few)


class AlertSourceSnippetTest(PersonaTestCase):
    """The alert page includes instruments/_alert_source_instrumentresponse.html with `source`."""

    def test_it_shows_the_instrument_date_scores_flags_and_a_link(self):
        from django.template.loader import render_to_string

        response = do_record_response(
            self.p.client_a, instrument_code="phq9", answers=phq9_total(21, item_9=2),
            acting_user=self.p.wang_fang, case=open_case(self.p), administered_on=days_ago(2))
        html = render_to_string("instruments/_alert_source_instrumentresponse.html",
                                {"source": response})
        self.assertIn("患者健康问卷-9（PHQ-9）", html)
        self.assertIn(days_ago(2).isoformat(), html)
        self.assertIn("<strong>21</strong>", html)
        self.assertIn('data-band="severe"', html)
        self.assertIn('data-flag="self_harm_thoughts"', html)
        self.assertIn(f'href="{response.get_absolute_url()}"', html)
