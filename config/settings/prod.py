"""Production: every secret from the environment; refuse to start without them.

App servers keep nothing of their own: sessions and the cache live in Redis, data in PostgreSQL,
static files are collected into STATIC_ROOT and served by WhiteNoise (or the proxy). Any number
of them can run behind the reverse proxy (docs/deployment.md).
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from .base import *  # noqa: F403
from .base import (
    BLIND_INDEX_KEY,
    DATABASES,
    FIELD_ENCRYPTION_KEYS,
    LOGGING,
    SECRET_KEY,
    SILENCED_SYSTEM_CHECKS,
)
from .env import env_list

if not (SECRET_KEY and FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY, ANXIN_FIELD_KEYS and ANXIN_BLIND_INDEX_KEY must be set."
    )
ANXIN_ENVIRONMENT = "production"
DEBUG = False
STATIC_ROOT = os.environ.get("ANXIN_STATIC_ROOT") or BASE_DIR / "staticfiles"  # noqa: F405
# Hashed, compressed copies made by `collectstatic`: a new release never meets a stale file in a
# browser or proxy cache, so WhiteNoise can let them be cached forever. Files are served from
# STATIC_ROOT only; reading the packages' directories on each request is for development.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
# Uploaded scans and the encrypted results of exports and imports. Every app server and task
# worker must see the same files (a worker writes an export that a web server serves): a
# shared mount (docs/deployment.md, "Files"), and part of the backup.
MEDIA_ROOT = os.environ.get("ANXIN_MEDIA_ROOT") or BASE_DIR / "media"  # noqa: F405
# Source maps are more than half of the bytes (Bootstrap's) and only a browser's developer tools
# fetch them: compressing each twice (gzip and brotli) made collectstatic several times slower.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

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
# The proxies whose X-Forwarded-For names the client (addresses or networks): the audit trail
# and the per-address limits then see the client, not the proxy (anxin/core/proxy.py). gunicorn
# trusts the same addresses for the forwarded scheme (config/gunicorn.conf.py).
ANXIN_TRUSTED_PROXIES = env_list("ANXIN_TRUSTED_PROXIES") or ["127.0.0.1", "::1"]
MIDDLEWARE = ["anxin.core.proxy.ForwardedForMiddleware", *MIDDLEWARE]  # noqa: F405
# The proxy's name for the site, for the CSRF origin check when it differs from the Host header
# (e.g. https://anxin.example.org).
CSRF_TRUSTED_ORIGINS = env_list("ANXIN_CSRF_TRUSTED_ORIGINS")

# Rate limits and sessions must be shared by every server process: Redis, on this host unless
# told otherwise. (A per-process cache would make django_ratelimit.E003 fail the system check.)
REDIS_URL = os.environ.get("ANXIN_REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL},
    # Sessions on an alias of their own, so that clearing the cache never signs everyone out
    # and the session keys can be given their own Redis database or server
    # (ANXIN_REDIS_SESSIONS_URL) with eviction turned off.
    "sessions": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                 "LOCATION": os.environ.get("ANXIN_REDIS_SESSIONS_URL") or REDIS_URL,
                 "KEY_PREFIX": "anxin-session"},
}
SILENCED_SYSTEM_CHECKS = [c for c in SILENCED_SYSTEM_CHECKS if c != "django_ratelimit.E003"]
# Sessions in Redis alone: no database write per request and nothing to purge. The trade-off
# (docs/deployment.md, "Sessions"): a Redis that loses its data or evicts keys signs people out,
# which is safe but unwelcome, so the sessions' Redis keeps its data and never evicts.
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
SESSION_CACHE_ALIAS = "sessions"

# An optional streaming replica of the primary, read only by the reports that opt in
# (anxin.core.replica.reading_from_replica); everything else reads and writes the primary.
REPLICA_URL = os.environ.get("ANXIN_REPLICA_DATABASE_URL", "")
if REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(REPLICA_URL, conn_max_age=60)
    # Tests and checks treat it as the primary seen again, never as a database of its own.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Connections kept between requests (base.py: 60 s) are checked before reuse, so a primary that
# failed over or a connection the proxy cut gives a new connection, not a 500.
for _alias in DATABASES:
    DATABASES[_alias]["CONN_HEALTH_CHECKS"] = True
    if os.environ.get("ANXIN_DATABASE_POOLER") == "transaction":
        # Behind PgBouncer in transaction mode a server-side cursor (QuerySet.iterator) would
        # outlive the transaction that owns its server connection.
        DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = True

# One line per record on standard output, for the service manager's journal or the container
# runtime to collect; no file on the app server.
LOGGING = {
    **LOGGING,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout",
                             "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ANXIN_LOG_LEVEL", "WARNING")},
    "loggers": {
        **LOGGING["loggers"],
        "anxin": {"level": "INFO"},
        # One line per request comes from gunicorn's access log; Django's own would repeat it.
        "django": {"handlers": [], "level": "WARNING"},
    },
}
