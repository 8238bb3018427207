"""The Content-Security-Policy holds in a real browser: an inline script injected into a page
does not run, and the journeys' guard sees the violation."""

import pytest

from anxin.workspace.testing.browser import BrowserTestCase


@pytest.mark.browser
class ContentSecurityPolicyInTheBrowserTest(BrowserTestCase):
    def test_an_injected_inline_script_is_refused_and_reported(self):
        self.page.goto(self.url("/accounts/login/"))
        self.page.evaluate("""() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.body.appendChild(script);
        }""")
        self.page.wait_for_timeout(200)
        self.assertIsNone(self.page.evaluate("() => window.injected"))
        self.assertTrue(any("inline script" in v for v in self.csp_violations),
                        self.csp_violations)
        self.csp_violations.clear()  # seen and expected: the guard is for unexpected ones
