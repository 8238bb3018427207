"""A supervisor's first sign-in on a phone: set up the authenticator, keep the recovery codes,
and sign in with a code the next time."""

import re
import time
from base64 import b32decode

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import expect

from anxin.workspace.testing.browser import BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD

REQUIRED = ("org_admin", "supervisor", "lead", "regional_viewer")


def code_from_secret(secret: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")), step=30, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


@pytest.mark.browser
@override_settings(ANXIN_REQUIRE_TOTP_ROLES=REQUIRED)
class SecondFactorOnAPhone(BrowserTestCase):
    viewport = {"width": 360, "height": 740}

    def setUp(self):
        super().setUp()
        cache.clear()

    def sign_in_with_password(self):
        page = self.page
        page.goto(self.url(reverse("accounts:login")))
        page.locator("#id_username").fill("chenmin")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("#login-submit").click()

    def assert_fits_the_screen(self):
        self.assertTrue(self.page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"),
            "the page scrolls sideways on a phone")

    def test_first_sign_in_enrols_and_the_next_asks_for_the_code(self):
        page = self.page
        self.sign_in_with_password()
        page.wait_for_url(self.url(reverse("accounts:totp_enrol")))
        # Anything else leads back here until the app is set up.
        page.goto(self.url(reverse("clients:list")))
        page.wait_for_url(self.url(reverse("accounts:totp_enrol")))
        expect(page.locator("#totp-qr svg")).to_be_visible()
        self.assert_fits_the_screen()
        secret = page.locator("#totp-secret").inner_text().strip()
        page.locator("#id_code").fill(code_from_secret(secret))
        page.locator("#enrol-submit").click()
        page.wait_for_url(self.url(reverse("accounts:recovery_codes")))
        expect(page.locator("#recovery-codes li")).to_have_count(10)
        self.assert_fits_the_screen()
        self.screenshot("second-factor-recovery-codes-phone")
        page.locator("#recovery-done").click()
        page.wait_for_url(self.url("/"))

        self.context.clear_cookies()
        self.sign_in_with_password()
        page.wait_for_url(self.url(reverse("accounts:login_verify")))
        self.assert_fits_the_screen()
        page.locator("#id_code").fill(code_from_secret(secret, steps_ahead=1))
        page.locator("#code-submit").click()
        page.wait_for_url(re.compile(re.escape(self.live_server_url) + "/$"))
