from pathlib import Path

from django.core.management.base import BaseCommand

from anxin.accounts.models import Region
from anxin.accounts.regions import load_regions


class Command(BaseCommand):
    help = "Load administrative regions from a CSV file (code,name,level,parent)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        count = load_regions(Region, path)
        self.stdout.write(self.style.SUCCESS(f"{count} regions loaded."))
