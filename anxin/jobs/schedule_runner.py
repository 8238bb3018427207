"""The scheduler loop: wake at the next fire time of any entry, enqueue what is due, sleep
again. It never runs the work itself; `manage.py run_scheduler` runs it alone, `run_jobs`
beside a worker. Several may run by mistake: each slot is enqueued once (`schedule_slots`)."""

import datetime
import logging
import threading
from collections.abc import Iterable

from django.db import close_old_connections, connections
from django.utils import timezone

from .schedule import SCHEDULE, Scheduled
from .schedule_slots import Outcome, enqueue_slot

logger = logging.getLogger(__name__)

# The longest sleep between two looks at the clock, so a wall-clock change (NTP step, a
# suspended machine) is noticed within this much.
MAX_SLEEP = 30.0


class Scheduler:
    def __init__(self, entries: Iterable[Scheduled] = SCHEDULE):
        self.entries = tuple(entries)
        self.next_at: dict[str, datetime.datetime | None] = {}

    def start(self, now: datetime.datetime) -> None:
        """First fire time of each entry from `now` on: a scheduler that starts late does not
        catch up on slots before it started (the next run acts on everything due by then)."""
        for entry in self.entries:
            self.next_at[entry.name] = entry.trigger.get_next_fire_time(None, now)

    def tick(self, now: datetime.datetime) -> dict[str, Outcome]:
        """Enqueue every entry whose fire time has come, once each: a scheduler that woke late
        enqueues only the latest slot it missed, not one per slot."""
        if not self.next_at:
            self.start(now)
        done: dict[str, Outcome] = {}
        for entry in self.entries:
            slot = None
            while (at := self.next_at[entry.name]) is not None and at <= now:
                slot = at
                self.next_at[entry.name] = entry.trigger.get_next_fire_time(at, now)
            if slot is None:
                continue
            try:
                done[entry.name] = outcome = enqueue_slot(entry, slot)
            except Exception:
                # The database may be away for a moment; the next slot tries again.
                logger.exception("Could not enqueue %s for %s", entry.name, slot.isoformat())
                continue
            log = logger.warning if outcome is Outcome.PENDING else logger.info
            log("%s %s for %s%s", entry.name, outcome.value, slot.isoformat(),
                " (no worker has taken the previous run yet)" if outcome is Outcome.PENDING
                else "")
        return done

    def seconds_to_next(self, now: datetime.datetime) -> float:
        upcoming = [at for at in self.next_at.values() if at is not None]
        if not upcoming:
            return MAX_SLEEP
        return min(MAX_SLEEP, max(0.0, (min(upcoming) - now).total_seconds()))

    def run(self, stop: threading.Event) -> None:
        """Loop until `stop` is set (a signal handler sets it); returns within a moment."""
        logger.info("Scheduler started: %s", ", ".join(e.name for e in self.entries))
        self.start(timezone.now())
        try:
            while not stop.is_set():
                close_old_connections()  # a dropped database connection is reopened
                self.tick(timezone.now())
                stop.wait(self.seconds_to_next(timezone.now()))
        finally:
            connections.close_all()
            logger.info("Scheduler stopped")
