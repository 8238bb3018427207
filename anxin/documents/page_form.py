"""The page renderer: a Django form built from a document kind, for a phone or a desk.

The form only collects what was typed, as text (and lists for multiple choices): checking it is
`validation.clean`'s job, so the page, the API and imports refuse the same things with the same
messages; each problem goes back beside its field. A repeating table is posted as
`<table>-<row>-<column>` inputs, with blank rows to add to (a blank row is dropped on saving).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import StyledFormMixin
from anxin.core.widgets import QuickSelect

from .definitions import DocumentKind, Field, FieldType

T = FieldType
BLANK_ROWS = 2  # empty rows offered under a table's filled ones
# A signature is drawn on the page's pad (or a scan uploaded) beside the document's fields,
# never inside a table's row.
NOT_ON_PAGE = frozenset()
# The inputs a signature field posts besides the id it holds (`<code>`): the drawing as a data
# URL, how it was made, and the signer's name.
DRAWN, HOW, SIGNER, SCAN = "__drawn", "__kind", "__signer", "__scan"
# What a file input posts in place of the file's id: the action keeps the upload and puts its
# id there (actions.do_save_document's `uploads`).
UPLOADED = "uploaded"


def _form_field(field: Field, references: dict) -> forms.Field:
    label = str(field.label)
    common = {"label": label, "required": False,
              "help_text": str(field.help) if field.help else ""}
    if field.type == T.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if field.type == T.INTEGER:
        return forms.CharField(widget=forms.NumberInput(attrs={"step": 1}), **common)
    if field.type == T.DECIMAL:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                               **common)
    if field.type == T.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if field.type == T.DATETIME:
        return forms.CharField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                               **common)
    if field.type == T.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *((c.code, str(c.label))
                                                      for c in field.choices)],
                                 widget=QuickSelect, **common)
    if field.type == T.MULTI_CHOICE:
        return forms.MultipleChoiceField(choices=[(c.code, str(c.label)) for c in field.choices],
                                         widget=forms.CheckboxSelectMultiple, **common)
    if field.type == T.YES_NO:
        return forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))],
                                 widget=forms.RadioSelect, **common)
    if field.type in (T.FILE, T.SIGNATURE):
        # The id of the file or signature held so far; a new one comes beside it.
        return forms.CharField(widget=forms.HiddenInput, **common)
    if field.type in references:
        offered = [(value, label) for value, label, *instrument in references[field.type]
                   if not field.instrument or instrument == [field.instrument]]
        return forms.ChoiceField(choices=[("", "—"), *offered], widget=QuickSelect, **common)
    return forms.CharField(**common)


class DocumentForm(StyledFormMixin, forms.Form):
    """`references`: for each reference type the (id, label) choices the subject offers."""

    def __init__(self, kind: DocumentKind, *args, references=None, initial_data=None,
                 **kwargs):
        self.kind = kind
        self.references = references or {}
        initial = {}
        for field in kind.fields:
            value = (initial_data or {}).get(field.code)
            if field.type == T.YES_NO and value is not None:
                value = "yes" if value else "no"
            initial[field.code] = value
        super().__init__(*args, initial=initial, **kwargs)
        self.tables = []
        for field in kind.fields:
            if field.type in NOT_ON_PAGE:
                continue
            if field.type == T.TABLE:
                self.tables.append(field)
                continue
            self.fields[field.code] = form_field = _form_field(field, self.references)
            # Marked as required on the page; the engine, not the Django field, enforces it.
            form_field.shown_required = field.required
            if field.type == T.SIGNATURE:
                self.fields[field.code + DRAWN] = forms.CharField(
                    required=False, widget=forms.HiddenInput(attrs={"data-signature-value": ""}))
                self.fields[field.code + HOW] = forms.CharField(
                    required=False, widget=forms.HiddenInput(attrs={"data-signature-kind": ""}))
                self.fields[field.code + SIGNER] = forms.CharField(
                    label=_("Name of the person signing"), required=False, max_length=64)
        self._initial_rows = {t.code: list((initial_data or {}).get(t.code) or [])
                              for t in self.tables}

    def sections(self) -> list[dict]:
        """For the template: each section with its bound fields and tables, in order."""
        shown = []
        for section in self.kind.sections:
            items = []
            for field in section.fields:
                if field.type == T.TABLE:
                    items.append({"table": self._table(field)})
                elif field.type == T.SIGNATURE:
                    items.append({"field": self[field.code], "definition": field,
                                  "drawn": self[field.code + DRAWN],
                                  "how": self[field.code + HOW],
                                  "signer": self[field.code + SIGNER]})
                elif field.code in self.fields:
                    items.append({"field": self[field.code], "definition": field})
            shown.append({"section": section, "items": items})
        return shown

    def _table(self, field: Field) -> dict:
        rows = self._posted_rows(field) if self.is_bound else self._initial_rows[field.code]
        rows = [*rows, *({} for _ in range(BLANK_ROWS))]
        errors = getattr(self, "table_errors", {})
        return {"definition": field, "columns": field.columns, "rows": [
            {"number": n, "cells": [
                {"column": column, "name": f"{field.code}-{n}-{column.code}",
                 "value": _shown(row.get(column.code)),
                 "error": errors.get(f"{field.code}.{n}.{column.code}")}
                for column in field.columns]}
            for n, row in enumerate(rows, start=1)], "error": errors.get(field.code)}

    def _posted_rows(self, field: Field) -> list[dict]:
        rows = []
        prefix = f"{field.code}-"
        numbers = {int(key.split("-")[1]) for key in self.data
                   if key.startswith(prefix) and key.count("-") == 2
                   and key.split("-")[1].isdigit()}
        numbers |= {int(key.split("-")[1]) for key in self.files
                    if key.startswith(prefix) and key.count("-") == 2
                    and key.split("-")[1].isdigit()}
        for n in sorted(numbers):
            rows.append({c.code: UPLOADED if f"{field.code}-{n}-{c.code}" in self.files
                         else self.data.get(f"{field.code}-{n}-{c.code}", "")
                         for c in field.columns})
        return rows

    def signatures(self) -> dict:
        """{field code: (data URL, how it was made, signer's name)} for each signature drawn
        or scanned on this page."""
        import base64

        found = {}
        for field in self.kind.fields:
            if field.type != T.SIGNATURE:
                continue
            signer = self.cleaned_data.get(field.code + SIGNER, "")
            scan = self.files.get(field.code + SCAN)
            if scan is not None:
                # As a data URL, like a drawing: the signature's checks read both alike.
                head = "image/png" if scan.read(8).startswith(b"\x89PNG") else "image/jpeg"
                scan.seek(0)
                found[field.code] = (f"data:{head};base64,"
                                     f"{base64.b64encode(scan.read()).decode()}", "scan", signer)
            elif self.cleaned_data.get(field.code + DRAWN):
                found[field.code] = (self.cleaned_data[field.code + DRAWN],
                                     self.cleaned_data.get(field.code + HOW) or "drawn", signer)
        return found

    def uploads(self) -> dict:
        """The files posted, by their field's path (`photo`, `photos.2.photo`)."""
        found = {}
        for name, upload in self.files.items():
            parts = name.split("-")
            if len(parts) == 1 and name in self.fields:
                found[name] = upload
            elif len(parts) == 3 and parts[1].isdigit() and \
                    any(t.code == parts[0] for t in self.tables):
                found[".".join(parts)] = upload
        return found

    def document_data(self) -> dict:
        """What was posted, shaped for `validation.clean`: blanks left out, tables as rows."""
        data = {}
        for code, value in self.cleaned_data.items():
            if code.endswith((DRAWN, HOW, SIGNER)):
                continue
            if code in self.files or self.cleaned_data.get(code + DRAWN) \
                    or code + SCAN in self.files:
                value = UPLOADED
            if value not in ("", None, []):
                data[code] = value
        for table in self.tables:
            rows = self._posted_rows(table)
            if any(any(str(v).strip() for v in row.values()) for row in rows):
                data[table.code] = rows
        return data

    def add_problems(self, problems) -> None:
        """The engine's problems beside their fields (a table's cells by their path)."""
        self.table_errors = {}
        for problem in problems:
            head = problem.path.split(".")[0]
            if "." in problem.path or any(t.code == head for t in self.tables):
                self.table_errors[problem.path] = problem.message
            elif problem.path in self.fields:
                self.add_error(problem.path, problem.message)
            else:
                self.add_error(None, problem.message)


def _shown(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)
