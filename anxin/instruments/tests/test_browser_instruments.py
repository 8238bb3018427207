"""Browser journeys on a phone-sized screen, in Chinese: a worker gives PHQ-9 in a case and
reads the client's history chart; a client fills in form F on the worker's tablet through a link.
Screenshots are kept as test artifacts."""

import pytest

from anxin.instruments.actions import do_record_response
from anxin.instruments.models import InstrumentResponse, Via
from anxin.workspace.testing.browser import BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD

from .helpers import days_ago, open_case, phq9_total


@pytest.mark.browser
class InstrumentJourneyTest(BrowserTestCase):
    viewport = {"width": 390, "height": 844}

    def setUp(self):
        super().setUp()
        self.case = open_case(self.p, stage="planning")
        do_record_response(self.p.client_a, instrument_code="phq9", answers=phq9_total(14),
                           acting_user=self.p.wang_fang, case=self.case,
                           administered_on=days_ago(40))
        self.log_in("wangfang", PASSWORD)

    def test_a_worker_gives_phq9_and_reads_the_improvement(self):
        page = self.page
        page.goto(self.url(self.case.get_absolute_url()))
        page.locator("#give-instrument").click()
        page.locator(f"a[href$='/cases/{self.case.pk}/administer/phq9/']").click()
        page.locator("#instrument-submit").click()
        page.wait_for_selector("#form-errors")
        self.assertEqual(page.locator("[data-field-error^='item_']").count(), 9)
        self.screenshot("instruments-phq9-refused-phone")
        self.assertEqual(InstrumentResponse.objects.count(), 1)

        # 6 in all: 好几天 on items 1–6, 完全不会 on items 7–9.
        for n in range(1, 10):
            page.locator(f"#id_item_{n}_{1 if n <= 6 else 0}").check()
        page.locator("#instrument-submit").click()
        page.wait_for_selector("#response-scores")
        self.assertIn("轻度", page.locator("[data-scale='total']").inner_text())
        self.screenshot("instruments-phq9-response-phone")

        page.goto(self.url(self.p.client_a.get_absolute_url()))
        chart = page.locator("#chart-phq9-total")
        self.assertEqual(chart.get_attribute("data-reading"), "improved")
        self.assertIn("14 → 6", chart.locator("figcaption").inner_text())
        self.assertEqual(chart.locator("rect.band").count(), 5)
        # The drawing fits the phone's width: no sideways scrolling.
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 390)
        chart.scroll_into_view_if_needed()
        self.screenshot("instruments-client-history-phone")

    def test_a_client_fills_in_form_f_on_the_workers_tablet(self):
        page = self.page
        page.goto(self.url(self.case.get_absolute_url()))
        page.locator("#issue-client-link").click()
        page.locator("#id_instrument").select_option("satisfaction_f")
        page.locator("#issue-link-form button[type=submit]").click()
        page.locator("#open-on-tablet").click()
        page.wait_for_selector("#instrument-form")
        self.assertEqual(page.locator("nav .nav-link").count(), 0)  # nothing of the worker's
        self.assertIn("您对社会工作者的表现满意吗？", page.content())
        self.screenshot("instruments-tablet-fill-phone")
        page.locator("#id_coping_0").check()
        page.locator("#id_satisfaction_0").check()
        page.locator("#id_improvement_7").check()
        page.locator("#id_goal_attainment_1").check()
        page.locator("#instrument-submit").click()
        page.wait_for_selector("#fill-done")

        stored = InstrumentResponse.objects.get(instrument="satisfaction_f")
        self.assertEqual((stored.via, stored.recorded_by), (Via.CLIENT_LINK, self.p.wang_fang))
        self.assertEqual(stored.totals, {"coping": 2, "satisfaction": 5, "improvement": 8,
                                         "goal_attainment": 1})
        page.go_back()
        page.reload()
        page.wait_for_selector("#fill-unavailable")
        self.assertEqual(page.locator("#fill-unavailable").get_attribute("data-reason"), "used")
        self.assertEqual(InstrumentResponse.objects.filter(instrument="satisfaction_f").count(),
                         1)
