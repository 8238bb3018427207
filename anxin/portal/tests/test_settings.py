"""The cache behind the rate limits: per process in tests and development, shared Redis in
production, and a system check that passes in each."""

import base64
import importlib
import os
import sys
from unittest import mock

from django.core import checks
from django.test import SimpleTestCase, override_settings
from django_ratelimit.checks import check_caches

PROD_ENV = {"DJANGO_SECRET_KEY": "x" * 50, "ANXIN_BLIND_INDEX_KEY": "y" * 64,
            "ANXIN_FIELD_KEYS": base64.urlsafe_b64encode(b"k" * 32).decode()}


def production_settings():
    with mock.patch.dict(os.environ, PROD_ENV):
        sys.modules.pop("config.settings.prod", None)
        return importlib.import_module("config.settings.prod")


class RateLimitCacheTest(SimpleTestCase):
    def test_production_counts_in_redis_and_keeps_the_check_that_refuses_a_local_cache(self):
        prod = production_settings()
        self.assertEqual(prod.CACHES["default"]["BACKEND"],
                         "django.core.cache.backends.redis.RedisCache")
        self.assertNotIn("django_ratelimit.E003", prod.SILENCED_SYSTEM_CHECKS)
        with override_settings(CACHES=prod.CACHES):
            self.assertEqual([e.id for e in check_caches(None) if e.level >= checks.ERROR], [])
        with override_settings(CACHES={"default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
            self.assertIn("django_ratelimit.E003", [e.id for e in check_caches(None)])

    def test_the_cache_checks_pass_with_the_test_settings(self):
        from django.core.management import call_command

        call_command("check", tag=["caches"], fail_level="WARNING", verbosity=0)
