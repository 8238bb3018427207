"""Registering clients from a CSV file, as a job: all of the file or nothing.

Each row is checked by the registration form's own rules (clients.forms.ClientForm, hence
validation.py) and then registered by `do_register_client` — duplicate rules, encryption, blind
indexes and audit as on the form. Any bad row leaves the organisation unchanged, and the job
lists every row's problems, naming the row (as a spreadsheet numbers it) and the column.
"""

import csv
import io
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from anxin.audit.actions import record

from . import engine, files

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024

# (field, column heading): the template's order. A heading is recognised in either language.
COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("sex", gettext_lazy("Sex")),
    ("birth_date", gettext_lazy("Birth date")),
    ("id_number", gettext_lazy("ID number")),
    ("phone", gettext_lazy("Phone")),
    ("district", gettext_lazy("District")),
    ("street", gettext_lazy("Street")),
    ("address_detail", gettext_lazy("Address")),
    ("population_categories", gettext_lazy("Population categories")),
]
LABELS = dict(COLUMNS)
SEPARATORS = ("、", ",", "，", ";", "；", "/")
# What Excel makes of an 18-digit number typed into a cell not formatted as text.
SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+\d+$")


class FileRefused(Exception):
    """The file cannot be read as a client list at all (before any row is looked at)."""


def template_text() -> str:
    """The template: the header row alone, in the current language. No example row: one left
    in by mistake would register a person who does not exist."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([str(label) for _field, label in COLUMNS])
    return "\ufeff" + buffer.getvalue()


def decode(raw: bytes) -> str:
    """A spreadsheet's CSV: UTF-8 (with or without BOM), or GB18030 as Excel saves it in
    Chinese Windows."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(_("The file is not text in UTF-8 or GB18030. Save it as CSV and try "
                        "again."))


def _heading_fields() -> dict[str, str]:
    known = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for field, label in COLUMNS:
                known[str(label).strip().lower()] = field
    for field, _label in COLUMNS:
        known[field] = field
    return known


