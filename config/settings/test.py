"""Tests: throwaway keys generated per run, fast hashing, everything else as in production."""

import base64
import os
import secrets

from .base import *  # noqa: F403

SECRET_KEY = "test-" + secrets.token_hex(16)
FIELD_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(os.urandom(32)).decode()]
BLIND_INDEX_KEY = secrets.token_hex(32)

# Argon2 stays first, as in production, so every password hashed here is a real Argon2 hash.
# The personas share one hash made once per process (workspace/testing/personas.py); hashing each
# test user anew was most of the suite's time.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Rate-limit counters in this process's memory, whatever the environment says; tests clear it.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405
