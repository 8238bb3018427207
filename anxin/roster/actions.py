"""Importing a street's monthly roster: the one change this app makes. The page, the API and any
command call `do_import_roster`, so its checks and its audit event are the same every way.

Importing needs ROSTER_IMPORT (org admin, supervisor), re-checked here. A file with any bad row
changes nothing and the refusal lists every row's problems (RosterRowsRefused); otherwise the
street-month's entries are written, or replace the earlier upload's, in one transaction with
the audit event. The audit data holds counts only, never a name or an ID number.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from anxin.accounts.capabilities import ROSTER_IMPORT
from anxin.audit.actions import record
from anxin.clients.models import Client
from anxin.clients.selectors import id_number_index
from anxin.core.exceptions import NotPermitted

from . import importing, selectors
from .models import RosterEntry, RosterImport

BATCH = 500


class RosterRowsRefused(ValidationError):
    """Rows of the file are wrong, so nothing was imported. `rows` holds every problem as
    {"row", "field", "message"}, the row numbered as the spreadsheet numbers it."""

    def __init__(self, rows: list[dict]):
        count = len({error["row"] for error in rows})
        super().__init__(ngettext(
            "Nothing was imported: %(count)d row has problems. Correct it and upload the file "
            "again.",
            "Nothing was imported: %(count)d rows have problems. Correct them and upload the "
            "file again.", count) % {"count": count}, code="roster_rows_invalid")
        self.rows = rows


def month_start(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def _require(user, organization) -> None:
    membership = user.membership if user.is_authenticated else None
    if membership is None or membership.organization_id != organization.pk or \
            not user.can(ROSTER_IMPORT):
        raise NotPermitted


def _check_street(organization, street) -> None:
    if street is None or not selectors.import_streets(organization).filter(
            pk=street.pk).exists():
        raise ValidationError({"street": _("Choose a street (乡镇/街道) of your organisation's "
                                           "district.")})


def _check_month(month: datetime.date | None) -> datetime.date:
    if month is None:
        raise ValidationError({"month": _("Give the month of the roster.")})
    month = month_start(month)
    if month > month_start(timezone.localdate()):
        raise ValidationError({"month": _("The roster of a month to come cannot exist yet.")})
    return month


def _read(file) -> list[importing.RosterRow]:
    try:
        rows = importing.read_sheet(file)
    except importing.FileRefused as exc:
        raise ValidationError({"file": str(exc)}) from None
    good, errors = importing.check_rows(rows)
    if errors:
        raise RosterRowsRefused(errors)
    return good


def _matches(organization, indexes: list[str]) -> dict[str, int]:
    """Client ids by ID-number blind index, among the organisation's own clients only."""
    found = {}
    for start in range(0, len(indexes), BATCH):
        found.update(Client.objects.filter(
            organization=organization, id_number_index__in=indexes[start:start + BATCH])
            .values_list("id_number_index", "pk"))
    return found


def _street_month(organization, *, street, month, acting_user, file_name: str):
    """The street-month's import row, locked: the earlier upload's (its entries removed) or a
    new one. Returns it and the number of entries it replaced (None when new)."""
    now = timezone.now()
    existing = (RosterImport.objects.select_for_update()
                .filter(organization=organization, street=street, month=month).first())
    if existing is None:
        roster_import = RosterImport(organization=organization, street=street, month=month,
                                     imported_by=acting_user, imported_at=now,
                                     file_name=file_name)
        try:
            with transaction.atomic():
                roster_import.save()
        except IntegrityError:
            # Two uploads of the same street-month at once: the first one wins.
            raise ValidationError({"file": _("Someone else is importing this street's roster "
                                             "for this month. Try again in a moment.")}
                                  ) from None
        return roster_import, None
    replaced = existing.row_count
    existing.entries.all().delete()
    existing.imported_by = acting_user
    existing.imported_at = now
    existing.file_name = file_name
    existing.save(update_fields=["imported_by", "imported_at", "file_name"])
    return existing, replaced


def do_import_roster(organization, *, street, month: datetime.date, file,
                     acting_user) -> RosterImport:
    """Import one street's roster of `month` from an .xlsx upload (REH-6.4.3), replacing an
    earlier upload of the same street and month."""
    _require(acting_user, organization)
    _check_street(organization, street)
    month = _check_month(month)
    # Reading and checking the file writes nothing, so it runs before the transaction: a
    # large file does not hold a lock on the street-month while it is parsed.
    rows = _read(file)
    file_name = (getattr(file, "name", "") or "")[:200]
    with transaction.atomic():
        roster_import, replaced = _street_month(organization, street=street, month=month,
                                                acting_user=acting_user, file_name=file_name)
        indexes = [id_number_index(row.id_number) for row in rows]
        clients = _matches(organization, indexes)
        entries = [RosterEntry(
            organization=organization, roster_import=roster_import, street=street, month=month,
            row_number=row.row, name=row.name, id_number=row.id_number, id_number_index=index,
            under_grid_management=row.under_grid_management, diagnosis=row.diagnosis,
            matched_client_id=clients.get(index)) for row, index in zip(rows, indexes,
                                                                         strict=True)]
        RosterEntry.objects.bulk_create(entries, batch_size=BATCH)
        roster_import.row_count = len(entries)
        roster_import.save(update_fields=["row_count"])
        matched = sum(1 for entry in entries if entry.matched_client_id)
        record("roster.imported", actor=acting_user, target=roster_import, data={
            "street": street.pk, "month": f"{month:%Y-%m}", "rows": len(entries),
            "matched": matched,
            "under_grid_management": sum(1 for e in entries if e.under_grid_management),
            "replaced_rows": replaced})
    roster_import.matched_count = matched
    return roster_import


def record_entries_view(roster_import: RosterImport, *, acting_user, page: int) -> None:
    """The entries name people and ID numbers, some of them no client of the organisation: each
    page read is on the record (CMH-4.2 confidentiality), as a client's file is."""
    record("roster.entries_viewed", actor=acting_user, target=roster_import,
           data={"page": page})
