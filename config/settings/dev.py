"""Local development: `make run` writes the keys into `.env` on first start."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BLIND_INDEX_KEY, FIELD_ENCRYPTION_KEYS, SECRET_KEY

DEBUG = True

if not (SECRET_KEY and FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY, ANXIN_FIELD_KEYS and ANXIN_BLIND_INDEX_KEY must be set "
        "(`make run` or scripts/setup.sh creates a local .env with fresh keys)."
    )
