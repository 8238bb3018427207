"""Headers a health-data site is expected to send: a Content-Security-Policy that allows this
site's own scripts and styles only (so templates carry no inline script, style or handler), and
in production HTTPS only with HSTS, with `check --deploy` clean."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "anxin" / "templates"
# Rendered to PDF by WeasyPrint, never shown by a browser: their print layout uses style.
PRINT_ONLY = (TEMPLATES / "cases" / "print", TEMPLATES / "documents" / "print")

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)


class ContentSecurityPolicyTest(TestCase):
    def test_every_response_carries_a_strict_policy(self):
        for url in (reverse("accounts:login"), "/self-assessment/CDWH/"):
            with self.subTest(url=url):
                policy = self.client.get(url).headers.get("Content-Security-Policy", "")
                self.assertIn("script-src 'self'", policy)
                self.assertIn("style-src 'self'", policy)
                self.assertIn("frame-ancestors 'none'", policy)
                self.assertNotIn("unsafe-inline", policy)
                self.assertNotIn("unsafe-eval", policy)


class TemplatesNeedNoInlineCodeTest(SimpleTestCase):
    def test_no_template_a_browser_shows_has_inline_script_style_or_handler(self):
        found = []
        for path in TEMPLATES.rglob("*.html"):
            if any(folder in path.parents for folder in PRINT_ONLY):
                continue
            text = path.read_text(encoding="utf-8")
            for name, pattern in (("script", INLINE_SCRIPT), ("handler", INLINE_HANDLER),
                                  ("style", INLINE_STYLE)):
                for match in pattern.finditer(text):
                    found.append((str(path.relative_to(TEMPLATES)), name, match.group(0)[:60]))
        self.assertEqual(found, [])


class DeployCheckTest(SimpleTestCase):
    def test_the_production_settings_pass_the_deploy_check(self):
        """`manage.py check --deploy` with production settings: no warning at all (HSTS, HTTPS
        redirect, secure cookies, …)."""
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod",
               "DJANGO_SECRET_KEY": "x" * 60 + "-deploy-check-only-not-a-real-secret",
               "ANXIN_FIELD_KEYS": os.environ.get("ANXIN_FIELD_KEYS") or settings_key(),
               "ANXIN_BLIND_INDEX_KEY": "deploy-check-only"}
        env.pop("DATABASE_URL", None)
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)


def settings_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()
