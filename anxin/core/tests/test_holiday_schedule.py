"""Loading a year's State Council holiday schedule: the action, the command and the admin upload.

The 2027 data is the test fixture in data/holidays-2027-fixture.csv, not the real notice (not
published when this was written); the tests assert how loaded data behaves.
"""

import datetime
import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from anxin.accounts.models import User
from anxin.audit.models import AuditEvent
from anxin.core import workdays
from anxin.core.actions import do_load_holiday_schedule, parse_schedule_csv
from anxin.core.exceptions import NotPermitted
from anxin.core.models import HolidaySchedule, ScheduleDay
from anxin.core.workdays import UnknownYear, add_working_days, is_working_day, known_years
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import PASSWORD

D = datetime.date
FIXTURE_2027 = Path(__file__).parent / "data" / "holidays-2027-fixture.csv"
SOURCE_2027 = "国务院办公厅关于2027年部分节假日安排的通知（测试数据）"


def fixture_rows() -> list[tuple[datetime.date, str, str]]:
    return [row for _line, row in parse_schedule_csv(FIXTURE_2027.read_text(encoding="utf-8"))]


def published_2026_rows() -> list[tuple[datetime.date, str, str]]:
    """The 2026 notice (domain-facts §7.1), typed in from its table."""
    holidays = [("元旦", D(2026, 1, 1), 3), ("春节", D(2026, 2, 15), 9),
                ("清明节", D(2026, 4, 4), 3), ("劳动节", D(2026, 5, 1), 5),
                ("端午节", D(2026, 6, 19), 3),
                ("中秋节", D(2026, 9, 25), 3), ("国庆节", D(2026, 10, 1), 7)]
    rows = [(first + datetime.timedelta(days=i), "holiday", name)
            for name, first, length in holidays for i in range(length)]
    rows += [(D(2026, 1, 4), "workday", "元旦"), (D(2026, 2, 14), "workday", "春节"),
             (D(2026, 2, 28), "workday", "春节"), (D(2026, 5, 9), "workday", "劳动节"),
             (D(2026, 9, 20), "workday", "国庆节"), (D(2026, 10, 10), "workday", "国庆节")]
    return rows


class ScheduleTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.root = User.objects.create_superuser(username="root", email="", password=PASSWORD,
                                                 full_name="系统管理员")

    def setUp(self):
        # The cache is per process and outlives each test's rolled-back transaction.
        workdays.clear_cache()
        self.addCleanup(workdays.clear_cache)
        # Messages are asserted by their English msgids; commands otherwise speak zh-hans.
        self.enterContext(translation.override("en"))
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def load(self, year=2027, days=None, *, user=None, source=SOURCE_2027) -> HolidaySchedule:
        # Run the on-commit hooks, so the cache clearing the action schedules really happens.
        with self.captureOnCommitCallbacks(execute=True):
            return do_load_holiday_schedule(
                year, acting_user=user or self.root, source=source,
                days=fixture_rows() if days is None else days)


