"""Production: every secret from the environment; refuse to start without them."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BLIND_INDEX_KEY, FIELD_ENCRYPTION_KEYS, SECRET_KEY, SILENCED_SYSTEM_CHECKS

if not (SECRET_KEY and FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY, ANXIN_FIELD_KEYS and ANXIN_BLIND_INDEX_KEY must be set."
    )
ANXIN_ENVIRONMENT = "production"
STATIC_ROOT = BASE_DIR / "staticfiles"  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS only: plain HTTP is redirected, and browsers are told to use HTTPS for a year (HSTS).
# Behind a TLS-terminating proxy, set ANXIN_PROXY_SSL_HEADER=1 so the proxy's
# X-Forwarded-Proto header says the request was secure (only when the proxy always sets it).
SECURE_SSL_REDIRECT = os.environ.get("ANXIN_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("ANXIN_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("ANXIN_HSTS_SUBDOMAINS", "1") == "1"
# The preload flag only consents to the browsers' preload list; submitting is a separate step.
SECURE_HSTS_PRELOAD = os.environ.get("ANXIN_HSTS_PRELOAD", "1") == "1"
if os.environ.get("ANXIN_PROXY_SSL_HEADER") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"

# Rate limits must be shared by every server process: Redis, on this host unless told otherwise.
# (A per-process cache would make django_ratelimit.E003 fail the system check again.)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": os.environ.get("ANXIN_REDIS_URL", "redis://127.0.0.1:6379/0")}}
SILENCED_SYSTEM_CHECKS = [c for c in SILENCED_SYSTEM_CHECKS if c != "django_ratelimit.E003"]