def read_rows(text: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """The columns found and each non-empty row as (spreadsheet row number, {field: text})."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        headings = next(reader)
    except (StopIteration, csv.Error):
        raise FileRefused(_("The file is empty.")) from None
    known = _heading_fields()
    fields = [known.get(h.strip().lower(), "") for h in headings]
    if "name" not in fields:
        raise FileRefused(_("The first row must hold the column headings of the template, "
                            "with at least “%(name)s”.") % {"name": LABELS["name"]})
    rows = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            # A short row leaves its last columns empty; cells past the headings are ignored.
            rows.append((number, {field: cell.strip()
                                  for field, cell in zip(fields, cells, strict=False)
                                  if field}))
            if len(rows) > MAX_ROWS:
                raise FileRefused(_("The file has more than %(max)d rows. Split it into "
                                    "smaller files.") % {"max": MAX_ROWS})
    except csv.Error as exc:
        raise FileRefused(_("The file is not a readable CSV file (row %(row)d).")
                          % {"row": reader.line_num}) from exc
    if not rows:
        raise FileRefused(_("The file has no clients under its headings."))
    return fields, rows


class _Lookups:
    """What the cells name (a sex, a district, a category) turned into the form's values."""

    def __init__(self, organization):
        from anxin.accounts.choices import RegionLevel
        from anxin.accounts.models import Region
        from anxin.clients.choices import PopulationCategory, Sex
        from anxin.clients.forms import district_choices

        districts = list(district_choices(organization))
        self.districts = {d.name: d.code for d in districts} | {d.code: d.code for d in districts}
        self.streets = {}
        for street in Region.objects.filter(level=RegionLevel.STREET,
                                            parent__in=[d.code for d in districts]):
            self.streets[(street.parent_id, street.name)] = street.code
            self.streets[(street.parent_id, street.code)] = street.code
        self.sexes = self._labels(Sex)
        self.categories = self._labels(PopulationCategory)

    @staticmethod
    def _labels(choices) -> dict[str, str]:
        names = {}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.update({str(label).lower(): value for value, label in choices.choices})
        names.update({value.lower(): value for value in choices.values})
        return names

    def form_data(self, cells: dict) -> tuple[dict, list[tuple[str, str]]]:
        """The form's data for one row, and the cells that name nothing known."""
        problems = []
        data = {key: cells.get(key, "") for key in ("name", "id_number", "phone",
                                                     "address_detail")}
        if SCIENTIFIC.match(data["id_number"]):
            problems.append(("id_number", _(
                "The spreadsheet turned this ID number into a number (%(value)s): format the "
                "column as text and enter it again.") % {"value": data["id_number"]}))
            data["id_number"] = ""
        sex = cells.get("sex", "")
        data["sex"] = self.sexes.get(sex.lower(), "") if sex else ""
        if sex and not data["sex"]:
            problems.append(("sex", _("Write 男 or 女 (male or female).")))
        data["birth_date"] = cells.get("birth_date", "").replace("/", "-").replace(".", "-")
        district = cells.get("district", "")
        data["district"] = self.districts.get(district, "")
        if district and not data["district"]:
            problems.append(("district", _("“%(value)s” is not a district of your "
                                           "organisation's city.") % {"value": district}))
        street = cells.get("street", "")
        data["street"] = self.streets.get((data["district"], street), "")
        if street and not data["street"] and data["district"]:
            problems.append(("street", _("“%(value)s” is not a street of %(district)s.")
                             % {"value": street, "district": district}))
        elif street and not district:
            problems.append(("district", _("Give the district the street is in.")))
        categories = []
        for part in _split(cells.get("population_categories", "")):
            value = self.categories.get(part.lower())
            if value is None:
                problems.append(("population_categories",
                                 _("Unknown population category: %(value)s.")
                                 % {"value": part}))
            else:
                categories.append(value)
        data["population_categories"] = categories
        return data, problems


def _split(text: str) -> list[str]:
    for separator in SEPARATORS[1:]:
        text = text.replace(separator, SEPARATORS[0])
    return [part.strip() for part in text.split(SEPARATORS[0]) if part.strip()]


def _errors(number: int, error: ValidationError) -> list[dict]:
    out = []
    for field, messages in error.message_dict.items():
        label = LABELS.get(field)
        for message in messages:
            out.append({"row": number, "field": str(label) if label else "",
                        "message": str(message)})
    return out


def _duplicate_errors(user, number: int, cleaned: dict, seen: dict[str, int]) -> list[dict]:
    """A row's clash with a client already registered or an earlier row of the file."""
    from anxin.clients import id_check
    from anxin.clients.models import Client
    from anxin.clients.selectors import id_number_index

    organization = user.organization
    found = []
    if cleaned.get("id_number"):
        index = id_number_index(cleaned["id_number"])
        if index in seen:
            found.append({"row": number, "field": str(LABELS["id_number"]),
                          "message": _("The same ID number as row %(row)d.")
                          % {"row": seen[index]}})
        else:
            seen[index] = number
            existing = Client.objects.filter(organization=organization,
                                             id_number_index=index).first()
            if existing is not None:
                refusal = id_check.duplicate_error(user, existing)
                message = (refusal.message_dict["id_number"][0] if refusal else
                           _("A client with this ID number is already registered: "
                             "%(file_number)s.") % {"file_number": existing.file_number})
                found.append({"row": number, "field": str(LABELS["id_number"]),
                              "message": message})
    if not found and Client.objects.filter(organization=organization, name=cleaned["name"],
                                           birth_date=cleaned["birth_date"]).exists():
        found.append({"row": number, "field": str(LABELS["name"]),
                      "message": _same_person_message()})
    return found


def _same_person_message() -> str:
    return _("A client with the same name and birth date is already registered. If this is "
             "another person, register them on the registration form.")


def check(user, rows, progress) -> tuple[list[tuple[int, dict]], list[dict]]:
    """Every row checked, nothing written: the rows' cleaned data and all problems found."""
    from anxin.clients.forms import ClientForm

    lookups = _Lookups(user.organization)
    cleaned_rows, errors, seen = [], [], {}
    for number, cells in rows:
        data, problems = lookups.form_data(cells)
        row_errors = [{"row": number, "field": str(LABELS[field]), "message": message}
                      for field, message in problems]
        form = ClientForm(data, organization=user.organization)
        if form.is_valid():
            if not row_errors:
                row_errors = _duplicate_errors(user, number, form.cleaned_data, seen)
            cleaned_rows.append((number, form.cleaned_data))
        else:
            bad_fields = {e[0] for e in problems}
            row_errors += _errors(number, ValidationError({
                field: messages for field, messages in form.errors.items()
                if field not in bad_fields}))
        errors += row_errors
        progress.advance()
    return cleaned_rows, errors


class _Rollback(Exception):
    pass


def register(user, cleaned_rows) -> tuple[int, list[dict]]:
    """Register every row in one transaction; on any refusal, none of them."""
    from anxin.clients import id_check
    from anxin.clients.actions import DuplicateClient, PossibleDuplicate, do_register_client

    errors: list[dict] = []
    try:
        with transaction.atomic():
            for number, data in cleaned_rows:
                try:
                    do_register_client(user.organization, acting_user=user, data=data)
                except PossibleDuplicate:
                    # A file has no "confirm" box: the form is the place to say it is another
                    # person with the same name and birth date.
                    errors.append({"row": number, "field": str(LABELS["name"]),
                                   "message": _same_person_message()})
                except DuplicateClient as exc:
                    errors += _errors(number, id_check.duplicate_error(user, exc.existing) or exc)
                except ValidationError as exc:
                    errors += _errors(number, exc)
            if errors:
                raise _Rollback
            record("clients.imported", actor=user, data={"count": len(cleaned_rows)})
    except _Rollback:
        return 0, errors
    return len(cleaned_rows), []


def run(job, progress: engine.Progress) -> None:
    stored = job.parameters.get("upload", "")
    try:
        try:
            _fields, rows = read_rows("".join(files.read_text(stored)))
        except FileRefused as exc:
            raise engine.JobFailed(str(exc)) from None
        progress.total(len(rows))
        cleaned_rows, errors = check(job.requested_by, rows, progress)
        progress.flush()
        if not errors:
            progress.note(ngettext("Registering %(count)d client…",
                                   "Registering %(count)d clients…", len(cleaned_rows))
                          % {"count": len(cleaned_rows)})
            with transaction.atomic():
                count, errors = register(job.requested_by, cleaned_rows)
                if not errors:
                    engine.succeed(job, message=ngettext(
                        "%(count)d client registered.", "%(count)d clients registered.",
                        count) % {"count": count})
        if errors:
            rows_with_errors = len({e["row"] for e in errors})
            raise engine.JobFailed(ngettext(
                "Nothing was imported: %(count)d row has problems. Correct it and upload the "
                "file again.",
                "Nothing was imported: %(count)d rows have problems. Correct them and upload "
                "the file again.", rows_with_errors) % {"count": rows_with_errors}, errors)
    finally:
        # The upload holds ID numbers: it is kept no longer than the job needs it.
        files.delete(stored)
