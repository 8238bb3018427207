"""Writes happen in actions, each in its own transaction with its audit event: no view of the
case or home-visit pages opens a transaction to combine writes itself (a signature is kept by
the action of the form it signs, test_documents.SignatureTests)."""

from pathlib import Path

from django.conf import settings

VIEWS = ["anxin/cases/views", "anxin/cases/printing/views.py", "anxin/visits/views.py"]


def test_it_opens_no_transaction_in_a_view():
    base = Path(settings.BASE_DIR)
    files = [path for name in VIEWS for path in (
        sorted((base / name).glob("*.py")) if (base / name).is_dir() else [base / name])]
    assert files
    offending = [str(path.relative_to(base)) for path in files
                 if "transaction" in path.read_text(encoding="utf-8")]
    assert offending == []


def test_it_offers_no_signature_write_outside_an_action():
    from anxin.cases import actions

    assert not hasattr(actions, "make_signature")