class LoadingTests(ScheduleTestCase):
    def test_it_makes_a_loaded_year_computable(self):
        """Before loading, 2027 is refused; afterwards it follows the loaded rows."""
        with self.assertRaises(UnknownYear):
            is_working_day(D(2027, 1, 4))
        self.load()
        self.assertIn(2027, known_years())
        self.assertTrue(is_working_day(D(2027, 1, 4)))      # plain Monday
        self.assertFalse(is_working_day(D(2027, 1, 2)))     # plain Saturday
        self.assertFalse(is_working_day(D(2027, 2, 8)))     # Monday inside 春节
        self.assertTrue(is_working_day(D(2027, 2, 14)))     # Sunday make-up day
        self.assertTrue(is_working_day(D(2027, 9, 26)))     # Sunday make-up day
        self.assertFalse(is_working_day(D(2027, 10, 7)))
        # 12/31 (1); 1/1 holiday; 1/2–1/3 weekend; 1/4 (2) … 1/7 (5).
        self.assertEqual(add_working_days(D(2026, 12, 30), 5), D(2027, 1, 7))
        self.assertEqual(add_working_days(D(2027, 9, 30), 1), D(2027, 10, 8))

    def test_it_audits_the_load(self):
        schedule = self.load()
        event = self.assert_audited("holiday_schedule.loaded", actor=self.root, target=schedule)
        self.assertEqual(event.data["year"], 2027)
        self.assertEqual(event.data["holidays"], 15)
        self.assertEqual(event.data["workdays"], 2)
        self.assertEqual(schedule.loaded_by, self.root)
        self.assertEqual(schedule.source, SOURCE_2027)

    def test_it_refuses_anyone_but_a_superuser(self):
        """Even an organisation admin may not move every organisation's deadlines."""
        for user in (self.p.admin_a, self.p.wang_fang):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                self.load(user=user)
        self.assertFalse(HolidaySchedule.objects.exists())
        self.assert_not_audited("holiday_schedule.loaded")

    def test_it_refuses_bad_rows_and_saves_nothing(self):
        good = fixture_rows()
        bad_rows = {
            "workday_not_weekend": (D(2027, 3, 1), "workday", "周一"),
            "other_year": (D(2026, 10, 8), "holiday", "国庆节"),
            "kind": (D(2027, 3, 6), "vacation", ""),
            "duplicate": good[0],
        }
        for code, row in bad_rows.items():
            with self.subTest(code=code), self.assertRaises(ValidationError) as caught:
                self.load(days=[*good, row])
            self.assertEqual([e.code for e in caught.exception.error_list], [code])
            self.assertIn(f"row {len(good) + 1} ({row[0]})", caught.exception.messages[0])
        self.assertFalse(HolidaySchedule.objects.exists())
        self.assertFalse(ScheduleDay.objects.exists())
        self.assert_not_audited("holiday_schedule.loaded")
        with self.assertRaises(UnknownYear):
            is_working_day(D(2027, 1, 4))

    def test_it_allows_a_holiday_on_a_weekend(self):
        """Notices list weekend days inside a festival (2026-02-15 is a Sunday in 春节)."""
        schedule = self.load(days=[(D(2027, 2, 6), "holiday", "春节")])
        self.assertEqual(schedule.days.get().date, D(2027, 2, 6))

    def test_reloading_replaces_the_previous_rows(self):
        first = self.load()
        self.assertFalse(is_working_day(D(2027, 2, 8)))
        second = self.load(days=[(D(2027, 1, 1), "holiday", "元旦")], source="更正后的通知")
        self.assertEqual(second.pk, first.pk)
        self.assertEqual(list(second.days.values_list("date", flat=True)), [D(2027, 1, 1)])
        self.assertEqual(second.source, "更正后的通知")
        self.assertTrue(is_working_day(D(2027, 2, 8)))
        self.assertFalse(is_working_day(D(2027, 2, 14)))    # no longer a make-up day
        self.assertEqual(AuditEvent.objects.filter(action="holiday_schedule.loaded").count(), 2)
        self.assertTrue(self.assert_audited("holiday_schedule.loaded", target=second)
                        .data["replaced"])

    def test_a_failed_reload_keeps_the_loaded_schedule(self):
        self.load()
        with self.assertRaises(ValidationError):
            self.load(days=[(D(2027, 3, 1), "workday", "")])
        self.assertEqual(ScheduleDay.objects.count(), 17)
        self.assertFalse(is_working_day(D(2027, 2, 8)))

    def test_a_loaded_schedule_overrides_chinese_calendar(self):
        """A loaded 2026 schedule is the only source for 2026: the published table reproduces
        248 working days, and one extra (made-up) holiday takes one away."""
        self.assertTrue(is_working_day(D(2026, 3, 2)))      # computed and cached first
        extra = (D(2026, 3, 2), "holiday", "测试用额外假日")
        self.load(2026, [*published_2026_rows(), extra], source="测试：2026年通知加一天")
        self.assertFalse(is_working_day(D(2026, 3, 2)))
        self.assertEqual(workdays.working_days_between(D(2025, 12, 31), D(2026, 12, 31)), 247)
        self.assertEqual(add_working_days(D(2026, 9, 29), 5), D(2026, 10, 12))
        self.load(2026, published_2026_rows(), source="国务院办公厅关于2026年部分节假日安排的通知")
        self.assertEqual(workdays.working_days_between(D(2025, 12, 31), D(2026, 12, 31)), 248)

    def test_a_loaded_schedule_alone_decides_its_year(self):
        """Weekdays the schedule does not list are working days, even 2026-10-01 if omitted."""
        self.load(2026, [(D(2026, 1, 1), "holiday", "元旦")], source="测试：不完整的通知")
        self.assertTrue(is_working_day(D(2026, 10, 1)))
        self.assertFalse(is_working_day(D(2026, 1, 4)))     # Sunday, not listed as make-up


