"""From an id to the one roster upload a page or endpoint works on: 403 without CASE_VIEW
(checked before any lookup), 404 for another organisation's upload or no upload at all."""

from anxin.accounts.capabilities import CASE_VIEW
from anxin.core.access import access

from .models import RosterImport


def access_import(user, import_id) -> RosterImport:
    return access(user, RosterImport.objects.select_related(
        "street", "street__parent", "imported_by"), import_id, CASE_VIEW)
