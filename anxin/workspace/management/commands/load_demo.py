import os
import time
import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from anxin.workspace.demo.loader import PASSWORD, DemoConflict, DemoLogin, load_demo


class Command(BaseCommand):
    help = ("Load two demo organisations with staff in every role, about fifty clients and cases "
            "in every stage, then print the demo logins. Safe to run again: existing demo "
            "organisations are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--reset-passwords", action="store_true",
                            help="Set every demo account's password back to the demo password.")

    def handle(self, *args, reset_passwords: bool = False, **options):
        if settings.ANXIN_ENVIRONMENT == "production":
            raise CommandError("Demo data publishes its password; refusing to load it into a "
                               "production deployment.")
        started = time.monotonic()
        try:
            result = load_demo(reset_passwords=reset_passwords)
        except DemoConflict as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started

        for org in result.organisations:
            if org.created:
                self.stdout.write(self.style.SUCCESS(
                    f"Created {org.name} ({org.code}): {org.staff} staff, "
                    f"{org.clients} clients, {org.cases} cases."))
            elif org.cases_created:
                self.stdout.write(self.style.SUCCESS(
                    f"{org.name} ({org.code}) already exists ({org.clients} clients); "
                    f"added {org.cases_created} demo cases."))
            else:
                self.stdout.write(f"{org.name} ({org.code}) already exists "
                                  f"({org.clients} clients, {org.cases} cases); left unchanged.")
            if org.cases:
                stages = ", ".join(f"{code} {n}" for code, n in org.stages if n)
                self.stdout.write(f"  Cases by stage: {stages}; overdue: {org.overdue}.")
        if result.created_users or any(org.cases_created for org in result.organisations):
            self.stdout.write(f"Demo data loaded in {elapsed:.1f} s.")

        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for every account: {PASSWORD})")
        for line in _table(result.logins):
            self.stdout.write(line)
        self.stdout.write("")
        port = os.environ.get("PORT", "8000")  # make run passes the port it will serve on
        self.stdout.write(f"Sign in at http://127.0.0.1:{port}{reverse('accounts:login')}")
        if result.passwords_reset:
            self.stdout.write("Every demo password was reset to the demo password.")
        elif not all(org.created for org in result.organisations):
            # A password changed through the UI survives a re-run; say how to get back in.
            self.stdout.write("Existing accounts keep their passwords; run with "
                              "--reset-passwords to restore the demo password.")


def _table(logins: list[DemoLogin]) -> list[str]:
    """Rows padded by display width: a Chinese character takes two terminal columns."""
    header = ("username", "full name", "role", "organisation / region")
    rows = [header] + [(x.username, x.full_name, x.role, x.place) for x in logins]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    rule = tuple("-" * w for w in widths)
    return ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in [header, rule, *rows[1:]]]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
