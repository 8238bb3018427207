"""One run per scheduled slot, however many schedulers are up.

A run's task row (django_tasks_db's own table) takes a primary key derived from the entry's
name and the slot's time, so a second scheduler enqueuing the same minute inserts the same key
and the database refuses it: no lock to hold, no lease to expire, no table of our own, and a
scheduler restarted within a minute does not run that minute again."""

import datetime
import enum
import logging
import uuid

from django.db import IntegrityError, router, transaction
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import normalize_json, task_enqueued
from django_tasks_db.models import DBTaskResult

from .schedule import Scheduled

logger = logging.getLogger(__name__)

# Namespace of the slot keys (uuid5): fixed, so every process derives the same key.
SLOT_NAMESPACE = uuid.UUID("6f0d7c1e-8a52-4b8e-9a3f-2c1d5e7b9a40")


class Outcome(enum.Enum):
    ENQUEUED = "enqueued"
    TAKEN = "taken"  # another scheduler (or this one before a restart) enqueued the slot
    PENDING = "pending"  # an earlier run still waits for a worker: another would only queue up


def slot_key(name: str, slot: datetime.datetime) -> uuid.UUID:
    return uuid.uuid5(SLOT_NAMESPACE, f"{name}@{slot.astimezone(datetime.UTC).isoformat()}")


def enqueue_slot(entry: Scheduled, slot: datetime.datetime) -> Outcome:
    """Enqueue `entry`'s task for `slot` unless that slot is already enqueued, or an earlier run
    of the same task is still waiting (the checks act on the state they find, so one waiting
    run covers the minutes missed while the workers were down)."""
    backend = entry.task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        # A backend without a shared table (the immediate one) has nothing to key a slot on,
        # and may not take a run_after; there is only one process to enqueue from anyway.
        entry.task.enqueue()
        return Outcome.ENQUEUED
    task = entry.task.using(run_after=slot)
    backend.validate_task(task)
    key = slot_key(entry.name, slot)
    using = router.db_for_write(DBTaskResult)
    rows = DBTaskResult.objects.using(using)
    with transaction.atomic(using=using):
        if rows.filter(id=key).exists():
            return Outcome.TAKEN
        if rows.filter(task_path=task.module_path, backend_name=backend.alias,
                       status=TaskResultStatus.READY).exists():
            return Outcome.PENDING
        try:
            # The same row the backend's enqueue() writes, under the slot's key. Two schedulers
            # past the checks above at once both get here; the primary key lets one through.
            with transaction.atomic(using=using):
                row = rows.create(
                    id=key,
                    args_kwargs=normalize_json({"args": [], "kwargs": {}}),
                    priority=task.priority, task_path=task.module_path,
                    queue_name=task.queue_name, run_after=task.run_after,
                    backend_name=backend.alias)
        except IntegrityError:
            return Outcome.TAKEN
    task_enqueued.send(type(backend), task_result=row.task_result)
    return Outcome.ENQUEUED
