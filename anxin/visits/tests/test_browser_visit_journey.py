"""A home visit on a phone (390 px wide), in headless Chromium: 王芳 plans a visit to a client at
risk level 3 with a police officer along, 陈敏 approves it, they leave telling 周梅, nobody
checks in in time, the alert reaches 周梅, and the late check-in says it resolved nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from anxin.accounts.choices import Role
from anxin.cases import actions as case_actions
from anxin.cases import scenarios
from anxin.cases.models import HOME_VISIT_CHECKLIST
from anxin.safety.models import Alert
from anxin.visits.actions import check_overdue_visits
from anxin.visits.choices import VisitStatus
from anxin.visits.models import HomeVisit
from anxin.workspace.testing.browser import ARTIFACTS, BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD, make_user


@pytest.mark.browser
class HomeVisitOnAPhoneTest(BrowserTestCase):
    viewport = {"width": 390, "height": 844}

    def setUp(self):
        super().setUp()
        p = self.p
        today = timezone.localdate()
        case = case_actions.do_open_case(p.client_a, acting_user=p.wang_fang,
                                         worker=p.wang_fang, supervisor=p.chen_min,
                                         source="sought_help", application_date=today)
        self.case = scenarios.advance(case, "assessment", worker=p.wang_fang,
                                      supervisor=p.chen_min)
        case_actions.do_save_assessment(self.case, acting_user=p.wang_fang,
                                        data={"filled_on": today, "risk_level": 3})
        self.zhou_mei = make_user("zhoumei", "周梅", role=Role.WORKER, organization=p.org_a,
                                  team=p.wang_fang.membership.team)

    def log_out(self) -> None:
        self.context.clear_cookies()

    def submit(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.locator(selector).click()

    def assert_fits_the_phone(self) -> None:
        """Nothing makes the page scroll sideways on a 390 px screen."""
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, self.viewport["width"], self.page.url)

    def test_a_risky_visit_from_plan_to_late_check_in(self):
        page = self.page

        # 1. 王芳 plans the visit from the case page: the risk level calls for a companion.
        self.log_in("wangfang", PASSWORD)
        page.goto(self.url(self.case.get_absolute_url()))
        page.locator("#plan-home-visit").click()
        page.wait_for_url(f"**{reverse('visits:plan', args=[self.p.client_a.pk])}**")
        expect(page.locator("#needs-companion")).to_be_visible()
        page.locator(f"input[name=staff][value='{self.p.li_qiang.pk}']").check()
        page.locator("#id_purpose").fill("了解近期服药情况，评估居家安全")
        self.screenshot("visit-plan-phone")
        self.assert_fits_the_phone()
        self.submit("#plan-submit")
        # Refused: the companion is missing, named next to its field.
        expect(page.locator("[data-field-error=companion_name]")).to_be_visible()
        page.locator("#id_companion_name").fill("张建军")
        page.locator("#id_companion_role").fill("民警")
        self.screenshot("visit-plan-refused-phone")
        self.submit("#plan-submit")
        visit = HomeVisit.objects.get()
        expect(page.locator("#awaiting-approval")).to_be_visible()
        self.assertEqual(visit.status, VisitStatus.AWAITING_APPROVAL)
        self.screenshot("visit-awaiting-approval-phone")

        # 2. 陈敏 approves.
        self.log_out()
        self.log_in("chenmin", PASSWORD)
        page.goto(self.url(visit.get_absolute_url()))
        self.screenshot("visit-approve-phone")
        self.assert_fits_the_phone()
        self.submit("#approve-submit")
        visit.refresh_from_db()
        self.assertEqual(visit.status, VisitStatus.READY)

        # 3. 王芳 leaves, telling 周梅.
        self.log_out()
        self.log_in("wangfang", PASSWORD)
        page.goto(self.url(visit.get_absolute_url()))
        page.locator("#depart-link").click()
        page.wait_for_url(f"**{reverse('visits:depart', args=[visit.pk])}")
        page.locator("#id_station_worker").select_option(str(self.zhou_mei.pk))
        page.locator("#id_contact_phone").fill("13800001111")
        self.screenshot("visit-depart-phone")
        self.assert_fits_the_phone()
        self.submit("#depart-submit")
        expect(page.locator("#check-in-submit")).to_be_visible()
        self.screenshot("visit-out-phone")
        visit.refresh_from_db()
        self.assertEqual(visit.status, VisitStatus.OUT)

        # 4. Not back in time: the alert reaches 周梅, with who went and how to call them.
        check_overdue_visits(visit.expected_return_at + datetime.timedelta(minutes=30))
        alert = Alert.objects.get(rule="visit_overdue")
        page.goto(self.url(reverse("visits:list")))
        self.screenshot("visit-list-phone")
        self.assert_fits_the_phone()
        self.log_out()
        self.log_in("zhoumei", PASSWORD)
        page.goto(self.url(alert.get_absolute_url()))
        expect(page.locator(".visit-source")).to_contain_text("李强")
        expect(page.locator(".visit-source a[href='tel:13800001111']")).to_be_visible()
        self.screenshot("visit-alert-phone")

        # 5. 王芳 checks in late: it counts, and says the alert is still to be resolved.
        self.log_out()
        self.log_in("wangfang", PASSWORD)
        page.goto(self.url(visit.get_absolute_url()))
        page.locator("#id_note").fill("服务对象家中无信号，未能及时报平安")
        self.submit("#check-in-submit")
        expect(page.locator("#visit-alert-notice")).to_be_visible()
        self.screenshot("visit-checked-in-late-phone")
        self.assert_fits_the_phone()
        visit.refresh_from_db()
        self.assertEqual(visit.status, VisitStatus.RETURNED)
        alert.refresh_from_db()
        self.assertTrue(alert.is_open)

        # 6. Form E of the visit: the on-site safety checklist shows for the home visit.
        page.locator("#write-record").click()
        checklist = page.locator("#home-visit-safety")
        expect(checklist).to_be_visible()
        for name in HOME_VISIT_CHECKLIST:
            page.locator(f"#id_{name}").check()
        page.locator("#id_content").fill("服务对象自述按时服药，家中环境安全。")
        checklist.scroll_into_view_if_needed()
        self.screenshot("visit-service-record-phone")
        self.assert_fits_the_phone()
        self.submit("form.doc-form button[type=submit]")
        visit.refresh_from_db()
        self.assertEqual(visit.service_record.mode, "home_visit")

        # The case page lists the visit, with the button to plan the next one.
        page.goto(self.url(self.case.get_absolute_url()))
        page.locator("#visits-panel").scroll_into_view_if_needed()
        expect(page.locator(f"#visits-panel [data-visit='{visit.pk}']")).to_be_visible()
        page.locator("#visits-panel").screenshot(path=str(self.screenshot_path("visit-panel")))
        self.assert_fits_the_phone()

    def screenshot_path(self, name: str):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        return ARTIFACTS / f"{name}-phone.png"

    def test_a_visit_to_a_client_with_no_risk_level_warns_first(self):
        page = self.page
        self.log_in("liqiang", PASSWORD)
        page.goto(self.url(reverse("visits:plan", args=[self.p.client_a2.pk])))
        expect(page.locator("#no-risk-level")).to_be_visible()
        expect(page.locator("#id_suitability_note")).to_be_visible()
        self.screenshot("visit-plan-no-risk-phone")
        self.assert_fits_the_phone()
