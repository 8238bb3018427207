"""Readable names of the audit app's own events (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "admin.object_added": _("Added in the Django admin"),
    "admin.object_changed": _("Changed in the Django admin"),
    "admin.object_deleted": _("Deleted in the Django admin"),
}
