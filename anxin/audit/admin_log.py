"""What a superuser does in the Django admin goes on the audit trail too.

The admin writes a `LogEntry` for every addition, change and deletion it makes; each becomes an
audit event, in the same transaction, with who, from where, which object and the admin's change
message. Most of the product's models are read-only in the admin, but what it can still change
(groups, lock-out records, holiday schedules) must not escape the trail (CMH-4.2, MSW-A.6).
"""

import functools
import json

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry, LogEntryManager
from django.db.models.signals import post_save

ACTIONS = {ADDITION: "admin.object_added", CHANGE: "admin.object_changed",
           DELETION: "admin.object_deleted"}

_AUDITED = "_anxin_audited"


def record_log_entry(entry: LogEntry) -> None:
    from .actions import record

    if getattr(entry, _AUDITED, False) or entry.action_flag not in ACTIONS:
        return
    content_type = entry.content_type
    try:
        change = json.loads(entry.change_message) if entry.change_message else []
    except ValueError:
        change = entry.change_message  # free text from a custom admin
    record(ACTIONS[entry.action_flag], actor=entry.user,
           target_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
           target_id=entry.object_id or "",
           data={"object": entry.object_repr, "change": change, "log_entry": entry.pk})
    setattr(entry, _AUDITED, True)


def _on_log_entry_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record_log_entry(instance)


def _also_bulk(log_actions):
    """Deleting several objects at once logs them with bulk_create, which sends no post_save:
    those entries are recorded here. Entries saved one by one were recorded by the receiver."""

    @functools.wraps(log_actions)
    def audited(self, *args, **kwargs):
        result = log_actions(self, *args, **kwargs)
        for entry in result if isinstance(result, list) else [result]:
            record_log_entry(entry)
        return result

    setattr(audited, _AUDITED, True)
    return audited


def connect() -> None:
    post_save.connect(_on_log_entry_saved, sender=LogEntry,
                      dispatch_uid="anxin.audit.admin_log")
    if not getattr(LogEntryManager.log_actions, _AUDITED, False):
        LogEntryManager.log_actions = _also_bulk(LogEntryManager.log_actions)
