"""Cleaning a document's data against its kind: one function for the page, the API and imports.

`clean(kind, data)` returns the data as it is stored — JSON-ready: dates and times in ISO 8601,
decimals as strings, choices as their codes — and every problem found, each naming its field
by its label in the reader's language and by its path (`goals`, `rows.2.method`), so a page can
put the message beside the field and an API client can find it. Nothing is half-kept: when
there is any problem the caller saves nothing.

Fields that name a row elsewhere (a staff member, a contact, a response, a file, a signature)
are checked for shape here; whether the id belongs to the document's organisation and client is
the `resolver`'s answer, which the caller supplies (it knows the subject).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .definitions import REFERENCES, DocumentKind, Field, FieldType

Resolver = Callable[[Field, int], bool]
EMPTY = (None, "", [], ())


@dataclass(frozen=True)
class Problem:
    path: str  # "goals", "rows.2.method" (rows counted from 1, as people count them)
    label: str  # the field's label in the reader's language
    message: str  # names the field, in the reader's language

    def as_dict(self) -> dict:
        return {"field": self.path, "label": self.label, "message": self.message}


@dataclass
class Cleaned:
    data: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def clean(kind: DocumentKind, data: dict, resolver: Resolver | None = None) -> Cleaned:
    result = Cleaned()
    if not isinstance(data, dict):
        result.problems.append(Problem("", "", _("The document's data must be an object of "
                                                 "fields.")))
        return result
    result.data = _clean_fields(kind.fields, data, "", resolver, result.problems)
    return result


def _clean_fields(fields, data: dict, prefix: str, resolver, problems: list) -> dict:
    known = {f.code for f in fields}
    for unknown in sorted(set(data) - known):
        problems.append(Problem(f"{prefix}{unknown}", unknown,
                                _("%(field)s: there is no such field in this form.")
                                % {"field": unknown}))
    cleaned = {}
    for f in fields:
        value = data.get(f.code)
        path = f"{prefix}{f.code}"
        if _empty(value, f):
            continue
        try:
            cleaned[f.code] = _clean_value(f, value, path, resolver, problems)
        except _Invalid as exc:
            problems.append(Problem(path, str(f.label), _("%(field)s: %(problem)s")
                                    % {"field": f.label, "problem": exc.message}))
    # Required-when reads the other fields as cleaned, so "yes" and True count alike.
    for f in fields:
        if f.code not in cleaned and f.is_required(cleaned) \
                and not any(p.path == f"{prefix}{f.code}" for p in problems):
            problems.append(Problem(f"{prefix}{f.code}", str(f.label),
                                    _("%(field)s: this field is required.")
                                    % {"field": f.label}))
    return cleaned


def _empty(value, f: Field) -> bool:
    if isinstance(value, str):
        return value.strip() == ""
    if f.type == FieldType.YES_NO:
        return value is None
    return value in EMPTY


class _Invalid(Exception):
    def __init__(self, message: str):
        self.message = message


def _clean_value(f: Field, value, path: str, resolver, problems: list):
    cleaner = _CLEANERS[f.type]
    if f.type == FieldType.TABLE:
        return _clean_table(f, value, path, resolver, problems)
    cleaned = cleaner(f, value)
    if f.type in REFERENCES and resolver is not None and not resolver(f, cleaned):
        raise _Invalid(_("this is not one you can choose here."))
    return cleaned


def _text(f: Field, value) -> str:
    if not isinstance(value, str):
        raise _Invalid(_("enter text."))
    value = value.strip()
    if f.type == FieldType.TEXT and ("\n" in value or "\r" in value):
        raise _Invalid(_("enter one line."))
    if f.max_length is not None and len(value) > f.max_length:
        raise _Invalid(_("at most %(n)d characters (this has %(count)d).")
                       % {"n": f.max_length, "count": len(value)})
    return value


def _in_range(f: Field, number):
    if f.minimum is not None and number < f.minimum:
        raise _Invalid(_("at least %(minimum)s.") % {"minimum": f.minimum})
    if f.maximum is not None and number > f.maximum:
        raise _Invalid(_("at most %(maximum)s.") % {"maximum": f.maximum})
    return number


def _integer(f: Field, value) -> int:
    if isinstance(value, bool):
        raise _Invalid(_("enter a whole number."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        number = int(value.strip())
    elif isinstance(value, float | Decimal) and value == int(value):
        number = int(value)
    else:
        raise _Invalid(_("enter a whole number."))
    return _in_range(f, number)


def _decimal(f: Field, value) -> str:
    if isinstance(value, bool):
        raise _Invalid(_("enter a number."))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _Invalid(_("enter a number.")) from None
    if not number.is_finite():
        raise _Invalid(_("enter a number."))
    if f.decimal_places is not None and -number.as_tuple().exponent > f.decimal_places:
        raise _Invalid(_("at most %(n)d digits after the decimal point.")
                       % {"n": f.decimal_places})
    return str(_in_range(f, number))


def _date(f: Field, value) -> str:
    if isinstance(value, datetime.datetime):
        raise _Invalid(_("enter a date such as 2026-03-01."))
    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = parse_date(str(value).strip())
        except ValueError:
            day = None
        if day is None:
            raise _Invalid(_("enter a date such as 2026-03-01."))
    return day.isoformat()


def _datetime(f: Field, value) -> str:
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = parse_datetime(str(value).strip())
        except ValueError:
            moment = None
        if moment is None:
            raise _Invalid(_("enter a date and time such as 2026-03-01 14:30."))
    if timezone.is_naive(moment):
        # A time typed on a page is the reader's time (the project's time zone).
        moment = timezone.make_aware(moment)
    return moment.isoformat()


def _choice(f: Field, value) -> str:
    if not isinstance(value, str) or value not in f.choice_codes:
        raise _Invalid(_("choose one of the options."))
    return value


def _multi_choice(f: Field, value) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise _Invalid(_("choose from the options."))
    if any(not isinstance(v, str) or v not in f.choice_codes for v in value):
        raise _Invalid(_("choose from the options."))
    if len(set(value)) != len(value):
        raise _Invalid(_("each option at most once."))
    chosen = set(value)
    return [code for code in f.choice_codes if code in chosen]  # the form's order


YES = {"yes", "true", "1", "是", "y"}
NO = {"no", "false", "0", "否", "n"}


def _yes_no(f: Field, value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in YES | NO:
        return value.strip().lower() in YES
    raise _Invalid(_("answer yes or no."))


def _reference(f: Field, value) -> int:
    if isinstance(value, bool):
        raise _Invalid(_("this is not one you can choose here."))
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _Invalid(_("this is not one you can choose here.")) from None
    if number < 1 or str(number) != str(value).strip():
        raise _Invalid(_("this is not one you can choose here."))
    return number


def _clean_table(f: Field, value, path: str, resolver, problems: list) -> list[dict]:
    if not isinstance(value, list | tuple) or any(not isinstance(r, dict) for r in value):
        raise _Invalid(_("rows are expected."))
    rows = []
    for number, row in enumerate(value, start=1):
        if all(_empty(row.get(c.code), c) for c in f.columns) and set(row) <= \
                {c.code for c in f.columns}:
            continue  # a blank row the page left for adding one
        rows.append(_clean_fields(f.columns, row, f"{path}.{number}.", resolver, problems))
    if f.minimum is not None and len(rows) < f.minimum:
        raise _Invalid(_("at least %(n)d rows.") % {"n": f.minimum})
    if f.maximum is not None and len(rows) > f.maximum:
        raise _Invalid(_("at most %(n)d rows.") % {"n": f.maximum})
    return rows


_CLEANERS = {
    FieldType.TEXT: _text,
    FieldType.LONG_TEXT: _text,
    FieldType.INTEGER: _integer,
    FieldType.DECIMAL: _decimal,
    FieldType.DATE: _date,
    FieldType.DATETIME: _datetime,
    FieldType.CHOICE: _choice,
    FieldType.MULTI_CHOICE: _multi_choice,
    FieldType.YES_NO: _yes_no,
    FieldType.STAFF: _reference,
    FieldType.CONTACT: _reference,
    FieldType.INSTRUMENT_RESPONSE: _reference,
    FieldType.FILE: _reference,
    FieldType.SIGNATURE: _reference,
    FieldType.TABLE: None,
}
