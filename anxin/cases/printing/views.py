"""Printable PDFs of forms A–G, one at a time or the whole case file (a job)."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from anxin.accounts.capabilities import CASE_PRINT
from anxin.core.exceptions import NotPermitted
from anxin.jobs.engine import may_start, start_job
from anxin.jobs.models import JobKind

from ..access import access_case
from ..actions.printing import record_document_printed
from .documents import get_document
from .render import render_pdf


@login_required
@require_GET
def print_document(request, case_id: int, code: str, document_id: int):
    """One of the case's forms as a PDF, shown in the browser; the printing is audited."""
    if not request.user.can(CASE_PRINT):
        raise NotPermitted
    case = access_case(request.user, case_id)
    document = get_document(case, code, document_id)
    pdf = render_pdf(case, code, document)
    record_document_printed(document, acting_user=request.user, case=case, code=code)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", f"{case.case_number}-{code}-{document.pk}.pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # A client's file: never kept by a shared browser or a proxy.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def print_case_file(request, case_id: int):
    """Start binding the whole case file into one PDF (printing/case_file.py, a background
    job); the job's page shows its progress and then the file."""
    if not may_start(request.user, JobKind.CASE_FILE_PRINT):  # the rule start_job applies
        raise NotPermitted
    case = access_case(request.user, case_id)
    return redirect(start_job(JobKind.CASE_FILE_PRINT, request.user, {"case": case.pk}))
