"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "roster.imported": _("Registered roster imported"),
    "roster.entries_viewed": _("Registered roster viewed"),
}

# The street and month only: never a name or an ID number of the roster.
TARGETS = {
    "roster.rosterimport": TargetLabel(("street__name", "month")),
}
