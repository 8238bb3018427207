"""Settings shared by every environment. Secrets and keys only come from the environment."""

import os
from datetime import timedelta

import dj_database_url
import xstatic.pkg.bootstrap

from .env import BASE_DIR, env_list, load_dotenv

load_dotenv()

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
# "production" forbids demo data (load_demo refuses to run).
ANXIN_ENVIRONMENT = os.environ.get("ANXIN_ENVIRONMENT", "development")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "axes",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "anxin.core",
    "anxin.audit",
    "anxin.accounts",
    "anxin.clients",
    "anxin.cases",
    "anxin.documents",
    "anxin.groups",
    "anxin.community",
    "anxin.caring",
    "anxin.rehab",
    "anxin.medication",
    "anxin.outcomes",
    "anxin.roster",
    "anxin.programmes",
    "anxin.instruments",
    "anxin.notifications",
    "anxin.safety",
    "anxin.visits",
    "anxin.staff",
    "anxin.portal",
    "anxin.api",
    "anxin.workspace",
    "anxin.jobs",
    "anxin.bench",
]

MIDDLEWARE = [
    "anxin.core.server_timing.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "anxin.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "anxin.core.locale.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "anxin.accounts.middleware.IdleSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the language, the user and messages: its 400 page is the site's, in their language.
    "anxin.core.middleware.RejectNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "anxin.accounts.middleware.PasswordChangeRequiredMiddleware",
    "anxin.accounts.middleware.SecondFactorRequiredMiddleware",
]

# Server time in a response header, for the benchmark suite (config/settings/bench.py).
ANXIN_SERVER_TIMING = os.environ.get("ANXIN_SERVER_TIMING") == "1"

# Background work (Django's task framework, the django-tasks backport): the database backend
# keeps the queue in PostgreSQL or SQLite, so no broker is needed; `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "anxin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "anxin.accounts.context_processors.membership",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (the default; DATABASE_URL=sqlite:///… too) takes its write lock when a
    # transaction begins rather than at its first write, and a second writer waits up to 20 s
    # for it: with the default deferred transactions two saves that had both read could not
    # both upgrade their lock and one failed at once with "database is locked". WAL lets
    # readers go on while one writes. Edits then meet the version check of ADR 0013.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
# Reads and writes on the primary; only reads opted in with reading_from_replica() go to the
# "replica" database, when prod.py configures one (ANXIN_REPLICA_DATABASE_URL).
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A session unused this long ends (accounts.middleware.IdleSessionMiddleware); ticking "this is
# my own phone or computer" at sign-in allows the longer time and keeps the cookie across a
# browser restart.
ANXIN_SESSION_IDLE_SECONDS = int(os.environ.get("ANXIN_SESSION_IDLE_SECONDS", 30 * 60))
ANXIN_SESSION_IDLE_OWN_DEVICE_SECONDS = int(
    os.environ.get("ANXIN_SESSION_IDLE_OWN_DEVICE_SECONDS", 12 * 60 * 60))
# Roles that must sign in with a second factor (TOTP, django-otp): they see more than their
# own caseload. A worker may enrol on the account page. The requirement applies to sessions
# opened by the password sign-in (accounts.middleware.SecondFactorRequiredMiddleware).
ANXIN_REQUIRE_TOTP_ROLES = ("org_admin", "supervisor", "lead", "regional_viewer")
OTP_TOTP_ISSUER = "Anxin"
# API tokens (django-rest-knox): stored as digests, named, expiring after this by default.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's own migrations create its table even when its model is swapped out; that stray table
# would reference accounts_user and stop PostgreSQL truncating it between tests. Without them,
# the swapped model gets no table at all.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {"TOKEN_TTL": timedelta(days=90), "AUTO_REFRESH": False}

# Lock-out after repeated failed logins, counted per username so a distributed guess is
# stopped too.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "anxin.accounts.views.locked_out"
AXES_VERBOSE = False
# axes.W006 recommends adding the IP address; staff of one hospital or station share a NAT
# address, so an IP lock would lock out colleagues. The username lock is what we rely on.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# What axes leaves out: one address trying many usernames. Failed sign-ins are counted per
# address in the cache (django-ratelimit), with a limit well above what one office behind a
# shared address produces, and the login page refuses that address until the window ends.
ANXIN_LOGIN_FAILURES_PER_ADDRESS = os.environ.get("ANXIN_LOGIN_FAILURES_PER_ADDRESS", "20/15m")

