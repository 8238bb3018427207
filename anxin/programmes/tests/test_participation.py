"""The weekly participation record (REH-6.4.3.4): a resident with a session, one with only a
group session attended, one with nothing (who comes first); a week runs Monday 00:00 to Sunday
23:59; its cost does not grow with the residents."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from anxin.programmes.participation import Week, weekly_participation
from anxin.workspace.testing.personas import make_client

from .helpers import ProgrammeTestCase, at, this_week


class WeekTest(ProgrammeTestCase):
    def test_it_reads_an_iso_week_and_refuses_anything_else(self):
        week = Week.parse("2026-W49")
        self.assertEqual(week.monday, datetime.date(2026, 11, 30))
        self.assertEqual(week.sunday, datetime.date(2026, 12, 6))
        self.assertEqual(week.code, "2026-W49")
        self.assertEqual(week.next.code, "2026-W50")
        self.assertEqual(Week.parse("2027-W01").monday, datetime.date(2027, 1, 4))
        self.assertEqual(Week.parse("").monday, this_week().monday)
        for bad in ("2026-49", "2026-W54", "abc"):
            with self.subTest(bad=bad):
                self.assertIn("week", self.refusal(lambda b=bad: Week.parse(b)))


class ParticipationTest(ProgrammeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.client_c = make_client(p.org_a, p.wang_fang, name="王建国", sequence=44)
        cls.case_c = cls.resident(cls.client_c, p.wang_fang)

    def setUp(self):
        # Two weeks back, so that the following week is in the past too.
        self.week = this_week().previous.previous

    def rows(self, week=None, user=None):
        record = weekly_participation(user or self.p.admin_a, week or self.week)
        return {row.case.pk: row for row in record.residents}, record

    def test_it_counts_sessions_and_group_attendance_and_puts_those_with_none_first(self):
        self.session(started_at=at(self.week.monday + datetime.timedelta(days=2)))
        self.group_attendance(self.p.client_a2, at(self.week.monday + datetime.timedelta(days=1)))
        rows, record = self.rows()
        self.assertEqual((rows[self.case_a.pk].sessions, rows[self.case_a.pk].group_sessions),
                         (1, 0))
        self.assertEqual(rows[self.case_a.pk].by_programme, {"self_care": 1})
        self.assertEqual((rows[self.case_a2.pk].sessions, rows[self.case_a2.pk].group_sessions),
                         (0, 1))
        self.assertEqual(rows[self.case_a2.pk].by_programme, {"interests": 1})
        self.assertTrue(rows[self.case_c.pk].has_none)
        self.assertEqual([row.case for row in record.without_any], [self.case_c])
        self.assertEqual(record.residents[0].case, self.case_c)

    def test_the_week_ends_on_sunday_night_and_the_next_begins_on_monday(self):
        sunday_night = at(self.week.sunday, 23, 59)
        monday_morning = at(self.week.next.monday, 0, 0)
        self.session(started_at=sunday_night)
        self.session(started_at=monday_morning, programme="vocational")
        self.group_attendance(self.p.client_a2, monday_morning)
        this, _ = self.rows()
        following, _ = self.rows(self.week.next)
        self.assertEqual(this[self.case_a.pk].by_programme, {"self_care": 1})
        self.assertEqual(this[self.case_a2.pk].group_sessions, 0)
        self.assertEqual(following[self.case_a.pk].by_programme, {"vocational": 1})
        self.assertEqual(following[self.case_a2.pk].group_sessions, 1)
        before, _ = self.rows(self.week.previous)
        self.assertTrue(before[self.case_a.pk].has_none)

    def test_absent_and_cancelled_do_not_count_a_late_member_does(self):
        day = at(self.week.monday + datetime.timedelta(days=3))
        group = self.group_attendance(self.p.client_a2, day, status="absent")
        self.group_attendance(self.p.client_a, day, status="late", group=group)
        rows, _ = self.rows()
        self.assertEqual(rows[self.case_a2.pk].group_sessions, 0)
        self.assertEqual(rows[self.case_a.pk].group_sessions, 1)

    def test_a_group_programme_of_the_groups_app_maps_to_reh_5_5_2(self):
        self.group_attendance(self.p.client_a, at(self.week.monday), programme="self_management")
        rows, _ = self.rows()
        self.assertEqual(rows[self.case_a.pk].by_programme, {"health_self_management": 1})

    def test_each_reader_sees_the_residents_of_the_cases_they_see(self):
        p = self.p
        self.assertEqual(set(self.rows(user=p.wang_fang)[0]), {self.case_a.pk, self.case_c.pk})
        self.assertEqual(set(self.rows(user=p.li_qiang)[0]), {self.case_a2.pk})
        self.assertEqual(set(self.rows(user=p.zhao_lei)[0]), set())
        self.assertEqual(set(self.rows(user=p.viewer)[0]), set())

    def test_a_case_that_left_or_was_not_admitted_is_no_resident(self):
        self.case_c.stage = "closed"
        self.case_c.save(update_fields=["stage"])
        self.assertNotIn(self.case_c.pk, self.rows()[0])

    def count_queries(self) -> int:
        user = self.p.admin_a
        user.membership  # noqa: B018 (the request's membership, read once by the middleware)
        with CaptureQueriesContext(connection) as queries:
            weekly_participation(user, self.week)
        return len(queries)

    def test_its_query_count_does_not_grow_with_residents(self):
        day = at(self.week.monday + datetime.timedelta(days=1))
        self.session(started_at=day)
        self.group_attendance(self.p.client_a2, day)
        few = self.count_queries()
        for i in range(6):
            client = make_client(self.p.org_a, self.p.wang_fang, name=f"康复者{i}",
                                 sequence=60 + i)
            case = self.resident(client, self.p.wang_fang)
            self.session(case, started_at=day, lead_sex=client.sex)
            self.group_attendance(client, day)
        self.assertEqual(self.count_queries(), few)
        self.assertLessEqual(few, 3)
        self.assertEqual(len(weekly_participation(self.p.admin_a, self.week).residents), 9)
