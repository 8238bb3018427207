"""Filling, submitting and reviewing documents: each change with its audit event, in one
transaction; a document that fails validation changes nothing.

Who may write a document is who may work on its subject (for a case, CASE_TRANSITION and the case
among those they see; subjects.py says it for each subject); who approves is the kind's
`approved_by` capability, and never the person who filled the document in or last saved it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anxin.audit.actions import record
from anxin.core.exceptions import NotPermitted

from .models import EDITABLE, Document, DocumentReview, DocumentStatus, split
from .registry import kinds
from .subjects import subjects
from .validation import Problem, clean


class DocumentInvalid(ValidationError):
    """The data does not fit the kind: `problems` name each field."""

    def __init__(self, problems: list[Problem]):
        super().__init__([p.message for p in problems])
        self.problems = problems


def _audit(subject, obj, **data) -> dict:
    return {"client": subject.client(obj), "data": {**subject.audit_data(obj), **data}}


@transaction.atomic
def do_save_document(of, kind_code: str, data: dict, *, acting_user,
                     document: Document | None = None) -> Document:
    """A new draft of `kind_code` (the latest version) for `of` — a case (its current episode),
    a group, a session: the kind's subject —, or the draft or returned `document` saved again
    (with the version it was begun with)."""
    if document is not None:
        subject = subjects.of(document)
        kind = document.definition
    else:
        kind = kinds.latest(kind_code)
        subject = subjects.get(kind.subject)
    model = Document._meta.get_field(subject.field).related_model
    if not isinstance(of, model):
        raise ValueError(f"{kind.code} is a document of a {subject.name}, not of {of!r}")
    of = subject.lock(of)
    subject.require(acting_user, subject.write_capability, of)
    if document is not None:
        document = Document.objects.select_for_update().get(pk=document.pk,
                                                            **{subject.field: of})
        if not document.is_editable:
            raise ValidationError(_("This document is %(status)s and can no longer be changed.")
                                  % {"status": document.get_status_display()})
    cleaned = clean(kind, data)
    if not cleaned.ok:
        raise DocumentInvalid(cleaned.problems)
    coded, sensitive = split(kind, cleaned.data)
    if document is None:
        document = Document(kind=kind.code, version=kind.version, created_by=acting_user,
                            **subject.new_document(of))
    else:
        document.edit_version += 1
    document.coded, document.sensitive, document.updated_by = coded, sensitive, acting_user
    document.save()
    record("document.saved", actor=acting_user, target=document,
           **_audit(subject, of, kind=kind.code, version=kind.version))
    return document


@transaction.atomic
def do_submit_document(document: Document, *, acting_user) -> Document:
    """Finish a draft: submitted for approval when the kind needs one, completed otherwise."""
    subject = subjects.of(document)
    of = subject.lock(subject.of(document))
    subject.require(acting_user, subject.write_capability, of)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a returned document can be submitted."))
    kind = document.definition
    cleaned = clean(kind, document.data)  # as saved: still complete under its definition
    if not cleaned.ok:
        raise DocumentInvalid(cleaned.problems)
    document.status = DocumentStatus.SUBMITTED if kind.approved_by else DocumentStatus.COMPLETED
    document.submitted_at = timezone.now()
    document.updated_by = acting_user
    document.save(update_fields=["status", "submitted_at", "updated_by", "updated_at"])
    record("document.submitted", actor=acting_user, target=document,
           **_audit(subject, of, kind=kind.code, status=document.status))
    return document


@transaction.atomic
def do_review_document(document: Document, *, acting_user, decision: str,
                       comment: str = "") -> DocumentReview:
    """Approve or return a submitted document. The kind's approver only; never whoever filled
    the document in or last saved it; a return says why."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    subject = subjects.of(document)
    of = subject.of(document)
    kind = document.definition
    if not kind.approved_by:
        raise ValidationError(_("This kind of document needs no approval."))
    subject.require(acting_user, kind.approved_by, of)
    if acting_user.pk in (document.created_by_id, document.updated_by_id):
        raise NotPermitted(_("Nobody approves a document they filled in."))
    if document.status != DocumentStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted document can be reviewed."))
    if decision not in DocumentReview.Decision.values:
        raise ValidationError(_("Choose to approve or to return the document."))
    if decision == DocumentReview.Decision.RETURNED and not comment.strip():
        raise ValidationError(_("Say what needs changing when you return a document."))
    review = DocumentReview.objects.create(document=document, decision=decision,
                                           by=acting_user, comment=comment.strip())
    document.status = (DocumentStatus.APPROVED if decision == DocumentReview.Decision.APPROVED
                       else DocumentStatus.RETURNED)
    document.save(update_fields=["status", "updated_at"])
    record(f"document.{decision}", actor=acting_user, target=document,
           **_audit(subject, of, kind=kind.code))
    return review


def record_document_printed(document: Document, *, acting_user) -> None:
    """A printed document is the client's file on paper, out of the system's reach: who
    printed what, and when, is on the record (CMH-4.2)."""
    subject = subjects.of(document)
    of = subject.of(document)
    subject.require(acting_user, subject.print_capability, of)
    record("document.printed", actor=acting_user, target=document,
           **_audit(subject, of, kind=document.kind))
