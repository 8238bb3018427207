import logging
import os
import signal
import socket
import sys
import threading

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from anxin.jobs.schedule_runner import Scheduler

from .run_scheduler import configure_logging

logger = logging.getLogger("anxin.jobs")


class Command(BaseCommand):
    help = ("The scheduler and one worker in one process, for a single machine or the demo "
            "(`make run`). At scale run `run_scheduler` once and `db_worker` as often as needed.")

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*",
                            help="Queues the worker takes, comma-separated ('*', all: default).")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds the worker waits before looking at an empty queue again.")

    def handle(self, *args, verbosity: int = 1, queue_name: str = "*", interval: float = 1.0,
               **options):
        configure_logging(verbosity, "anxin.jobs", "anxin.safety", "django_tasks_db",
                          "django.tasks", "django_tasks")
        stop = threading.Event()
        worker = Worker(queue_names=queue_name.split(","), interval=interval, batch=False,
                        backend_name="default", startup_delay=False, max_tasks=None,
                        worker_id=f"{socket.gethostname()[:40]}-{os.getpid()}-"
                                  f"{get_random_string(8)}",
                        excluded_queue_names=[])

        def shutdown(signum, frame):
            # SIGTERM always means "finish the task in hand, then stop" (a process manager
            # escalates to SIGKILL on its own); a second Ctrl-C gives up on the task.
            if stop.is_set() and signum == signal.SIGINT:
                logger.warning("Stopping now, abandoning the running task")
                sys.exit(1)
            stop.set()
            worker.running = False
            logger.info("Stopping after the running task")
            if not worker.running_task:
                sys.exit(0)

        signal.signal(signal.SIGTERM, shutdown)
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, shutdown)

        scheduler = threading.Thread(target=Scheduler().run, args=(stop,), name="scheduler",
                                     daemon=True)
        scheduler.start()
        try:
            worker.run()
        finally:
            stop.set()
            scheduler.join(timeout=10)
