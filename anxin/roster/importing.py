"""Reading the monthly roster spreadsheet (.xlsx) and checking every row, writing nothing.

The national severe-mental-disorder information system exports one sheet with a header row:
姓名, 身份证号, 是否纳入网格管理 (是/否) and, optionally, 诊断. Every row is checked and every
problem kept, naming the row as the spreadsheet numbers it and the column, so that one upload
shows all there is to correct (actions.do_import_roster then saves all rows or none).

Runs inline, not as a job: a street's roster is a few hundred people, and MAX_ROWS keeps a file
well within a request (reading, encrypting and saving 20,000 rows takes a few seconds).
"""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from anxin.clients import identity

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
MAX_NAME = 64
MAX_DIAGNOSIS = 200

# (field, column heading). The Chinese headings are the information system's own.
COLUMNS = [
    ("name", pgettext_lazy("roster column", "Name")),
    ("id_number", pgettext_lazy("roster column", "ID number")),
    ("under_grid_management", pgettext_lazy("roster column", "Under grid management")),
    ("diagnosis", pgettext_lazy("roster column", "Diagnosis")),
]
LABELS = dict(COLUMNS)
REQUIRED = ("name", "id_number", "under_grid_management")
# Other spellings of a heading seen in the system's exports over the years.
ALIASES = {"身份证号码": "id_number", "公民身份号码": "id_number",
           "是否纳入网格化管理": "under_grid_management"}
YES_NO = {"是": True, "否": False, "yes": True, "no": False, "y": True, "n": False}


class FileRefused(Exception):
    """The upload cannot be read as a roster at all, before any row is looked at."""


@dataclass(frozen=True)
class RosterRow:
    row: int  # as the spreadsheet numbers it: the header is row 1
    name: str
    id_number: str
    under_grid_management: bool
    diagnosis: str


def _known_headings() -> dict[str, str]:
    known = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            known.update({str(label).strip().lower(): field for field, label in COLUMNS})
    return known | ALIASES


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def read_sheet(upload) -> list[tuple[int, dict]]:
    """Each non-empty row of the first sheet as (row number, {field: cell value})."""
    from openpyxl import load_workbook

    if upload.size > MAX_BYTES:
        raise FileRefused(_("The file is larger than %(mb)d MB. Split it into smaller files.")
                          % {"mb": MAX_BYTES // 2**20})
    try:
        upload.seek(0)
        # read_only streams the rows; data_only reads a formula's value, not its text.
        book = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise FileRefused(_("The file is not an Excel workbook (.xlsx). Save it from Excel or "
                            "WPS as .xlsx and try again.")) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise FileRefused(_("The file is empty."))
        lines = sheet.iter_rows(values_only=True)
        headings = next(lines, None)
        if headings is None:
            raise FileRefused(_("The file is empty."))
        known = _known_headings()
        fields = [known.get(_text(h).lower(), "") for h in headings]
        missing = [str(LABELS[f]) for f in REQUIRED if f not in fields]
        if missing:
            raise FileRefused(_("The first row must hold the column headings; missing: "
                                "%(columns)s.") % {"columns": "、".join(missing)})
        rows = []
        for number, cells in enumerate(lines, start=2):
            if not any(_text(cell) for cell in cells):
                continue
            rows.append((number, {field: cell for field, cell in
                                  zip(fields, cells, strict=False) if field}))
            if len(rows) > MAX_ROWS:
                raise FileRefused(_("The file has more than %(max)d rows. Split it into "
                                    "smaller files.") % {"max": MAX_ROWS})
    finally:
        book.close()
    if not rows:
        raise FileRefused(_("The file has no people under its headings."))
    return rows


def _error(row: int, field: str, message: str) -> dict:
    return {"row": row, "field": str(LABELS[field]), "message": str(message)}


def _id_number(value) -> tuple[str, str | None]:
    """The normalised ID number, or the problem with the cell."""
    if isinstance(value, (int, float)):
        # An 18-digit number is beyond a spreadsheet number's 15 significant digits.
        return "", _("The spreadsheet stored this ID number as a number, which loses its last "
                     "digits: format the column as text and enter it again.")
    raw = _text(value)
    if not raw:
        return "", _("Give the ID number.")
    try:
        return identity.parse(raw).number, None
    except ValidationError as exc:
        return "", exc.messages[0]


def check_rows(rows: list[tuple[int, dict]]) -> tuple[list[RosterRow], list[dict]]:
    """Every row checked: the good rows, and every problem of every row."""
    good, errors, seen = [], [], {}
    for number, cells in rows:
        row_errors = []
        name = _text(cells.get("name"))
        if not name:
            row_errors.append(_error(number, "name", _("Give the person's name.")))
        elif len(name) > MAX_NAME:
            row_errors.append(_error(number, "name", _("A name has at most %(max)d characters.")
                                     % {"max": MAX_NAME}))
        id_number, problem = _id_number(cells.get("id_number"))
        if problem:
            row_errors.append(_error(number, "id_number", problem))
        elif id_number in seen:
            row_errors.append(_error(number, "id_number", _(
                "The same ID number as row %(row)d.") % {"row": seen[id_number]}))
        else:
            seen[id_number] = number
        flag = YES_NO.get(_text(cells.get("under_grid_management")).lower())
        if flag is None:
            row_errors.append(_error(number, "under_grid_management",
                                     _("Write 是 or 否 (yes or no).")))
        diagnosis = _text(cells.get("diagnosis"))
        if len(diagnosis) > MAX_DIAGNOSIS:
            row_errors.append(_error(number, "diagnosis", _(
                "A diagnosis has at most %(max)d characters.") % {"max": MAX_DIAGNOSIS}))
        if row_errors:
            errors += row_errors
        else:
            good.append(RosterRow(row=number, name=name, id_number=id_number,
                                  under_grid_management=flag, diagnosis=diagnosis))
    return good, errors
