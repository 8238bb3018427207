"""Headless Chromium for browser journeys: Debian's own build, never a downloaded one."""

import os
from pathlib import Path

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import override_settings
from playwright.sync_api import sync_playwright

from .personas import build_personas
from .transactional import AuditGuardFlushMixin

CHROMIUM = os.environ.get("ANXIN_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium keeps dialling Google services the closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ARTIFACTS = Path(os.environ.get("ANXIN_TEST_ARTIFACTS", "test-artifacts"))


def _fontconfig_with_chinese() -> str:
    """A fontconfig file adding the Noto Sans SC the PDFs embed (a PyPI package), so screenshots
    show Chinese on a machine without a Chinese system font."""
    import tempfile

    import pylopdf_fonts_zh_cn

    font_dir = Path(pylopdf_fonts_zh_cn.sans_path()).parent
    conf = Path(tempfile.mkdtemp(prefix="anxin-fonts-")) / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{font_dir}</dir></fontconfig>", encoding="utf-8")
    return str(conf)


# Journeys sign in with the password alone, whatever the role: the second factor the
# supervisors' and admins' sign-in asks for has journeys of its own (accounts/tests), which turn
# the requirement back on.
@override_settings(ANXIN_REQUIRE_TOTP_ROLES=())
class BrowserTestCase(AuditGuardFlushMixin, StaticLiveServerTestCase):
    """A live server with the personas, and a Chromium page per test (phone-sized on demand).

    A missing browser is a failure, not a skip: `make test` installs it.
    """

    viewport = {"width": 1280, "height": 900}

    @classmethod
    def setUpClass(cls):
        # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
        # test itself are still synchronous and safe.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        if not Path(CHROMIUM).exists():
            raise RuntimeError(f"Chromium not found at {CHROMIUM}: run `make setup`.")
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            env={**os.environ, "FONTCONFIG_FILE": _fontconfig_with_chinese()})

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def setUp(self):
        super().setUp()
        self.p = build_personas()
        self.context = self.browser.new_context(viewport=self.viewport, locale="zh-CN")
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        # Any page that breaks the Content-Security-Policy (an inline script, style or handler,
        # eval) fails the journey that opened it.
        self.csp_violations = []
        self.context.on("console", self._watch_console)

    def _watch_console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{message.page.url if message.page else ''}: "
                                       f"{message.text}")

    def tearDown(self):
        self.context.close()
        super().tearDown()
        self.assertEqual(self.csp_violations, [], "the page broke the Content-Security-Policy")

    def url(self, path: str) -> str:
        return f"{self.live_server_url}{path}"

    def log_in(self, username: str, password: str) -> None:
        self.page.goto(self.url("/accounts/login/"))
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(password)
        self.page.locator("#login-submit").click()
        self.page.wait_for_url(self.url("/"))

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path
