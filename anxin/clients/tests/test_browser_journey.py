"""A worker's first real journey, in the Chinese UI, in headless Chromium."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from anxin.clients import identity
from anxin.clients.models import Client
from anxin.workspace.testing.browser import BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD


@pytest.mark.browser
class WorkerRegistersAndFindsAClientTest(BrowserTestCase):
    viewport = {"width": 390, "height": 844}  # a phone: home visits happen on phones

    def test_it_registers_a_client_finds_them_and_is_refused_another_orgs_client(self):
        page = self.page
        page.goto(self.url("/accounts/login/"))
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        expect(page.get_by_role("heading", name="登录安心")).to_be_visible()
        self.log_in("wangfang", PASSWORD)

        page.goto(self.url("/clients/new/"))
        expect(page.get_by_role("heading", name="登记服务对象")).to_be_visible()
        id_number = identity.compose("510107", datetime.date(1968, 11, 2), 246)
        page.locator("#id_name").fill("周秀兰")
        page.locator("#id_id_number").fill(id_number)
        # The live check reads birth date and sex from the number while the worker types.
        expect(page.locator("#id-check")).to_contain_text("1968-11-02")
        # …and fills the birth-date and sex fields at once, before anything is saved.
        expect(page.locator("#id_birth_date")).to_have_value("1968-11-02")
        expect(page.locator("#id_sex")).to_have_value("F")
        page.locator("#id_phone").fill("13987654321")
        # The street list follows the district chosen: 武侯区's streets, and only them.
        page.locator("#id_district").select_option("510107")
        expect(page.locator("#id_street option[value='510107003']")).to_have_count(1)
        streets = page.locator("#id_street option").evaluate_all(
            "options => options.map(o => o.value).filter(v => v)")
        self.assertTrue(streets)
        self.assertTrue(all(code.startswith("510107") for code in streets), streets)
        page.locator("#id_street").select_option("510107003")
        page.locator("#id_address_detail").fill("玉林南路8号2栋")
        page.get_by_label("精神障碍").check()
        self.screenshot("client-register-phone")
        page.get_by_role("button", name="保存").click()

        expect(page.get_by_role("heading", name="周秀兰")).to_be_visible()
        client = Client.objects.get(name="周秀兰")
        self.assertEqual(client.sex, "F")
        self.assertEqual(client.birth_date, datetime.date(1968, 11, 2))
        expect(page.get_by_text(client.file_number).first).to_be_visible()

        page.goto(self.url("/clients/"))
        page.get_by_role("searchbox").fill("周秀")
        results = page.locator("#client-results")
        expect(results).to_contain_text(client.file_number)
        expect(results).not_to_contain_text(self.p.client_b.file_number)
        page.get_by_role("searchbox").fill(id_number.lower())
        expect(page).to_have_url(re.compile(r"q=" + id_number.lower()))
        expect(results).to_contain_text(client.file_number)
        self.screenshot("client-search-phone")

        response = page.goto(self.url(f"/clients/{self.p.client_b.pk}/"))
        self.assertEqual(response.status, 404)
        expect(page.locator("body")).not_to_contain_text(self.p.client_b.name)
