"""A supervisor signed in with her second factor breaks the glass on a client outside her team,
reads the file under the emergency banner, and the org admin finds the opening to review."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from anxin.accounts import second_factor
from anxin.accounts.actions import do_enrol_totp
from anxin.accounts.tests.test_browser_second_factor import REQUIRED
from anxin.accounts.tests.test_second_factor import code_for
from anxin.workspace.testing.browser import BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD

REASON = "家属来电：服务对象有自伤风险，责任社工联系不上"


@pytest.mark.browser
@override_settings(ANXIN_REQUIRE_TOTP_ROLES=REQUIRED)
class BreakingTheGlass(BrowserTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def sign_in_with_code(self, user):
        key = second_factor.new_key()
        do_enrol_totp(user, key=key, code=code_for(key))
        page = self.page
        page.goto(self.url(reverse("accounts:login")))
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("#login-submit").click()
        page.wait_for_url(self.url(reverse("accounts:login_verify")))
        page.locator("#id_code").fill(code_for(key, steps_ahead=1))
        page.locator("#code-submit").click()
        page.wait_for_url(re.compile(re.escape(self.live_server_url) + "/$"))

    def test_a_supervisor_opens_a_client_outside_her_team_and_the_admin_reviews_it(self):
        page, client = self.page, self.p.client_a2
        self.sign_in_with_code(self.p.chen_min)
        # Outside her team, the file is not hers to open: a 404 like any unknown one.
        self.assertEqual(page.goto(self.url(client.get_absolute_url())).status, 404)

        page.goto(self.url(reverse("clients:list")))
        form = page.locator("#emergency-access-form")
        form.locator("#id_file_number").fill(client.file_number)
        form.locator("#id_reason").fill(REASON)
        form.locator("#emergency-access-submit").click()
        page.wait_for_url(self.url(client.get_absolute_url()))
        expect(page.locator("#emergency-access-banner")).to_be_visible()
        expect(page.locator("h1.page-title")).to_have_text(client.name)
        self.screenshot("emergency-access-banner")

        self.context.clear_cookies()
        self.sign_in_with_code(self.p.admin_a)
        page.goto(self.url(reverse("clients:emergency_list")))
        row = page.locator("#emergency-access-list tbody tr").first
        expect(row).to_contain_text(client.file_number)
        expect(row).to_contain_text(self.p.chen_min.full_name)
        expect(row).to_contain_text(REASON)
        row.get_by_role("button").click()
        page.wait_for_url(self.url(reverse("clients:emergency_list")))
        expect(page.locator("#emergency-access-list")).not_to_contain_text(REASON)
