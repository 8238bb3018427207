"""Pages for any document kind of any subject (a case, a group, a session), rendered from its
definition: fill in (new or draft), read, submit, and — for the kind's approver — approve or
return. No kind has pages of its own; what a page says about the subject, its adapter gives
(subjects.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anxin.accounts.capabilities import CASE_VIEW, COMMUNITY_VIEW
from anxin.core.access import mark_seen
from anxin.core.exceptions import NotPermitted, NotVisible

from . import actions
from .definitions import FieldType
from .models import Document, DocumentStatus
from .page_form import DocumentForm
from .registry import UnknownKind, kinds
from .subjects import subjects


def access_document(user, document_id, *, for_write: bool = False) -> Document:
    """The document if `user` sees its subject (404 otherwise); with `for_write`, 403 unless
    they may write the subject's documents. Reading any document needs a reading capability
    (of case files or of group work) before the id is looked up."""
    if not user.is_authenticated or not (user.can(CASE_VIEW) or user.can(COMMUNITY_VIEW)):
        raise NotPermitted
    try:
        document = (Document.objects.visible_to(user)
                    .select_related("case__client", "group", "group_session__group",
                                    "created_by").get(pk=document_id))
    except (Document.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
    subject = document.subject
    if not user.can(subject.read_capability) or \
            (for_write and not user.can(subject.write_capability)):
        raise NotPermitted
    mark_seen(document, user)
    return document


RESPONSES_OFFERED = 50


def _references(subject, of) -> dict:
    """What reference fields offer: the staff of the subject's organisation; the client's
    contacts; the client's latest instrument responses, each with its instrument's code (a
    field naming an instrument offers only those)."""
    from anxin.accounts.models import User
    from anxin.clients.models import Contact
    from anxin.instruments.models import InstrumentResponse

    from .reference_labels import contact_label, response_label

    organization_id = subject.organization_id(of)
    staff = (User.objects.filter(_membership__organization_id=organization_id,
                                 _membership__is_active=True, is_active=True)
             .order_by("full_name", "username").only("pk", "full_name", "username"))
    offered = {FieldType.STAFF: [(str(u.pk), str(u)) for u in staff]}
    client = subject.client(of)
    if client is not None:
        contacts = (Contact.objects.filter(organization_id=organization_id, client=client)
                    .order_by("id").only("pk", "name", "relationship"))
        offered[FieldType.CONTACT] = [(str(c.pk), contact_label(c)) for c in contacts]
        responses = (InstrumentResponse.objects.filter(organization_id=organization_id,
                                                       client=client)
                     .order_by("-administered_on", "-id")
                     .only("pk", "instrument", "version", "administered_on", "totals")
                     [:RESPONSES_OFFERED])
        offered[FieldType.INSTRUMENT_RESPONSE] = [
            (str(r.pk), response_label(r), r.instrument) for r in responses]
    return offered


def _fill(request, of, kind, document=None):
    subject = subjects.get(kind.subject)
    form = DocumentForm(kind, request.POST or None, request.FILES or None,
                        references=_references(subject, of),
                        initial_data=document.data if document else None)
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.do_save_document(of, kind.code, form.document_data(),
                                                acting_user=request.user, document=document,
                                                uploads=form.uploads(),
                                                signatures=form.signatures())
        except actions.DocumentInvalid as exc:
            form.add_problems(exc.problems)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved: %(title)s.") % {"title": kind.title})
            return redirect("documents:detail", document.pk)
    return render(request, "documents/fill.html", {"form": form, "kind": kind,
                                                   "heading": subject.heading(of),
                                                   "document": document})


@login_required
def document_new(request, case_id, code):
    return document_new_for(request, "case", case_id, code)


@login_required
def document_new_for(request, subject, subject_id, code):
    """A new document of kind `code` for the subject `subject_id` (a case, a group, …)."""
    try:
        kind = kinds.latest(code)
    except UnknownKind:
        raise Http404 from None
    if kind.subject != subject or subject not in subjects:
        raise Http404
    of = subjects.get(subject).access(request.user, subject_id, for_write=True)
    return _fill(request, of, kind)


@login_required
def document_edit(request, document_id):
    document = access_document(request.user, document_id, for_write=True)
    if not document.is_editable:
        messages.error(request, _("This document is %(status)s and can no longer be changed.")
                       % {"status": document.get_status_display()})
        return redirect("documents:detail", document.pk)
    return _fill(request, document.subject_object, document.definition, document)


@login_required
def document_detail(request, document_id):
    document = access_document(request.user, document_id)
    kind = document.definition
    data = document.data
    user = request.user
    subject = document.subject
    files = document.files.in_bulk()
    revisions = list(document.revisions.only("pk", "status", "created_at").order_by("pk"))
    approver = bool(kind.approved_by) and user.can(kind.approved_by) \
        and user.pk not in (document.created_by_id, document.updated_by_id)
    return render(request, "documents/detail.html", {
        "document": document, "kind": kind, "heading": subject.heading(document.subject_object),
        "sections": [{"section": s, "rows": [(f, _display(f, data.get(f.code), files,
                                                                   document.organization_id))
                                             for f in s.fields]} for s in kind.sections],
        "can_write": user.can(subject.write_capability) and document.is_editable,
        "can_revise": user.can(subject.write_capability) and document.is_final
        and not any(r.status != DocumentStatus.SUPERSEDED for r in revisions),
        "revisions": revisions,
        "can_print": user.can(subject.print_capability),
        "can_review": approver and document.status == DocumentStatus.SUBMITTED,
        "reviews": list(document.reviews.select_related("by")),
    })


def _display(field, value, files=None, organization_id=None):
    """A value as a reader sees it: choice labels, yes or no, a table's rows, a file, the
    person or response a reference names."""
    if value is None:
        return None
    if field.type in (FieldType.STAFF, FieldType.CONTACT, FieldType.INSTRUMENT_RESPONSE):
        from .reference_labels import label

        return label(field, value, organization_id=organization_id) or value
    if field.type == FieldType.FILE:
        return (files or {}).get(value)
    if field.type == FieldType.SIGNATURE:
        from anxin.cases.models import Signature

        signature = Signature.objects.filter(pk=value).only("signer_name", "created_at").first()
        return (_("Signed by %(name)s on %(date)s") % {
            "name": signature.signer_name, "date": f"{signature.created_at:%Y-%m-%d}"}
            if signature else None)
    if field.type == FieldType.CHOICE:
        return next((str(c.label) for c in field.choices if c.code == value), value)
    if field.type == FieldType.MULTI_CHOICE:
        return "、".join(str(c.label) for c in field.choices if c.code in value)
    if field.type == FieldType.YES_NO:
        return _("Yes") if value else _("No")
    if field.type == FieldType.TABLE:
        return [[_display(c, row.get(c.code), files, organization_id) for c in field.columns]
                for row in value]
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
def document_revise(request, document_id):
    """Begin a revision of a completed or approved document (it supersedes it in turn)."""
    document = access_document(request.user, document_id, for_write=True)
    try:
        revision = actions.do_revise_document(document, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("documents:detail", document.pk)
    return redirect("documents:edit", revision.pk)


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
    if not request.user.can(document.subject.print_capability):
        raise NotPermitted
    pdf = render_pdf(document)
    actions.record_document_printed(document, acting_user=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.kind}-{document.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def document_file(request, file_id):
    """A file of a document, to whoever may read the document; every read is audited."""
    from django.http import FileResponse

    from .models import DocumentFile

    attached = DocumentFile.objects.filter(pk=file_id, document__isnull=False).values_list(
        "document_id", flat=True).first()
    if attached is None:
        raise NotVisible
    document = access_document(request.user, attached)
    kept = document.files.get(pk=file_id)
    actions.record_file_read(kept, document, acting_user=request.user)
    response = FileResponse(kept.file.open("rb"), content_type=kept.content_type,
                            filename=kept.name)
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline")
    response["Cache-Control"] = "private, no-store"
    return response
