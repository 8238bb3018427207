import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anxin.core import backups


class Command(BaseCommand):
    help = ("Back up the PostgreSQL database: a pg_dump in custom format and, beside it, a "
            "manifest (row counts, the audit chain's head, time, version). The encryption keys "
            "are not in either file: back up the key file separately (docs/deployment.md).")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path,
                            help="The dump file to write (default: "
                                 "backups/anxin-<UTC time>.dump).")
        parser.add_argument("--directory", "-d", type=Path,
                            help="Write anxin-<UTC time>.dump in this directory instead.")
        parser.add_argument("--database", default="default",
                            help="The database alias to back up (default: default).")

    def handle(self, *args, output: Path | None, directory: Path | None, database: str,
               **options):
        if output is not None and directory is not None:
            raise CommandError("Give --output or --directory, not both.")
        if output is None:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            output = (directory or Path("backups")) / f"anxin-{stamp}.dump"
        try:
            manifest = backups.create_backup(output, alias=database)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {manifest['database']}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{manifest['audit']['events']} audit events (head "
            f"{(manifest['audit']['head'] or '-')[:12]})."))
        self.stdout.write(f"  dump      {output} ({manifest['dump']['bytes']} bytes)")
        self.stdout.write(f"  manifest  {backups.manifest_path(output)}")
        self.stdout.write("The keys are not in the backup: keep a copy of ANXIN_FIELD_KEYS and "
                          "ANXIN_BLIND_INDEX_KEY (the .env file) in a separate safe place.")
