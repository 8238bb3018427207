"""manage.py generate_province: a synthetic province for the benchmarks (docs/benchmarks.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from anxin.bench.generate.province import PASSWORD, Province, Refused


class Command(BaseCommand):
    help = ("Fill an empty database with a synthetic province: organisations, staff, clients, "
            "cases in every stage with their documents, instruments, alerts, visits and the "
            "audit trail, through the models' own encryption and blind indexes.")

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--password", default=PASSWORD,
                            help="The password of every generated account.")
        parser.add_argument("--organizations", type=int, default=None)
        parser.add_argument("--workers", type=int, default=1,
                            help="Generating processes (PostgreSQL): one per core.")
        parser.add_argument("--chunk-rows", type=int, default=50_000,
                            help="Rows buffered before each write and commit.")

    def handle(self, *args, clients, seed, password, organizations, chunk_rows, workers,
               **options):
        if settings.ANXIN_ENVIRONMENT == "production":
            raise CommandError("Refusing to generate synthetic data in production.")
        if clients < 1:
            raise CommandError("--clients must be at least 1.")
        province = Province(clients=clients, seed=seed, password=password,
                            organizations=organizations, chunk_rows=chunk_rows, workers=workers,
                            out=self.stdout.write)
        try:
            result = province.run()
        except Refused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"All accounts have the password {password!r}. Usernames:")
        for org in result["organizations"]:
            self.stdout.write(f"  {org.code} ({org.kind}, {org.clients:,} clients): "
                              f"o{org.code}-admin, o{org.code}-supervisor1…{len(org.supervisors)}"
                              f", o{org.code}-worker1…{len(org.workers)}, o{org.code}-archivist, "
                              f"o{org.code}-quality, o{org.code}-lead")
        self.stdout.write("  regional viewers: " + ", ".join(province.viewers))
