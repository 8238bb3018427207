import logging
import signal
import threading

from django.core.management.base import BaseCommand

from anxin.jobs.schedule_runner import Scheduler


def configure_logging(verbosity: int, *names: str) -> None:
    """Show the scheduler's and the workers' INFO lines (the root logger only passes warnings)."""
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    for name in names:
        logging.getLogger(name).setLevel(level)


def stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM (a process manager) and Ctrl-C stop the loop once the current enqueue is done.
    An ignored SIGINT stays ignored: a shell starts background jobs so, to keep Ctrl-C for the
    job in front (`make run` stops this one with SIGTERM itself)."""
    def handler(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, handler)


class Command(BaseCommand):
    help = ("Enqueue the periodic tasks (anxin/jobs/schedule.py) when they are due; workers "
            "(manage.py db_worker) run them. One is enough; a second one enqueues nothing twice.")

    def handle(self, *args, verbosity: int = 1, **options):
        configure_logging(verbosity, "anxin.jobs")
        stop = threading.Event()
        stop_on_signals(stop)
        Scheduler().run(stop)
