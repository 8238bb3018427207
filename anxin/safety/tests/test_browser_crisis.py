"""A crisis alert end to end, in the Chinese UI, in headless Chromium.

王芳 gives 张伟 a PHQ-9 in his case and answers item 9 with 2 (一半以上的天数); her supervisor
陈敏 sees the alert at once (bell and home page), acknowledges it, ticks protocol steps and logs
what she did; the client's chart shows the score.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from anxin.instruments.models import InstrumentResponse
from anxin.safety.choices import AlertStatus
from anxin.safety.models import Alert
from anxin.workspace.testing.browser import BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD

from .helpers import open_case


@pytest.mark.browser
class CrisisAlertJourneyTest(BrowserTestCase):
    def test_item_9_reaches_the_supervisor_who_works_the_protocol(self):
        case = open_case(self.p, stage="intervention")
        page = self.page

        # 王芳 gives the PHQ-9 from the case page.
        self.log_in(self.p.wang_fang.username, PASSWORD)
        page.goto(self.url(case.get_absolute_url()))
        page.locator("#give-instrument").click()
        page.locator(f"a[href='{reverse('instruments:administer', args=[case.pk, 'phq9'])}']"
                     ).click()
        for n in range(1, 9):
            page.locator(f"input[name='item_{n}'][value='1']").check()
        page.locator("input[name='item_9'][value='2']").check()
        page.locator("#instrument-submit").click()
        page.wait_for_url(re.compile(r"/instruments/responses/\d+/"))
        expect(page.locator("body")).to_contain_text("10")
        response = InstrumentResponse.objects.get(case=case)
        self.assertEqual((response.totals["total"], response.flags),
                         (10, ["self_harm_thoughts"]))
        alert = Alert.objects.get(case=case, rule="phq9_self_harm")
        self.assertEqual(alert.supervisor, self.p.chen_min)
        page.locator(f"form[action='{reverse('accounts:logout')}'] button").click()
        page.wait_for_url(re.compile(re.escape(reverse("accounts:login"))))

        # 陈敏 sees it on her home page, most urgent first, with the bell lit.
        self.log_in(self.p.chen_min.username, PASSWORD)
        expect(page.locator("#bell")).to_contain_text("1")
        first = page.locator("#home-alerts li").first
        expect(first).to_contain_text("PHQ-9 第9题：有自伤念头")
        expect(first).to_contain_text("未确认")
        first.locator("a").first.click()
        page.wait_for_url(self.url(alert.get_absolute_url()))
        expect(page.locator("#protocol")).to_contain_text("联系精神专科医院")
        self.screenshot("crisis-alert-before")

        page.locator("#acknowledge").click()
        expect(page.locator("#alert-status")).to_have_text("已确认，处理中")
        page.locator("button[data-step='contact_family']").click()
        expect(page.locator("button[data-step='contact_family']")).to_have_count(0)
        page.locator("#id_note").fill("已与案主母亲通话，今晚由家属陪伴，明早陪同就诊。")
        page.locator("#add-step").click()
        expect(page.locator("#steps")).to_contain_text("与家属沟通")
        expect(page.locator("#steps")).to_contain_text("明早陪同就诊")
        self.screenshot("crisis-alert-in-hand")
        alert.refresh_from_db()
        self.assertEqual((alert.status, alert.acknowledged_by),
                         (AlertStatus.ACKNOWLEDGED, self.p.chen_min))
        self.assertEqual(alert.steps.count(), 2)

        # The client's chart shows the score, in the moderate band.
        page.goto(self.url(self.p.client_a.get_absolute_url()))
        chart = page.locator("#client-instruments figure").first
        expect(chart.locator("svg")).to_be_visible()
        expect(chart.locator("text.value")).to_have_text(["10"])
        expect(chart.locator("rect.band")).to_have_count(5)
        self.screenshot("crisis-client-chart")
