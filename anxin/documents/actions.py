"""Filling, submitting and reviewing documents: each change with its audit event, in one
transaction; a document that fails validation changes nothing.

Who may write a case's document is who may work on the case (CASE_TRANSITION and the case among
those they see); who approves is the kind's `approved_by` capability, and never the person who
filled the document in or last saved it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import CASE_TRANSITION
from anxin.audit.actions import record
from anxin.cases.actions._access import lock, require_case
from anxin.core.exceptions import NotPermitted

from .models import EDITABLE, Document, DocumentReview, DocumentStatus, split
from .registry import kinds
from .validation import Problem, clean


class DocumentInvalid(ValidationError):
    """The data does not fit the kind: `problems` name each field."""

    def __init__(self, problems: list[Problem]):
        super().__init__([p.message for p in problems])
        self.problems = problems


def _require_writer(user, case) -> None:
    require_case(user, CASE_TRANSITION, case)


@transaction.atomic
def do_save_document(case, kind_code: str, data: dict, *, acting_user,
                     document: Document | None = None) -> Document:
    """A new draft of `kind_code` (the latest version) for the case's current episode, or the
    draft or returned `document` saved again (with the version it was begun with)."""
    case = lock(case)
    _require_writer(acting_user, case)
    if document is not None:
        document = Document.objects.select_for_update().get(pk=document.pk, case=case)
        if not document.is_editable:
            raise ValidationError(_("This document is %(status)s and can no longer be changed.")
                                  % {"status": document.get_status_display()})
        kind = document.definition
    else:
        kind = kinds.latest(kind_code)
        if kind.subject != "case":
            raise ValueError(f"{kind.code} is not a case document")
    cleaned = clean(kind, data)
    if not cleaned.ok:
        raise DocumentInvalid(cleaned.problems)
    coded, sensitive = split(kind, cleaned.data)
    if document is None:
        document = Document(organization_id=case.organization_id, case=case,
                            episode=case.episode, kind=kind.code, version=kind.version,
                            created_by=acting_user)
    else:
        document.edit_version += 1
    document.coded, document.sensitive, document.updated_by = coded, sensitive, acting_user
    document.save()
    record("document.saved", actor=acting_user, target=document, client=case.client,
           data={"case": case.pk, "kind": kind.code, "version": kind.version})
    return document


@transaction.atomic
def do_submit_document(document: Document, *, acting_user) -> Document:
    """Finish a draft: submitted for approval when the kind needs one, completed otherwise."""
    case = lock(document.case)
    _require_writer(acting_user, case)
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
    record("document.submitted", actor=acting_user, target=document, client=case.client,
           data={"case": case.pk, "kind": kind.code, "status": document.status})
    return document


@transaction.atomic
def do_review_document(document: Document, *, acting_user, decision: str,
                       comment: str = "") -> DocumentReview:
    """Approve or return a submitted document. The kind's approver only; never whoever filled
    the document in or last saved it; a return says why."""
    document = Document.objects.select_for_update().select_related("case__client").get(
        pk=document.pk)
    kind = document.definition
    if not kind.approved_by:
        raise ValidationError(_("This kind of document needs no approval."))
    require_case(acting_user, kind.approved_by, document.case)
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
           client=document.case.client, data={"case": document.case_id, "kind": kind.code})
    return review


def record_document_printed(document: Document, *, acting_user) -> None:
    """A printed document is the client's file on paper, out of the system's reach: who
    printed what, and when, is on the record (CMH-4.2)."""
    from anxin.accounts.capabilities import CASE_PRINT

    require_case(acting_user, CASE_PRINT, document.case)
    record("document.printed", actor=acting_user, target=document,
           client=document.case.client, data={"case": document.case_id, "kind": document.kind})
