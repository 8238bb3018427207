"""Error pages speak the user's language inside the site's layout, and an ordinary refusal
logs one line, not a traceback."""

import logging
from unittest import mock

from django.test import override_settings
from django.urls import reverse

from anxin.workspace.testing.cases import PersonaTestCase


def handlers_of(name: str) -> list[logging.Handler]:
    """The handlers configured in LOGGING that a record of logger `name` reaches (pytest's
    capture handlers left out)."""
    found, logger = [], logging.getLogger(name)
    while logger is not None:
        found += [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]
        logger = logger.parent if logger.propagate else None
    return found


class NotFoundPageTest(PersonaTestCase):
    def test_it_answers_another_organisations_client_with_the_sites_404_in_chinese(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("clients:detail", args=[self.p.client_b.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, 'id="error-page" data-status="404"', status_code=404)
        self.assertContains(response, "页面不存在", status_code=404)
        self.assertContains(response, 'id="main-nav"', status_code=404)  # the site's layout
        self.assertContains(response, "王芳", status_code=404)  # … with the user's menu
        self.assertNotContains(response, self.p.client_b.name, status_code=404)
        self.assertNotContains(response, "Not Found", status_code=404)

    def test_it_answers_in_english_when_the_user_chose_english(self):
        self.client.force_login(self.p.wang_fang)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get(reverse("clients:detail", args=[self.p.client_b.pk]))
        self.assertContains(response, '<html lang="en">', status_code=404)
        self.assertContains(response, "Page not found", status_code=404)
        self.assertNotContains(response, "页面不存在", status_code=404)

    def test_it_answers_an_unknown_address_with_the_same_page(self):
        response = self.client.get("/no-such-page/")
        self.assertContains(response, "页面不存在", status_code=404)


class ForbiddenPageTest(PersonaTestCase):
    def test_it_refuses_a_missing_capability_with_the_sites_403_in_chinese(self):
        self.client.force_login(self.p.wang_fang)  # a worker may not read the audit log
        response = self.client.get(reverse("audit:list"))
        self.assertContains(response, 'id="error-page" data-status="403"', status_code=403)
        self.assertContains(response, "无权操作", status_code=403)
        self.assertContains(response, 'id="main-nav"', status_code=403)

    def test_it_refuses_in_english_when_the_user_chose_english(self):
        self.client.force_login(self.p.wang_fang)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get(reverse("audit:list"))
        self.assertContains(response, "Not allowed", status_code=403)
        self.assertContains(response, "ask your organisation", status_code=403)


class RefusalLoggingTest(PersonaTestCase):
    def test_it_logs_an_ordinary_403_as_one_line_without_a_traceback(self):
        self.client.force_login(self.p.wang_fang)
        with self.assertLogs("django.request", "WARNING") as logs:
            self.client.get(reverse("audit:list"))
        self.assertEqual(len(logs.records), 1)
        self.assertIsNone(logs.records[0].exc_info)
        self.assertIn("Forbidden", logs.output[0])
        self.assertNotIn("Traceback", "\n".join(logs.output))

    def test_it_logs_a_404_for_another_organisations_client_as_one_line(self):
        self.client.force_login(self.p.wang_fang)
        with self.assertLogs("django.request", "WARNING") as logs:
            self.client.get(reverse("clients:detail", args=[self.p.client_b.pk]))
        self.assertEqual(len(logs.records), 1)
        self.assertNotIn("Traceback", "\n".join(logs.output))

    def test_it_writes_a_refusal_to_the_console_once_in_development_too(self):
        """With DEBUG on, Django's own console handler and the root's both printed it."""
        self.client.force_login(self.p.wang_fang)
        handlers = handlers_of("django.request")
        for debug in (False, True):
            with self.subTest(debug=debug), override_settings(DEBUG=debug):
                patches = [mock.patch.object(h, "emit") for h in handlers]
                emits = [p.start() for p in patches]
                try:
                    self.client.get(reverse("audit:list"))
                finally:
                    for p in patches:
                        p.stop()
                records = [call.args[0] for emit in emits for call in emit.call_args_list]
                self.assertEqual(len(records), 1)
                self.assertIsNone(records[0].exc_info)


@override_settings(ROOT_URLCONF="anxin.core.tests.error_urls")
class ServerErrorPageTest(PersonaTestCase):
    def test_it_shows_a_500_in_the_sites_layout_and_language_and_keeps_the_traceback(self):
        self.client.raise_request_exception = False
        self.client.force_login(self.p.wang_fang)
        with self.assertLogs("django.request", "ERROR") as logs:
            response = self.client.get("/test-fail/")
        self.assertContains(response, 'id="error-page" data-status="500"', status_code=500)
        self.assertContains(response, "系统出错了", status_code=500)
        self.assertContains(response, "安心", status_code=500)
        self.assertIsNotNone(logs.records[0].exc_info)  # a fault keeps its traceback

    def test_it_shows_a_400_in_the_sites_layout(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get("/test-bad/")
        self.assertContains(response, "无法处理该请求", status_code=400)
        self.assertContains(response, 'id="main-nav"', status_code=400)
