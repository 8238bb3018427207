"""Pages for any document kind of a case, rendered from its definition: fill in (new or draft),
read, submit, and — for the kind's approver — approve or return. No kind has pages of its own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anxin.accounts.capabilities import CASE_PRINT, CASE_TRANSITION, CASE_VIEW
from anxin.cases.access import access_case
from anxin.core.access import access
from anxin.core.exceptions import NotPermitted

from . import actions
from .definitions import FieldType
from .models import Document, DocumentStatus
from .page_form import DocumentForm
from .registry import UnknownKind, kinds


def access_document(user, document_id, *, for_write: bool = False) -> Document:
    needs = (CASE_VIEW, CASE_TRANSITION) if for_write else (CASE_VIEW,)
    return access(user, Document.objects.select_related("case__client", "created_by"),
                  document_id, *needs)


def _references(case) -> dict:
    """The staff of the case's organisation, as a staff field offers them."""
    from anxin.accounts.models import User

    staff = (User.objects.filter(_membership__organization_id=case.organization_id,
                                 _membership__is_active=True, is_active=True)
             .order_by("full_name", "username").only("pk", "full_name", "username"))
    return {FieldType.STAFF: [(str(u.pk), str(u)) for u in staff]}


def _fill(request, case, kind, document=None):
    form = DocumentForm(kind, request.POST or None, references=_references(case),
                        initial_data=document.data if document else None)
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.do_save_document(case, kind.code, form.document_data(),
                                                acting_user=request.user, document=document)
        except actions.DocumentInvalid as exc:
            form.add_problems(exc.problems)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved: %(title)s.") % {"title": kind.title})
            return redirect("documents:detail", document.pk)
    return render(request, "documents/fill.html", {"form": form, "kind": kind, "case": case,
                                                   "client": case.client,
                                                   "document": document})


@login_required
def document_new(request, case_id, code):
    case = access_case(request.user, case_id, for_write=True)
    try:
        kind = kinds.latest(code)
    except UnknownKind:
        raise Http404 from None
    if kind.subject != "case":
        raise Http404
    return _fill(request, case, kind)


@login_required
def document_edit(request, document_id):
    document = access_document(request.user, document_id, for_write=True)
    if not document.is_editable:
        messages.error(request, _("This document is %(status)s and can no longer be changed.")
                       % {"status": document.get_status_display()})
        return redirect("documents:detail", document.pk)
    return _fill(request, document.case, document.definition, document)


@login_required
def document_detail(request, document_id):
    document = access_document(request.user, document_id)
    kind = document.definition
    data = document.data
    user = request.user
    approver = bool(kind.approved_by) and user.can(kind.approved_by) \
        and user.pk not in (document.created_by_id, document.updated_by_id)
    return render(request, "documents/detail.html", {
        "document": document, "kind": kind, "case": document.case,
        "client": document.case.client,
        "sections": [{"section": s, "rows": [(f, _display(f, data.get(f.code)))
                                             for f in s.fields]} for s in kind.sections],
        "can_write": user.can(CASE_TRANSITION) and document.is_editable,
        "can_review": approver and document.status == DocumentStatus.SUBMITTED,
        "reviews": list(document.reviews.select_related("by")),
    })


def _display(field, value):
    """A value as a reader sees it: choice labels, yes or no, a table's rows."""
    if value is None:
        return None
    if field.type == FieldType.CHOICE:
        return next((str(c.label) for c in field.choices if c.code == value), value)
    if field.type == FieldType.MULTI_CHOICE:
        return "、".join(str(c.label) for c in field.choices if c.code in value)
    if field.type == FieldType.YES_NO:
        return _("Yes") if value else _("No")
    if field.type == FieldType.TABLE:
        return [[_display(c, row.get(c.code)) for c in field.columns] for row in value]
    return value


@login_required
@require_POST
def document_submit(request, document_id):
    document = access_document(request.user, document_id, for_write=True)
    try:
        actions.do_submit_document(document, acting_user=request.user)
    except actions.DocumentInvalid as exc:
        for problem in exc.problems:
            messages.error(request, problem.message)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Submitted."))
    return redirect("documents:detail", document.pk)


@login_required
@require_POST
def document_review(request, document_id):
    document = access_document(request.user, document_id)
    try:
        actions.do_review_document(document, acting_user=request.user,
                                   decision=request.POST.get("decision", ""),
                                   comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Review recorded."))
    return redirect("documents:detail", document.pk)


@login_required
def document_print(request, document_id):
    """The document as its printed form (documents/printing.py); printing is audited."""
    from .printing import render_pdf

    document = access_document(request.user, document_id, for_write=False)
    if not request.user.can(CASE_PRINT):
        raise NotPermitted
    pdf = render_pdf(document)
    actions.record_document_printed(document, acting_user=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.kind}-{document.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
