from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from anxin.accounts.models import User
from anxin.core.actions import do_load_holiday_schedule_csv
from anxin.core.exceptions import NotPermitted


class Command(BaseCommand):
    """Load a year's State Council holiday schedule from a CSV file, replacing any loaded one."""

    help = ("Load YEAR's holiday schedule from FILE, a UTF-8 CSV with the header date,kind,name "
            "(kind: holiday or workday). Replaces a schedule already loaded for that year.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True,
                            help="Title of the notice, e.g. "
                                 "国务院办公厅关于2027年部分节假日安排的通知")
        parser.add_argument("--username", required=True,
                            help="The superuser recorded as loading the schedule.")

    def handle(self, *args, year: int, file: Path, source: str, username: str, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("No user is called “%(username)s”.")
                               % {"username": username}) from None
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s")
                               % {"file": file, "error": exc}) from exc
        try:
            schedule = do_load_holiday_schedule_csv(year, acting_user=user, text=text,
                                                    source=source)
        except NotPermitted:
            raise CommandError(_("Only a superuser may load a holiday schedule; "
                                 "“%(username)s” is not one.") % {"username": username}) from None
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        days = schedule.days.count()
        self.stdout.write(self.style.SUCCESS(
            _("Loaded the %(year)s holiday schedule: %(days)s days from “%(source)s”.")
            % {"year": year, "days": days, "source": schedule.source}))
