"""The periodic checks run from the task scheduler: the scheduler enqueues a due slot once,
however many schedulers are up, and a database worker runs it (escalation included)."""

import datetime
import signal
import threading
import time
import unittest
from unittest import mock

from apscheduler.triggers.cron import CronTrigger
from django.db import connection, connections
from django.db.models.signals import post_save
from django.test import SimpleTestCase, TransactionTestCase
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from anxin.jobs import periodic_tasks
from anxin.jobs.schedule import LOCAL, SCHEDULE, Scheduled
from anxin.jobs.schedule_runner import Scheduler
from anxin.jobs.schedule_slots import Outcome, enqueue_slot, slot_key
from anxin.notifications.models import Notification
from anxin.safety import actions
from anxin.safety.models import Alert
from anxin.safety.tests.helpers import open_case
from anxin.workspace.testing.cases import PersonaTestCase

EVERY_MINUTE = Scheduled("safety_checks", CronTrigger(minute="*", timezone=LOCAL),
                         periodic_tasks.run_safety_checks)
T0 = timezone.make_aware(datetime.datetime(2026, 11, 16, 10, 0, 30))


def at(minute: int, second: int = 0) -> datetime.datetime:
    return T0.replace(minute=minute, second=second)


def run_worker() -> int:
    """What `manage.py db_worker --batch` does: take every ready task and run it, then stop.
    Its usual close_old_connections() would drop the test's transaction, so it is left out."""
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="test-worker",
                    excluded_queue_names=[])
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()
    return worker._run_tasks


class ScheduledEscalationTests(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p)
        raised = timezone.now() - datetime.timedelta(minutes=45)  # escalation is due at 30
        self.alert = actions.raise_alert("phq9_self_harm", organization=self.p.org_a,
                                         client=self.p.client_a, case=self.case, now=raised)
        Notification.objects.all().delete()

    def test_an_unacknowledged_alert_escalates_from_the_scheduled_task(self):
        """The scheduler enqueues the minute's safety checks; the worker runs them; the alert
        is escalated and its case's supervisor (陈敏) is told."""
        scheduler = Scheduler(SCHEDULE)
        now = timezone.now()
        scheduler.start(now - datetime.timedelta(minutes=1))
        outcomes = scheduler.tick(now)
        self.assertEqual(outcomes["safety_checks"], Outcome.ENQUEUED)
        self.assertIsNone(Alert.objects.get(pk=self.alert.pk).escalated_at)  # not run inline

        self.assertEqual(run_worker(), 1)

        self.assertIsNotNone(Alert.objects.get(pk=self.alert.pk).escalated_at)
        self.assertEqual(list(Notification.objects.values_list("recipient", "kind")),
                         [(self.p.chen_min.pk, "alert_escalated")])
        row = DBTaskResult.objects.get()
        self.assertEqual(row.status, TaskResultStatus.SUCCESSFUL, row.traceback)
        self.assertEqual(row.return_value["anxin.safety.actions.escalate_due_alerts"], 1)

    def test_on_the_immediate_backend_the_enqueued_slot_runs_at_once(self):
        immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
        with self.settings(TASKS=immediate):
            self.assertEqual(enqueue_slot(EVERY_MINUTE, at(1)), Outcome.ENQUEUED)
        self.assertIsNotNone(Alert.objects.get(pk=self.alert.pk).escalated_at)
        self.assertFalse(DBTaskResult.objects.exists())

    def test_the_next_minute_escalates_nothing_again(self):
        enqueue_slot(EVERY_MINUTE, at(1))
        run_worker()
        enqueue_slot(EVERY_MINUTE, at(2))
        run_worker()
        self.assertEqual(Notification.objects.filter(kind="alert_escalated").count(), 1)
        counts = [row.return_value["anxin.safety.actions.escalate_due_alerts"]
                  for row in DBTaskResult.objects.order_by("run_after")]
        self.assertEqual(counts, [1, 0])

    def test_the_command_shares_the_checks(self):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("safety_checks", stdout=out)
        self.assertIn("anxin.safety.actions.escalate_due_alerts: 1", out.getvalue())
        self.assertEqual(Notification.objects.filter(kind="alert_escalated").count(), 1)


