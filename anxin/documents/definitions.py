"""The document engine's definitions: a document kind (an admission application, an ISP, a group
session record, …) as versioned data, like an instrument.

A kind is a code and a version, a bilingual title, the clause it implements, and sections of
fields. A field has a type (`FieldType`), a bilingual label, whether it is required — always, or
when a simple condition on other fields holds (`When`) —, a range or a length, choices with
codes, its own clause, and whether it is sensitive: free text about a person is encrypted at
rest, coded answers stay queryable for indicators. A repeating table is a field whose `columns`
are fields of their own.

Nothing here knows a database or a form: `validation.clean` reads the definition, and the page,
the PDF and the API are rendered from it. `DocumentKind.check()` runs when a kind is registered
(`registry.register`) and refuses an inconsistent one — a condition naming an unknown field, a
choice field without choices, a range upside down, a code used twice — so a mistake in a
definition fails at start-up, not in front of a social worker.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from anxin.instruments.definitions import Text

CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class FieldType(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # paragraphs
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"  # one code of `choices`
    MULTI_CHOICE = "multi_choice"  # codes of `choices`, each at most once
    YES_NO = "yes_no"
    STAFF = "staff"  # a member of the document's organisation
    CONTACT = "contact"  # a guardian, caregiver or emergency contact of the client
    INSTRUMENT_RESPONSE = "instrument_response"  # a response of the client
    FILE = "file"  # an uploaded file (a photo of a signed paper form, say)
    SIGNATURE = "signature"  # a slot a signature is drawn into
    TABLE = "table"  # repeating rows of `columns`


# The types whose value names a row elsewhere (its id): validation checks the shape here and
# the reference against the document's organisation and client through a resolver.
REFERENCES = frozenset({FieldType.STAFF, FieldType.CONTACT, FieldType.INSTRUMENT_RESPONSE,
                        FieldType.FILE, FieldType.SIGNATURE})
# Free text is what may describe a person: sensitive unless a definition says otherwise.
FREE_TEXT = frozenset({FieldType.TEXT, FieldType.LONG_TEXT})


@dataclass(frozen=True)
class Choice:
    code: str
    label: Text


@dataclass(frozen=True)
class When:
    """A condition on another field of the same document (or the same table row): true when
    its value is one of `values` — for a yes/no field, `values=(True,)`; for a multiple choice,
    when any chosen code is one of them. With no `values`, true when the field has any value."""

    field: str
    values: tuple = ()

    def holds(self, data: dict) -> bool:
        value = data.get(self.field)
        if not self.values:
            return value not in (None, "", [], ())
        if isinstance(value, list | tuple):
            return any(v in self.values for v in value)
        return value in self.values


@dataclass(frozen=True)
class Field:
    code: str
    type: FieldType
    label: Text
    required: bool = False
    required_when: When | None = None
    help: Text | None = None
    clause: str = ""
    # None: free text is sensitive, everything else is not (see FREE_TEXT).
    sensitive: bool | None = None
    minimum: Decimal | int | None = None  # numbers; for a table, the fewest rows
    maximum: Decimal | int | None = None  # numbers; for a table, the most rows
    max_length: int | None = None  # text
    decimal_places: int | None = None  # decimal
    choices: tuple[Choice, ...] = ()
    columns: tuple["Field", ...] = ()  # table
    # An instrument-response field: the instrument whose responses it takes (its code, e.g.
    # "sdss"); any of the client's responses when empty.
    instrument: str = ""

    @property
    def is_sensitive(self) -> bool:
        return self.type in FREE_TEXT if self.sensitive is None else self.sensitive

    @property
    def choice_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices)

    def is_required(self, data: dict) -> bool:
        return self.required or (self.required_when is not None
                                 and self.required_when.holds(data))


@dataclass(frozen=True)
class Section:
    code: str
    title: Text
    fields: tuple[Field, ...]
    clause: str = ""


@dataclass(frozen=True)
class DocumentKind:
    """A versioned document definition. `subject` is what a filled document belongs to (a case
    and its episode, a group, a session, an activity). `confirmed_by` names the signature
    fields that must be signed before it is submitted — who confirms it (the client, the
    worker) — and `approved_by` the capability of whoever approves it; nobody approves a
    document they filled in."""

    code: str
    version: int
    title: Text
    clause: str
    subject: str
    sections: tuple[Section, ...]
    confirmed_by: tuple[str, ...] = ()
    approved_by: str = ""
    print_template: str = ""  # an override for a form whose official layout is unusual
    # A form printed in several copies (一式两份, REH-4.8.2): the mark each copy carries.
    copies: tuple[Text, ...] = ()
    note: str = ""  # a working note for developers; no page or API shows it

    SUBJECTS = frozenset({"case", "group", "group_session", "activity", "organization"})

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for section in self.sections for f in section.fields)

    def field(self, code: str) -> Field:
        for candidate in self.fields:
            if candidate.code == code:
                return candidate
        raise KeyError(code)

    def check(self) -> "DocumentKind":
        """Refuse an inconsistent definition (DefinitionError); returns the kind."""
        problems = []
        if not CODE.match(self.code):
            problems.append(f"kind code {self.code!r} is not lower_snake_case")
        if self.version < 1:
            problems.append("version must be 1 or more")
        if self.subject not in self.SUBJECTS:
            problems.append(f"unknown subject {self.subject!r}")
        if not self.sections:
            problems.append("a kind has at least one section")
        sections = [s.code for s in self.sections]
        problems += [f"section {c!r} appears twice" for c in _repeated(sections)]
        problems += _check_fields(self.fields, where="")
        signatures = {f.code for f in self.fields if f.type == FieldType.SIGNATURE}
        problems += [f"confirmed_by names {code!r}, which is not a signature field"
                     for code in self.confirmed_by if code not in signatures]
        if problems:
            raise DefinitionError(f"{self.code} v{self.version}: " + "; ".join(problems))
        return self


class DefinitionError(ValueError):
    """A document definition that cannot be filled in as written."""


def _repeated(codes) -> list[str]:
    seen, repeated = set(), []
    for code in codes:
        if code in seen and code not in repeated:
            repeated.append(code)
        seen.add(code)
    return repeated


def _check_fields(fields, where: str) -> list[str]:
    problems = []
    codes = [f.code for f in fields]
    problems += [f"field {where}{c!r} appears twice" for c in _repeated(codes)]
    known = set(codes)
    for f in fields:
        name = f"{where}{f.code}"
        if not CODE.match(f.code):
            problems.append(f"field code {name!r} is not lower_snake_case")
        if f.required_when is not None:
            if f.required_when.field not in known:
                problems.append(f"{name}: required_when names unknown field "
                                f"{f.required_when.field!r}")
            elif f.required_when.field == f.code:
                problems.append(f"{name}: required_when names the field itself")
        if f.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
            if not f.choices:
                problems.append(f"{name}: a choice field needs choices")
            problems += [f"{name}: choice {c!r} appears twice"
                         for c in _repeated(f.choice_codes)]
        elif f.choices:
            problems.append(f"{name}: only a choice field has choices")
        if (f.minimum is not None and f.maximum is not None and f.minimum > f.maximum):
            problems.append(f"{name}: minimum above maximum")
        if f.type == FieldType.TABLE:
            if not f.columns:
                problems.append(f"{name}: a table needs columns")
            if any(c.type == FieldType.TABLE for c in f.columns):
                problems.append(f"{name}: a table cannot hold a table")
            if any(c.type == FieldType.SIGNATURE for c in f.columns):
                problems.append(f"{name}: a signature is signed once, not in a table's rows")
            problems += _check_fields(f.columns, where=f"{name}.")
        elif f.columns:
            problems.append(f"{name}: only a table has columns")
        if f.instrument and f.type != FieldType.INSTRUMENT_RESPONSE:
            problems.append(f"{name}: only an instrument-response field names an instrument")
        if f.type in (FieldType.TEXT, FieldType.LONG_TEXT) and f.max_length is not None \
                and f.max_length < 1:
            problems.append(f"{name}: max_length must be positive")
    return problems
