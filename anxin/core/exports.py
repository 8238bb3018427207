"""Spreadsheet exports that a spreadsheet cannot turn into formulas.

Excel, LibreOffice and WPS read a CSV cell that starts with `=`, `+`, `-` or `@` (and, after
trimming, a tab or carriage return) as a formula: a client named `=HYPERLINK("http://…")` would
become a link that sends the sheet's data away when clicked (CSV injection, CWE-1236). Every CSV
export writes through `csv_writer`, which prefixes such cells with a single quote, as the OWASP
"CSV Injection" advice says. The quote also falls on a phone number like `+86…` or a negative
number: they stay readable text, which is what an export for people is, and a rule that looked
at the rest of the cell to spare them could be tricked by `-1+cmd|…`.
"""

import csv

# OWASP's list: the formula triggers and the control characters that hide one.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as the CSV should hold it: text starting with a formula trigger gets a leading
    single quote; other values (numbers, None) pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _SafeWriter:
    """csv.writer's interface, every cell passed through safe_cell."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs) -> _SafeWriter:
    """A csv.writer on `stream` (a file or an HttpResponse) that neutralises formulas."""
    return _SafeWriter(csv.writer(stream, **kwargs))