class CommandTests(ScheduleTestCase):
    def run_command(self, path, *, username="root", year="2027") -> str:
        out = io.StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("load_holiday_schedule", year, str(path), source=SOURCE_2027,
                         username=username, stdout=out)
        return out.getvalue()

    def csv_file(self, text: str) -> Path:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        path = Path(directory.name) / "schedule.csv"
        path.write_text(text, encoding="utf-8")
        return path

    def test_it_loads_a_csv_file(self):
        output = self.run_command(FIXTURE_2027)
        self.assertIn("2027", output)
        self.assertIn("17", output)
        schedule = HolidaySchedule.objects.get(year=2027)
        self.assert_audited("holiday_schedule.loaded", actor=self.root, target=schedule)
        self.assertEqual(add_working_days(D(2027, 9, 30), 1), D(2027, 10, 8))

    def test_it_reports_bad_rows_by_line(self):
        path = self.csv_file("date,kind,name\n"            # line 1
                             "2027-01-01,holiday,元旦\n"    # line 2
                             "2027-03-01,workday,\n"       # line 3: a Monday
                             "2026-12-31,holiday,\n"       # line 4: other year
                             "2027-03-06,vacation,\n")     # line 5: unknown kind
        with self.assertRaises(CommandError) as caught:
            self.run_command(path)
        message = str(caught.exception)
        self.assertIn("line 3 (2027-03-01)", message)
        self.assertIn("line 4 (2026-12-31)", message)
        self.assertIn("line 5 (2027-03-06)", message)
        self.assertFalse(HolidaySchedule.objects.exists())

    def test_it_reports_unreadable_dates_by_line(self):
        path = self.csv_file("date,kind,name\n2027-01-01,holiday,元旦\n2027-13-01,holiday,\n")
        with self.assertRaisesMessage(CommandError, "Line 3: “2027-13-01” is not a date"):
            self.run_command(path)

    def test_it_refuses_a_wrong_header(self):
        path = self.csv_file("day,type\n2027-01-01,holiday\n")
        with self.assertRaisesMessage(CommandError, "Line 1: the header must be"):
            self.run_command(path)

    def test_it_refuses_a_non_superuser_and_unknown_users(self):
        with self.assertRaisesMessage(CommandError, "Only a superuser"):
            self.run_command(FIXTURE_2027, username=self.p.admin_a.username)
        with self.assertRaisesMessage(CommandError, "No user is called"):
            self.run_command(FIXTURE_2027, username="nobody")
        self.assertFalse(HolidaySchedule.objects.exists())


class AdminUploadTests(ScheduleTestCase):
    url = reverse("admin:core_holidayschedule_upload")

    def post(self, text: str, year=2027):
        upload = SimpleUploadedFile("schedule.csv", text.encode("utf-8"), "text/csv")
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, {"year": year, "source": SOURCE_2027,
                                               "file": upload})

    def test_a_superuser_uploads_a_schedule(self):
        self.client.force_login(self.root)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        response = self.post(FIXTURE_2027.read_text(encoding="utf-8"))
        schedule = HolidaySchedule.objects.get(year=2027)
        self.assertRedirects(response,
                             reverse("admin:core_holidayschedule_change", args=[schedule.pk]))
        self.assert_audited("holiday_schedule.loaded", actor=self.root, target=schedule)
        self.assertEqual(self.client.get(response.url).status_code, 200)
        self.assertEqual(
            self.client.get(reverse("admin:core_holidayschedule_changelist")).status_code, 200)

    def test_bad_rows_are_shown_with_their_line(self):
        self.client.force_login(self.root)
        response = self.post("date,kind,name\n2027-03-01,workday,\n")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "line 2 (2027-03-01)")
        self.assertFalse(HolidaySchedule.objects.exists())

    def test_staff_who_are_not_superusers_are_refused(self):
        staff = User.objects.create_user(username="staff", password=PASSWORD, is_staff=True)
        self.client.force_login(staff)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.post("date,kind,name\n2027-01-01,holiday,元旦\n").status_code, 403)
        self.assertFalse(HolidaySchedule.objects.exists())
