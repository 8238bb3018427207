"""The API's JSON parser: a body Python's json module reads but the rest of the stack cannot
hold is refused here as a 400, with a message that says what is wrong.

- nesting deeper than MAX_DEPTH (5,000 `[` made json raise RecursionError: a server error);
- an unpaired UTF-16 surrogate written as `\\ud800`: json accepts it, but the text cannot be
  encoded as UTF-8, so it fails later wherever it is written (the database, the audit log);
- a NUL character (`\\u0000`): PostgreSQL text cannot hold it;
- bytes that are not UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is UTF-8).
"""

import json
import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser

# Far above any request the API documents (a plan's rows are three levels deep).
MAX_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONParser(DRFJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError(_("The request body is not UTF-8 JSON.")) from None
        try:
            data = json.loads(text, parse_constant=_no_constant)
        except RecursionError:
            raise ParseError(_too_deep()) from None
        except json.JSONDecodeError as exc:
            raise ParseError(_("The request body is not valid JSON (line %(line)s, column "
                               "%(column)s).") % {"line": exc.lineno, "column": exc.colno}
                             ) from None
        except ValueError:  # NaN or Infinity
            raise ParseError(_("The request body is not valid JSON.")) from None
        check_json_value(data)
        return data


def _no_constant(name):
    # NaN and Infinity are not JSON (RFC 8259 §6); DRF's strict mode refuses them as well.
    raise ValueError(f"{name} is not a JSON number")


def _too_deep() -> str:
    return _("The JSON body is nested too deep: at most %(limit)s levels.") % {
        "limit": MAX_DEPTH}


def check_json_value(data) -> None:
    """Raise ParseError for what json accepted but no field can hold. Walks without recursion,
    so the check itself cannot overflow the stack."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise ParseError(_too_deep())
            items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
            for key, item in items:
                if key is not None:
                    _check_text(key)
                stack.append((item, depth + 1))
        elif isinstance(value, str):
            _check_text(value)


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise ParseError(_("The JSON body holds a NUL character (\\u0000), which text cannot "
                           "hold; remove it and send again."))
    match = _SURROGATE.search(text)
    if match:
        raise ParseError(_("The JSON body holds an unpaired surrogate (\\u%(code)s), which is "
                           "not a character; send the text as UTF-8 JSON.")
                         % {"code": f"{ord(match.group()):04x}"})
