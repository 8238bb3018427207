"""Printing a case form. Nothing in the case changes, but a printed form is the client's file on
paper, out of the system's reach: who printed what, and when, is on the record (CMH-4.2)."""

from django.db import models

from anxin.accounts.capabilities import CASE_PRINT
from anxin.audit.actions import record

from ..models import Case
from ._access import require_case


def record_document_printed(document: models.Model, *, acting_user, case: Case,
                            code: str) -> None:
    """Append `case.document.printed` for `document` (form `code` of `case`)."""
    require_case(acting_user, CASE_PRINT, case)
    record("case.document.printed", actor=acting_user, target=document, client=case.client,
           data={"case": case.pk, "code": code})


def record_case_file_printed(case: Case, *, acting_user, documents: int) -> None:
    """Append `case.file.printed`: the whole case file bound as one PDF (printing/case_file)."""
    require_case(acting_user, CASE_PRINT, case)
    record("case.file.printed", actor=acting_user, target=case, client=case.client,
           data={"documents": documents})
