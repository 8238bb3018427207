"""Logging filters named in settings.LOGGING."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404


class OrdinaryRefusalFilter(logging.Filter):
    """Keep an ordinary refusal (403 for a missing capability, 404 for another organisation's
    record) to its one line, "Forbidden (Permission denied): /clients/3/".

    Django attaches the exception to the log record of every PermissionDenied, so each refusal
    printed a traceback although nothing went wrong: refusals are how the access rules answer,
    many times a day. A traceback stays for everything else, 5xx above all.
    """

    REFUSALS = (PermissionDenied, Http404)

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        if (exc_info and isinstance(exc_info, tuple) and exc_info[1] is not None
                and isinstance(exc_info[1], self.REFUSALS)
                and getattr(record, "status_code", 500) < 500):
            record.exc_info = None
            record.exc_text = None
        return True
