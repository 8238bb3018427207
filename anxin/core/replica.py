"""Opting a read into the read replica (config/db_router.py).

Reads go to the primary unless the code around them says otherwise: a replica lags behind by a
moment, so a page that reads what the same request (or the one before it) wrote must read the
primary. Reports over many rows, where a few seconds' lag does not matter, opt in:

    with reading_from_replica():
        rows = list(report_queryset)

With no replica configured (ANXIN_REPLICA_DATABASE_URL unset) the block reads the primary.
"""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"

# A context variable, not a global: each request (thread or task) opts in for itself alone.
_opted_in = contextvars.ContextVar("anxin_reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_requested() -> bool:
    return _opted_in.get()


@contextlib.contextmanager
def reading_from_replica():
    token = _opted_in.set(True)
    try:
        yield
    finally:
        _opted_in.reset(token)
