from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anxin.core import backups


class Command(BaseCommand):
    help = ("Restore a backup into a new, empty PostgreSQL database and verify it: row counts "
            "as in the manifest, a sample of encrypted values decrypting with the configured "
            "keys, the audit chain intact to the manifest's head. Exits with status 1 if any "
            "check fails.")

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path, help="The dump file written by manage.py backup.")
        parser.add_argument("--target", required=True,
                            help="The database URL to restore into "
                                 "(postgres://user@host:5432/name); it must be empty.")
        parser.add_argument("--manifest", type=Path,
                            help="The manifest, if it is not beside the dump.")
        parser.add_argument("--verify-only", action="store_true",
                            help="Do not restore: verify a database restored earlier.")

    def handle(self, *args, dump: Path, target: str, manifest: Path | None,
               verify_only: bool, **options):
        if not verify_only and not dump.is_file():
            raise CommandError(f"{dump} is not a file.")
        try:
            report = backups.restore(dump, target, manifest=manifest, verify_only=verify_only,
                                     progress=self.stdout.write)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for check in report.checks:
            mark = self.style.SUCCESS("ok  ") if check.ok else self.style.ERROR("FAIL")
            self.stdout.write(f"{mark} {check.name}: {check.detail}")
        if not report.ok:
            raise CommandError("The restored database does not match its backup.", returncode=1)
        self.stdout.write(self.style.SUCCESS("The restored database matches its backup."))
