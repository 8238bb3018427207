from django.core.management.base import BaseCommand
from django.utils import timezone

from anxin.safety.periodic import CHECKS


class Command(BaseCommand):
    help = "Escalate unacknowledged crisis alerts and flag overdue home visits (run every minute)."

    def handle(self, *args, **options):
        now = timezone.now()
        for check in CHECKS:
            count = check(now)
            self.stdout.write(f"{check.__module__}.{check.__name__}: {count}")
