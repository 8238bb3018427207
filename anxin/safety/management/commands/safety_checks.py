from django.core.management.base import BaseCommand

from anxin.safety.periodic import run_all


class Command(BaseCommand):
    help = ("Run the periodic checks once: escalate unacknowledged crisis alerts, flag overdue "
            "home visits. The task scheduler (manage.py run_scheduler) runs them every minute; "
            "this command is for cron or a one-off run.")

    def handle(self, *args, **options):
        for name, count in run_all().items():
            self.stdout.write(f"{name}: {count}")
