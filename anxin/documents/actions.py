"""Filling, submitting and reviewing documents: each change with its audit event, in one
transaction; a document that fails validation changes nothing.

Who may write a document is who may work on its subject (for a case, CASE_TRANSITION and the case
among those they see; subjects.py says it for each subject); who approves is the kind's
`approved_by` capability, and never the person who filled the document in or last saved it.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anxin.audit.actions import record
from anxin.core.exceptions import NotPermitted

from . import uploads as upload_rules
from .models import (
    EDITABLE,
    SUBJECT_KEYS,
    Document,
    DocumentFile,
    DocumentReview,
    DocumentStatus,
    split,
)
from .references import resolver
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


def _set_path(data: dict, path: str, value) -> bool:
    """Put `value` at `path` ("photo", "photos.2.photo") of `data`; False if the row is not
    there."""
    parts = path.split(".")
    if len(parts) == 1:
        data[path] = value
        return True
    table, number, column = parts
    rows = data.get(table)
    if not isinstance(rows, list) or not number.isdigit() or not 1 <= int(number) <= len(rows):
        return False
    rows[int(number) - 1][column] = value
    return True


def _store_uploads(kind, organization_id: int, data: dict, uploads: dict, acting_user,
                   stored: list) -> list:
    """Keep each uploaded file and put its id in `data` at its field's path; the problems of
    those refused. `stored` collects the files kept, to delete if the save fails."""
    problems = []
    for path, upload in uploads.items():
        head = path.split(".")[0]
        try:
            field = kind.field(head)
            if "." in path:
                field = next(c for c in field.columns if c.code == path.split(".")[-1])
        except (KeyError, StopIteration):
            problems.append(Problem(path, path, _("%(field)s: there is no such field in this "
                                                  "form.") % {"field": path}))
            continue
        from .definitions import FieldType

        content_type, why = upload_rules.check(upload)
        if field.type != FieldType.FILE or content_type is None:
            _set_path(data, path, None)  # not the page's placeholder: the problem says why
            problems.append(Problem(path, str(field.label), _("%(field)s: %(problem)s") % {
                "field": field.label,
                "problem": why or _("this is not one you can choose here.")}))
            continue
        kept = DocumentFile(organization_id=organization_id, name=upload.name[:200],
                            content_type=content_type, size=upload.size,
                            uploaded_by=acting_user)
        kept.file.save(upload.name, upload, save=False)
        kept.save()
        stored.append(kept)
        if not _set_path(data, path, kept.pk):
            problems.append(Problem(path, str(field.label), _("%(field)s: %(problem)s") % {
                "field": field.label, "problem": _("this is not one you can choose here.")}))
    return problems


def _store_signatures(kind, organization_id: int, data: dict, signatures: dict,
                      acting_user) -> list:
    """Check and keep each signature drawn or scanned (cases/actions/signatures.py, as forms
    A, D and G do) and put its id in `data`; the problems of those refused."""
    from anxin.cases.actions.signatures import (
        SignedImage,
        check_signature,
        signature_from_data_url,
        store_signature,
    )

    from .definitions import FieldType

    problems = []
    for code, (url, how, signer) in signatures.items():
        try:
            field = kind.field(code)
        except KeyError:
            field = None
        if field is None or field.type != FieldType.SIGNATURE:
            problems.append(Problem(code, code, _("%(field)s: there is no such field in this "
                                                  "form.") % {"field": code}))
            continue
        errors = {}
        try:
            image, _type = signature_from_data_url(url)
        except ValidationError as exc:
            errors[code] = exc.messages[0]
        else:
            signed = SignedImage(image, how if how in ("drawn", "scan") else "drawn", signer)
            check_signature(signed, errors, field=code)
        if errors:
            data.pop(code, None)
            for path, message in errors.items():
                problems.append(Problem(code if path == code else f"{code}__signer",
                                        str(field.label), _("%(field)s: %(problem)s")
                                        % {"field": field.label, "problem": message}))
            continue
        data[code] = store_signature(signed, acting_user=acting_user,
                                     organization_id=organization_id).pk
    return problems


def do_save_document(of, kind_code: str, data: dict, *, acting_user,
                     document: Document | None = None, uploads: dict | None = None,
                     signatures: dict | None = None) -> Document:
    """A new draft of `kind_code` (the latest version) for `of` — a case (its current episode),
    a group, a session, an activity: the kind's subject —, or the draft or returned `document`
    saved again (with the version it was begun with). `uploads`: files for file fields, by
    their path (`photo`, `photos.2.photo`); `signatures`: {field: (data URL, how it was made,
    signer's name)} drawn on the page's pad. A refused save keeps none of them."""
    stored: list[DocumentFile] = []
    try:
        return _save(of, kind_code, data, acting_user=acting_user, document=document,
                     uploads=uploads or {}, signatures=signatures or {}, stored=stored)
    except BaseException:
        # The rows went with the transaction; the files on disk go here.
        for kept in stored:
            kept.file.delete(save=False)
        raise


@transaction.atomic
def _save(of, kind_code, data, *, acting_user, document, uploads, signatures,
          stored) -> Document:
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
    data = copy.deepcopy(data) if isinstance(data, dict) else data
    organization_id = subject.organization_id(of)
    problems = (_store_uploads(kind, organization_id, data, uploads, acting_user, stored)
                if uploads and isinstance(data, dict) else [])
    if signatures and isinstance(data, dict):
        problems += _store_signatures(kind, organization_id, data, signatures, acting_user)
    cleaned = clean(kind, data, resolver(subject, of, acting_user=acting_user,
                                         document=document))
    if problems or not cleaned.ok:
        raise DocumentInvalid([*problems, *cleaned.problems])
    coded, sensitive = split(kind, cleaned.data)
    if document is None:
        document = Document(kind=kind.code, version=kind.version, created_by=acting_user,
                            **subject.new_document(of))
    else:
        document.edit_version += 1
    document.coded, document.sensitive, document.updated_by = coded, sensitive, acting_user
    document.save()
    _attach_files(document, kind, cleaned.data)
    record("document.saved", actor=acting_user, target=document,
           **_audit(subject, of, kind=kind.code, version=kind.version))
    return document


def _file_ids(kind, data: dict) -> set[int]:
    from .definitions import FieldType

    ids = set()
    for field in kind.fields:
        if field.type == FieldType.FILE and data.get(field.code):
            ids.add(data[field.code])
        if field.type == FieldType.TABLE:
            ids |= {row[c.code] for row in data.get(field.code) or () for c in field.columns
                    if c.type == FieldType.FILE and row.get(c.code)}
    return ids


def _remap_files(kind, data: dict, ids: dict) -> dict:
    from .definitions import FieldType

    data = copy.deepcopy(data)
    for field in kind.fields:
        if field.type == FieldType.FILE and field.code in data:
            data[field.code] = ids.get(data[field.code], data[field.code])
        if field.type == FieldType.TABLE:
            for row in data.get(field.code) or ():
                for column in field.columns:
                    if column.type == FieldType.FILE and column.code in row:
                        row[column.code] = ids.get(row[column.code], row[column.code])
    return data


def _attach_files(document, kind, data) -> None:
    """The files the document now holds are its own; those it no longer holds are deleted."""
    held = _file_ids(kind, data)
    DocumentFile.objects.filter(organization_id=document.organization_id, pk__in=held,
                                document__isnull=True).update(document=document)
    dropped = DocumentFile.objects.filter(organization_id=document.organization_id,
                                          document=document).exclude(pk__in=held)
    for kept in dropped:
        path = kept.file.name
        # A revision's rows share their stored files with the document revised.
        if DocumentFile.objects.filter(file=path).exclude(pk=kept.pk).exists():
            continue
        storage = kept.file.storage
        transaction.on_commit(lambda p=path, s=storage: s.delete(p))
    dropped.delete()


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
    unsigned = [Problem(code, str(kind.field(code).label),
                        _("%(field)s: it is signed before the document is submitted.")
                        % {"field": kind.field(code).label})
                for code in kind.confirmed_by if not document.data.get(code)]
    if not cleaned.ok or unsigned:
        raise DocumentInvalid([*cleaned.problems, *unsigned])
    document.status = DocumentStatus.SUBMITTED if kind.approved_by else DocumentStatus.COMPLETED
    document.submitted_at = timezone.now()
    document.updated_by = acting_user
    document.save(update_fields=["status", "submitted_at", "updated_by", "updated_at"])
    if document.status == DocumentStatus.COMPLETED:
        _supersede(document, acting_user)
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
    if document.status == DocumentStatus.APPROVED:
        _supersede(document, acting_user)
    record(f"document.{decision}", actor=acting_user, target=document,
           **_audit(subject, of, kind=kind.code))
    return review


def _supersede(document: Document, acting_user) -> None:
    """The document a completed or approved revision revises is superseded by it."""
    if document.revises_id is None:
        return
    old = Document.objects.select_for_update().get(pk=document.revises_id)
    old.status = DocumentStatus.SUPERSEDED
    old.save(update_fields=["status", "updated_at"])
    subject = subjects.of(old)
    record("document.superseded", actor=acting_user, target=old,
           **_audit(subject, subject.of(old), kind=old.kind, by=document.pk))


@transaction.atomic
def do_revise_document(document: Document, *, acting_user) -> Document:
    """Begin a revision of a completed or approved document: a draft of its kind's latest
    version holding its answers, which supersedes it once completed or approved in turn. One
    revision open at a time."""
    subject = subjects.of(document)
    of = subject.lock(subject.of(document))
    subject.require(acting_user, subject.write_capability, of)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not document.is_final:
        raise ValidationError(_("Only a completed or approved document can be revised."))
    if document.revisions.exclude(status=DocumentStatus.SUPERSEDED).exists():
        raise ValidationError(_("A revision of this document has been begun already."))
    kind = kinds.latest(document.kind)
    known = {f.code for f in kind.fields}
    data = {code: value for code, value in document.data.items() if code in known}
    revision = Document.objects.create(
        organization_id=document.organization_id, kind=kind.code, version=kind.version,
        episode=document.episode, revises=document, created_by=acting_user,
        updated_by=acting_user, **{key: getattr(document, key) for key in SUBJECT_KEYS})
    # Each document owns its file rows: the revision gets its own, over the same stored files.
    copies = {}
    for kept in DocumentFile.objects.filter(organization_id=document.organization_id,
                                            document=document, pk__in=_file_ids(kind, data)):
        copies[kept.pk] = DocumentFile.objects.create(
            organization_id=kept.organization_id, document=revision, file=kept.file.name,
            name=kept.name, content_type=kept.content_type, size=kept.size,
            uploaded_by=kept.uploaded_by).pk
    data = _remap_files(kind, data, copies)
    revision.coded, revision.sensitive = split(kind, data)
    revision.save(update_fields=["coded", "sensitive"])
    record("document.revision_begun", actor=acting_user, target=revision,
           **_audit(subject, of, kind=kind.code, revises=document.pk))
    return revision


def record_document_printed(document: Document, *, acting_user) -> None:
    """A printed document is the client's file on paper, out of the system's reach: who
    printed what, and when, is on the record (CMH-4.2)."""
    subject = subjects.of(document)
    of = subject.of(document)
    subject.require(acting_user, subject.print_capability, of)
    record("document.printed", actor=acting_user, target=document,
           **_audit(subject, of, kind=document.kind))


def record_file_read(kept, document, *, acting_user) -> None:
    """A document's file opened: who saw which, on the record like the document itself."""
    subject = subjects.of(document)
    of = subject.of(document)
    record("document.file_read", actor=acting_user, target=document,
           **_audit(subject, of, kind=document.kind, file=kept.pk))
