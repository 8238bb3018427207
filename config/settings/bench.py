"""The benchmark server (`manage.py bench`): production settings, served over loopback HTTP.

Only what loopback HTTP forces differs from prod.py: no redirect to HTTPS and no secure-only
cookies (the benchmark speaks plain HTTP to 127.0.0.1), and the Server-Timing header on, which
the benchmark reads. DEBUG stays off and the cache is Redis, as in production.

Imported by absolute name so that the benchmark can also serve another checkout of the code
with these settings (`manage.py bench --source`).
"""

from config.settings.prod import *  # noqa: F403
from config.settings.prod import MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ANXIN_SERVER_TIMING = True

# An older checkout measured with --source may predate the timing middleware: its figures then
# have client time only (the benchmark notes the missing header).
_TIMING = "anxin.core.server_timing.ServerTimingMiddleware"
try:
    import anxin.core.server_timing  # noqa: F401
except ImportError:
    MIDDLEWARE = [m for m in MIDDLEWARE if m != _TIMING]