# The cache holds the rate-limit counters of the public self-assessment (django-ratelimit), which
# every server process must share: Redis when ANXIN_REDIS_URL is set (prod.py defaults to the
# local Redis), otherwise the process's own memory (development and tests run one process).
REDIS_URL = os.environ.get("ANXIN_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")  # not shared: one process only
# django-ratelimit 4.1 lists only django-redis and memcached as supported; Django's own
# RedisCache increments atomically too, which is all the counters need.
SILENCED_SYSTEM_CHECKS.append("django_ratelimit.W001")
RATELIMIT_USE_CACHE = "default"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Served from the installed packages by WhiteNoise; prod.py adds STATIC_ROOT for collectstatic.
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [
    ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media"

# Field encryption: Fernet keys (newest first, older ones only decrypt) and the HMAC key of the
# blind index. Both come from the environment; see anxin/core/crypto.py.
FIELD_ENCRYPTION_KEYS = env_list("ANXIN_FIELD_KEYS")
BLIND_INDEX_KEY = os.environ.get("ANXIN_BLIND_INDEX_KEY", "")
# The key of the audit trail's hash chain (anxin/audit/chain.py). Optional: without it, one is
# derived from BLIND_INDEX_KEY. Like that key, it may never change once events are sealed.
AUDIT_CHAIN_KEY = os.environ.get("ANXIN_AUDIT_CHAIN_KEY", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "anxin.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Refuses as a 400 what json reads but nothing can store: deep nesting, lone surrogates,
    # NUL (anxin/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "anxin.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "anxin.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "anxin.api.errors.exception_handler",
    "PAGE_SIZE": 25,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Anxin API",
    "DESCRIPTION": "Case management for Chinese social-work institutions (安心).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "anxin.api.schema.add_error_responses",
    ],
    # Several case documents share field names (status, mode) with different choices.
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "anxin.cases.choices.ReviewStatus",
        "ReferralStatusEnum": "anxin.cases.choices.ReferralStatus",
        "ServiceModeEnum": "anxin.cases.choices.ServiceMode",
        "ConsentModeEnum": "anxin.cases.choices.ConsentMode",
        "AlertStatusEnum": "anxin.safety.choices.AlertStatus",
        "StaffRoleEnum": "anxin.staff.forms.ROLE_CHOICES",
        "CaringTeamRoleEnum": "anxin.caring.choices.MemberRole",
        "PeerStatusEnum": "anxin.caring.choices.PeerStatus",
        "PeerStatusChangeEnum": "anxin.caring.api.serializers.PEER_STATUS_CHANGES",
        "GroupTypeEnum": "anxin.groups.models.GroupType",
        "ActivityTypeEnum": "anxin.community.choices.ActivityType",
        "AttendanceEnum": "anxin.groups.models.Attendance",
        "TrainingProgrammeEnum": "anxin.programmes.choices.PROGRAMME_CHOICES",
        "TrainingDeliveryEnum": "anxin.programmes.choices.Delivery",
        "DailyServiceKindEnum": "anxin.programmes.choices.DailyServiceKind",
        "SexEnum": "anxin.clients.choices.Sex",
        "MedicationDoseOutcomeEnum": "anxin.medication.choices.DoseOutcome",
        "PlacementKindEnum": "anxin.outcomes.choices.PlacementKind",
        "DisabilityGradeEnum": "anxin.outcomes.choices.DisabilityGrade",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # A 403 or 404 is the access rules answering, not a fault: one line, no traceback.
        "ordinary_refusals": {"()": "anxin.core.log_filters.OrdinaryRefusalFilter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Django's own defaults give "django" a console handler of its own (when DEBUG) and let
        # it propagate to the root's as well, so each message came out twice. The root's
        # handler alone prints them.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"filters": ["ordinary_refusals"]},
    },
}

# Notifications: in-app always; an e-mail copy when a mail server is configured (EMAIL_HOST).
EMAIL_HOST = os.environ.get("ANXIN_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("ANXIN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ANXIN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ANXIN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("ANXIN_EMAIL_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("ANXIN_EMAIL_FROM", "anxin@localhost")
ANXIN_NOTIFY_BY_EMAIL = bool(EMAIL_HOST)
ANXIN_SITE_URL = os.environ.get("ANXIN_SITE_URL", "http://127.0.0.1:8000")

# Content-Security-Policy on every response (django-csp): scripts, styles, fonts and frames
# from this site only, no inline script or style, no eval, no framing. Bootstrap's own CSS draws
# its form icons as data: SVGs, hence img-src data:. Browser tests fail on any violation
# (workspace/testing/browser.py), so a page that breaks the policy is caught there.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