class OncePerSlotTests(PersonaTestCase):
    def test_two_schedulers_enqueue_a_minute_once(self):
        """A second scheduler started by mistake (or this one restarted within the minute)
        finds the minute taken: one task row, one run."""
        first, second = Scheduler([EVERY_MINUTE]), Scheduler([EVERY_MINUTE])
        first.start(T0)
        second.start(T0)
        self.assertEqual(first.tick(at(1)), {"safety_checks": Outcome.ENQUEUED})
        self.assertEqual(second.tick(at(1, 2)), {"safety_checks": Outcome.TAKEN})
        row = DBTaskResult.objects.get()
        self.assertEqual(row.id, slot_key("safety_checks", at(1)))
        self.assertEqual(row.run_after, at(1))

    def test_a_finished_minute_is_not_enqueued_again(self):
        self.assertEqual(enqueue_slot(EVERY_MINUTE, at(1)), Outcome.ENQUEUED)
        run_worker()
        self.assertEqual(enqueue_slot(EVERY_MINUTE, at(1)), Outcome.TAKEN)
        self.assertEqual(run_worker(), 0)
        self.assertEqual(enqueue_slot(EVERY_MINUTE, at(2)), Outcome.ENQUEUED)
        self.assertEqual(DBTaskResult.objects.count(), 2)

    def test_the_same_minute_has_the_same_key_in_any_time_zone(self):
        utc = at(1).astimezone(datetime.UTC)
        self.assertEqual(slot_key("safety_checks", at(1)), slot_key("safety_checks", utc))
        self.assertNotEqual(slot_key("safety_checks", at(1)), slot_key("safety_checks", at(2)))
        self.assertNotEqual(slot_key("safety_checks", at(1)), slot_key("other", at(1)))

    def test_while_a_run_waits_for_a_worker_no_more_pile_up(self):
        """With the workers down, one waiting run covers the minutes missed: the checks act on
        everything due when they run."""
        self.assertEqual(enqueue_slot(EVERY_MINUTE, at(1)), Outcome.ENQUEUED)
        self.assertEqual(enqueue_slot(EVERY_MINUTE, at(2)), Outcome.PENDING)
        self.assertEqual(DBTaskResult.objects.count(), 1)
        run_worker()
        self.assertEqual(enqueue_slot(EVERY_MINUTE, at(3)), Outcome.ENQUEUED)

    def test_a_late_scheduler_enqueues_the_latest_missed_minute_only(self):
        scheduler = Scheduler([EVERY_MINUTE])
        scheduler.start(T0)
        self.assertEqual(scheduler.tick(at(0, 59)), {})  # 10:01 not yet
        self.assertEqual(scheduler.tick(at(5, 10)), {"safety_checks": Outcome.ENQUEUED})
        self.assertEqual(DBTaskResult.objects.get().run_after, at(5))
        self.assertEqual(scheduler.tick(at(5, 40)), {})
        self.assertEqual(scheduler.seconds_to_next(at(5, 40)), 20.0)

    def test_it_sleeps_until_the_next_fire_time_at_most_half_a_minute(self):
        scheduler = Scheduler([Scheduled("nightly", CronTrigger(hour=3, timezone=LOCAL),
                                         periodic_tasks.prune_scheduled_results)])
        scheduler.start(T0)
        self.assertEqual(scheduler.seconds_to_next(T0), 30.0)


class PruneTests(PersonaTestCase):
    def test_old_finished_scheduled_runs_are_pruned_and_others_kept(self):
        now = timezone.now()
        enqueue_slot(EVERY_MINUTE, now - datetime.timedelta(days=9))
        run_worker()
        enqueue_slot(EVERY_MINUTE, now - datetime.timedelta(minutes=1))
        run_worker()
        DBTaskResult.objects.filter(run_after__lt=now - datetime.timedelta(days=1)).update(
            finished_at=now - datetime.timedelta(days=8))
        other = periodic_tasks.prune_scheduled_results.using(queue_name="default")
        self.assertEqual(other.call(), 1)
        self.assertEqual(DBTaskResult.objects.count(), 1)


@unittest.skipUnless(connection.vendor == "postgresql", "SQLite has one writer at a time")
class TwoSchedulersAtOnceTest(TransactionTestCase):
    available_apps = ["django_tasks_db"]

    def test_the_second_insert_of_a_slot_waits_and_is_refused(self):
        """The first scheduler has inserted the minute's row but not committed; the second,
        past the checks, waits on the primary key and finds the slot taken once it commits."""
        inside, go = threading.Event(), threading.Event()
        outcomes: dict[str, object] = {}

        def hold(sender, instance, created, **kwargs):
            if threading.current_thread().name == "first":
                inside.set()
                go.wait(30)

        def enqueue():
            try:
                outcomes[threading.current_thread().name] = enqueue_slot(EVERY_MINUTE, at(1))
            except Exception as exc:  # noqa: BLE001 (compared below)
                outcomes[threading.current_thread().name] = exc
            finally:
                connections.close_all()

        post_save.connect(hold, sender=DBTaskResult)
        try:
            first = threading.Thread(target=enqueue, name="first")
            second = threading.Thread(target=enqueue, name="second")
            first.start()
            self.assertTrue(inside.wait(30))
            second.start()
            time.sleep(0.5)  # the second is now waiting on the uncommitted row
            go.set()
            first.join(30)
            second.join(30)
        finally:
            post_save.disconnect(hold, sender=DBTaskResult)
        self.assertEqual(outcomes, {"first": Outcome.ENQUEUED, "second": Outcome.TAKEN})
        self.assertEqual(DBTaskResult.objects.count(), 1)


class StoppingTests(SimpleTestCase):
    def test_sigterm_stops_the_scheduler_and_an_ignored_sigint_stays_ignored(self):
        """A shell starts background jobs with SIGINT ignored, so Ctrl-C stops only the web
        server in front; `make run` then stops the scheduler with SIGTERM."""
        from anxin.jobs.management.commands.run_scheduler import stop_on_signals

        saved = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            stop = threading.Event()
            stop_on_signals(stop)
            self.assertIs(signal.getsignal(signal.SIGINT), signal.SIG_IGN)
            signal.getsignal(signal.SIGTERM)(signal.SIGTERM, None)
            self.assertTrue(stop.is_set())
        finally:
            signal.signal(signal.SIGINT, saved[0])
            signal.signal(signal.SIGTERM, saved[1])

    def test_a_stopped_scheduler_returns_at_once(self):
        stop = threading.Event()
        stop.set()
        thread = threading.Thread(target=Scheduler(SCHEDULE).run, args=(stop,))
        thread.start()
        thread.join(5)
        self.assertFalse(thread.is_alive())
