"""Reads of a case that go on the record. Opening a case is opening a client's file, so it is
audited like the client page (CMH-4.2, MSW-A.6)."""

from anxin.audit.actions import record

from ..models import Case


def record_case_view(case: Case, *, acting_user, channel: str = "web") -> None:
    """Reading a case with its documents is itself on the record; `channel` is "web" or "api"."""
    record("case.viewed", actor=acting_user, target=case, client=case.client,
           data={"channel": channel})


def record_document_view(document, *, case: Case, code: str, acting_user) -> None:
    """Reading one form (a session's notes, an assessment) is reading the client's file."""
    record("case.document_viewed", actor=acting_user, target=document, client=case.client,
           data={"case": case.pk, "code": code})
