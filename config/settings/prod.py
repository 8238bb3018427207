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

# Rate limits must be shared by every server process: Redis, on this host unless told otherwise.
# (A per-process cache would make django_ratelimit.E003 fail the system check again.)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": os.environ.get("ANXIN_REDIS_URL", "redis://127.0.0.1:6379/0")}}
SILENCED_SYSTEM_CHECKS = [c for c in SILENCED_SYSTEM_CHECKS if c != "django_ratelimit.E003"]
