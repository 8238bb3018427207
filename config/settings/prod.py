"""Production: every secret from the environment; refuse to start without them."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BLIND_INDEX_KEY, FIELD_ENCRYPTION_KEYS, SECRET_KEY

if not (SECRET_KEY and FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY, ANXIN_FIELD_KEYS and ANXIN_BLIND_INDEX_KEY must be set."
    )
ANXIN_ENVIRONMENT = "production"
STATIC_ROOT = BASE_DIR / "staticfiles"  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
