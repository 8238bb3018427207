"""Reading the roster: the streets one may import for, the counts of a street-month (the
denominator of REH-6.4.3 and the part of it under grid management, REH-6.4.3.2) and the entries.

Each read costs a fixed number of queries however many people the roster holds.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from anxin.accounts.choices import RegionLevel
from anxin.accounts.models import Region
from anxin.clients.models import Client

from .models import RosterEntry, RosterImport


@dataclass(frozen=True)
class StreetMonthCounts:
    registered: int
    matched: int
    under_grid_management: int


_COUNTS = {
    "registered": Count("pk"),
    "matched": Count("pk", filter=Q(matched_client__isnull=False)),
    "under_grid_management": Count("pk", filter=Q(under_grid_management=True)),
}


def import_streets(organization):
    """The streets (乡镇/街道) of the organisation's district: those whose roster it keeps."""
    return (Region.objects.filter(level=RegionLevel.STREET, parent_id=organization.district_id)
            .select_related("parent").order_by("code"))


def street_month_counts(organization, *, street, month: datetime.date) -> StreetMonthCounts:
    """Registered, matched to a client and under grid management, in one query."""
    counts = RosterEntry.objects.filter(organization=organization, street=street,
                                        month=month.replace(day=1)).aggregate(**_COUNTS)
    return StreetMonthCounts(**counts)


def import_list(user):
    """The user's organisation's street-months, newest first, each with its counts."""
    return (RosterImport.objects.visible_to(user)
            .select_related("street", "street__parent", "imported_by")
            .annotate(matched_count=Count("entries", filter=Q(
                          entries__matched_client__isnull=False)),
                      under_grid_count=Count("entries", filter=Q(
                          entries__under_grid_management=True)))
            .order_by("-month", "street_id", "-id"))


def import_counts(roster_import: RosterImport) -> StreetMonthCounts:
    """The counts of one upload: its entries are the whole of its street-month."""
    return StreetMonthCounts(**roster_import.entries.aggregate(**_COUNTS))


def entries(roster_import: RosterImport):
    """The people of one street-month, in the file's order."""
    return RosterEntry.objects.filter(roster_import=roster_import).order_by("row_number")


def openable_clients(user, entries_page) -> dict[int, Client]:
    """Of the clients matched on one page, those whose file the user may open, by id: one
    query. The others are shown as matched, never named."""
    ids = {entry.matched_client_id for entry in entries_page if entry.matched_client_id}
    if not ids:
        return {}
    return {client.pk: client for client in Client.objects.visible_to(user)
            .filter(pk__in=ids).only("pk", "file_number", "name")}
