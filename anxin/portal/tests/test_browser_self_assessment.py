"""The public self-assessment on a phone (390 px), in Chinese, in headless Chromium: a visitor
answers PHQ-9 with item 9 positive, asks for a call and sees immediate help first; a supervisor
then finds it in the list and opens it."""

from unittest import mock

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from anxin.portal.actions import do_submit_self_assessment
from anxin.safety.models import Alert
from anxin.safety.selectors import settings_for
from anxin.workspace.testing.browser import BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD

from .base import GAD7_SEVERE, HELP_LINES

# PHQ-9 answers by item number, as the options read in Chinese.
PHQ9_ANSWERS = {1: "好几天", 2: "一半以上的天数", 3: "好几天", 4: "一半以上的天数", 5: "完全不会",
                6: "好几天", 7: "完全不会", 8: "完全不会", 9: "好几天"}


@pytest.mark.browser
class PhoneSelfAssessmentTest(BrowserTestCase):
    viewport = {"width": 390, "height": 844}

    def setUp(self):
        super().setUp()
        safety = settings_for(self.p.org_a)
        safety.duty_worker = self.p.wang_fang
        safety.help_lines = HELP_LINES
        safety.save()
        # A person needs seconds to answer; the robot clicks in milliseconds.
        patcher = mock.patch("anxin.portal.guard.MIN_FILL_SECONDS", 0)
        patcher.start()
        self.addCleanup(patcher.stop)

    def assert_fits_the_phone(self):
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        self.assertLessEqual(overflow, 0, "the page scrolls sideways on a phone")

    def test_a_visitor_answers_phq9_asks_for_a_call_and_sees_help_first(self):
        page = self.page
        page.goto(self.url(reverse("portal:landing", args=["CDWH"])))
        expect(page.locator("header")).to_contain_text(self.p.org_a.name)
        self.assert_fits_the_phone()
        self.screenshot("portal-1-landing")

        page.locator("#choose-phq9").click()
        expect(page.locator("#item-1 legend")).to_contain_text("做事时提不起劲或没有兴趣")
        # Sending nothing names every unanswered question.
        page.locator("#self-assessment-submit").click()
        expect(page.locator("[data-missing-item]")).to_have_count(9)
        self.screenshot("portal-2-unanswered")

        for number, answer in PHQ9_ANSWERS.items():
            option = page.locator(f"#item-{number} .portal-option", has_text=answer).first
            self.assertGreaterEqual(option.bounding_box()["height"], 44)
            option.click()
        page.locator("#id_contact_consent").check()
        page.locator("#id_contact_name").fill("小李")
        page.locator("#id_contact_phone").fill("138 0013 8000")
        self.assert_fits_the_phone()
        self.screenshot("portal-3-answered")
        page.locator("#self-assessment-submit").click()

        help_now = page.locator("#help-now")
        expect(help_now).to_be_visible()
        expect(help_now.locator("a[href='tel:120']")).to_be_visible()
        expect(help_now.locator("a[href='tel:028-85551234']")).to_be_visible()
        self.assertLess(help_now.bounding_box()["y"], page.locator("#result").bounding_box()["y"])
        expect(page.locator("#score-total")).to_have_text("8")
        self.assert_fits_the_phone()
        self.screenshot("portal-4-result-help-now")

        alert = Alert.objects.get()
        self.assertEqual((alert.rule, alert.worker), ("self_assessment_self_harm",
                                                      self.p.wang_fang))

    def test_a_supervisor_finds_it_in_the_list_and_opens_it(self):
        do_submit_self_assessment(self.p.org_a, instrument="gad7", answers=GAD7_SEVERE,
                                  contact_consent=True, contact_phone="13800138000")
        self.log_in(self.p.chen_min.username, PASSWORD)
        self.page.goto(self.url(reverse("portal:staff_list")))
        expect(self.page.locator("[data-band-count='gad7:severe'] td").last).to_have_text("1")
        self.assertEqual(self.page.locator("text=13800138000").count(), 0)
        self.screenshot("portal-5-staff-list")
        self.page.locator("[data-row] a", has_text="").last.click()
        expect(self.page.locator("[data-contact-phone]")).to_have_text("13800138000")
        self.screenshot("portal-6-staff-detail")
