"""Due dates of real cases in Chinese working days: intake within 5 (CMH-6.1), assessment within
15 (CMH-6.2), counted from the State Council's 2026 schedule (domain-facts §7.1).

Every expected date below is worked out by hand from that schedule, not produced by the code:
2026 holidays — 春节 2/15 (Sun) – 2/23 (Mon), make-up Saturdays 2/14 and 2/28; 中秋 9/25 – 9/27;
国庆 10/1 (Thu) – 10/7 (Wed), make-up days Sunday 9/20 and Saturday 10/10. The start day is not
counted; the due date is the n-th working day after it (domain-facts §7.3).
"""

import datetime
from unittest import mock

from django.core.exceptions import ValidationError
from django.utils import translation

from anxin.cases import actions, deadlines, scenarios
from anxin.cases.models import Case
from anxin.core import workdays
from anxin.workspace.testing.cases import PersonaTestCase

D = datetime.date


class DeadlineTestCase(PersonaTestCase):
    def setUp(self):
        # The working-day cache is per process and outlives each test's transaction.
        workdays.clear_cache()
        self.addCleanup(workdays.clear_cache)

    def open_case(self, application_date):
        return actions.do_open_case(
            self.p.client_a, acting_user=self.p.wang_fang, worker=self.p.wang_fang,
            supervisor=self.p.chen_min, source="sought_help", application_date=application_date,
            needs="近期停药，睡眠差")

    def in_assessment(self, intake_completed: datetime.date):
        """A real case in assessment whose intake ended on `intake_completed`:
        do_transition stamps today's date, so the milestone is set here as that date."""
        case = scenarios.advance(self.open_case(D(2026, 9, 28)), "assessment",
                                 worker=self.p.wang_fang, supervisor=self.p.chen_min)
        case.milestones = {**case.milestones, "intake.completed": intake_completed.isoformat()}
        return case


class IntakeDeadlineTests(DeadlineTestCase):
    def test_an_application_before_national_day_is_due_on_the_make_up_saturday(self):
        """Received Monday 2026-09-28. Working days after it: 9/29 Tue (1), 9/30 Wed (2);
        10/1–10/7 National Day holiday; 10/8 Thu (3), 10/9 Fri (4), 10/10 Sat — a make-up
        working day — (5). Due 2026-10-10."""
        case = self.open_case(D(2026, 9, 28))
        self.assertEqual(case.due_on, D(2026, 10, 10))
        self.assertEqual(Case.objects.get(pk=case.pk).due_on, D(2026, 10, 10))
        self.assertEqual(case.milestones, {"application.received": "2026-09-28"})
        # Accepting the case keeps the same clock: the intake is inside the same 5 days.
        scenarios.consent(case, self.p.wang_fang, today=D(2026, 9, 29))
        case = scenarios.accept(case, self.p.wang_fang)
        self.assertEqual(case.stage, "intake")
        self.assertEqual(case.due_on, D(2026, 10, 10))

    def test_an_application_received_during_the_holiday_counts_from_the_first_working_day(self):
        """Received Saturday 2026-10-03 (holiday): 10/8 Thu (1), 10/9 Fri (2), 10/10 Sat
        make-up (3), 10/11 Sun off, 10/12 Mon (4), 10/13 Tue (5). Due 2026-10-13."""
        self.assertEqual(self.open_case(D(2026, 10, 3)).due_on, D(2026, 10, 13))

    def test_an_application_before_mid_autumn_counts_the_sunday_make_up_day(self):
        """Received Thursday 2026-09-17: 9/18 Fri (1), 9/20 Sun make-up (2), 9/21 Mon (3),
        9/22 Tue (4), 9/23 Wed (5). Due 2026-09-23."""
        self.assertEqual(self.open_case(D(2026, 9, 17)).due_on, D(2026, 9, 23))

    def test_a_stage_without_a_deadline_has_no_due_date(self):
        case = scenarios.advance(self.open_case(D(2026, 9, 28)), "planning",
                                 worker=self.p.wang_fang, supervisor=self.p.chen_min)
        self.assertIsNone(case.due_on)
        self.assertIsNone(deadlines.deadline_status(case, today=D(2026, 10, 9)))


class AssessmentDeadlineTests(DeadlineTestCase):
    def test_fifteen_working_days_across_the_spring_festival(self):
        """Intake completed Thursday 2026-02-12: 2/13 Fri (1), 2/14 Sat make-up (2);
        2/15–2/23 Spring Festival; 2/24 Tue (3), 2/25 (4), 2/26 (5), 2/27 (6), 2/28 Sat
        make-up (7), 3/1 Sun off, 3/2 Mon (8), 3/3 (9), 3/4 (10), 3/5 (11), 3/6 (12),
        3/9 Mon (13), 3/10 (14), 3/11 Wed (15). Due 2026-03-11."""
        case = self.in_assessment(D(2026, 2, 12))
        self.assertEqual(deadlines.compute_due_on(case), D(2026, 3, 11))
        deadlines.refresh_due_on(case)
        self.assertEqual(case.due_on, D(2026, 3, 11))

    def test_the_published_worked_example_of_the_spring_festival(self):
        """domain-facts §7.3: 15 working days after Tuesday 2026-02-10 is Monday 2026-03-09
        (2/11, 2/12, 2/13, 2/14 make-up, then 2/24 … 2/28 make-up, 3/2 … 3/6, 3/9)."""
        case = self.in_assessment(D(2026, 2, 10))
        self.assertEqual(deadlines.compute_due_on(case), D(2026, 3, 9))

    def test_an_intake_completed_on_the_eve_of_the_holiday(self):
        """Intake completed Saturday 2026-02-14 (a make-up working day; not counted):
        2/24 Tue (1) … 2/27 Fri (4), 2/28 Sat make-up (5), 3/2–3/6 (6–10), 3/9–3/13 (11–15).
        Due Friday 2026-03-13."""
        case = self.in_assessment(D(2026, 2, 14))
        self.assertEqual(deadlines.compute_due_on(case), D(2026, 3, 13))

    def test_completing_the_intake_starts_the_assessment_clock_from_that_day(self):
        case = scenarios.advance(self.open_case(D(2026, 9, 28)), "assessment",
                                 worker=self.p.wang_fang, supervisor=self.p.chen_min)
        completed = datetime.date.fromisoformat(case.milestones["intake.completed"])
        self.assertEqual(case.milestones["application.received"], "2026-09-28")
        self.assertEqual(case.due_on, _or_none(workdays.add_working_days, completed, 15))


def _or_none(function, *args):
    try:
        return function(*args)
    except workdays.UnknownYear:
        return None


class UnknownYearTests(DeadlineTestCase):
    def test_a_deadline_running_into_2027_is_not_guessed(self):
        """Intake completed Friday 2026-12-11: 12/14–12/18 (5), 12/21–12/25 (10),
        12/28–12/31 (14); the 15th working day falls in 2027, whose schedule is not
        published — so there is no due date, and the case says why."""
        case = self.in_assessment(D(2026, 12, 11))
        with self.assertRaises(workdays.UnknownYear) as caught:
            deadlines.compute_due_on(case)
        self.assertEqual(caught.exception.year, 2027)
        deadlines.refresh_due_on(case)
        self.assertIsNone(case.due_on)
        status = deadlines.deadline_status(case, today=D(2026, 12, 14))
        self.assertIsNone(status.due_on)
        self.assertIsNone(status.working_days_left)
        self.assertFalse(status.is_overdue)
        self.assertEqual(status.clause, "CMH-6.2")
        for language in ("zh-hans", "en"):
            with self.subTest(language=language), translation.override(language):
                status = deadlines.deadline_status(case, today=D(2026, 12, 14))
                self.assertIn("2027", status.problem)
                self.assertEqual(status.text, status.problem)

    def test_a_case_opened_just_before_new_year_has_no_due_date_yet(self):
        """Opened on Monday 2026-12-28 (seen from 2027-01-04): 12/29, 12/30, 12/31 are three
        working days; the last two would fall in 2027."""
        with mock.patch("django.utils.timezone.localdate", return_value=D(2027, 1, 4)):
            case = self.open_case(D(2026, 12, 28))
        self.assertIsNone(case.due_on)
        self.assertEqual(case.milestones, {"application.received": "2026-12-28"})
        with translation.override("en"):
            status = deadlines.deadline_status(case, today=D(2027, 1, 4))
            self.assertIn("2027", status.text)
        self.assertEqual(status.clause, "CMH-6.1")

    def test_an_application_date_in_an_unknown_year_is_refused(self):
        # chinese-calendar knows 2004–2026; 2027 is checked as if it were already 2027.
        for today, applied, year in ((D(2027, 1, 4), D(2027, 1, 4), "2027"),
                                     (D(2026, 11, 23), D(2003, 6, 2), "2003")):
            with self.subTest(applied=applied), translation.override("en"):
                with mock.patch("django.utils.timezone.localdate", return_value=today):
                    with self.assertRaises(ValidationError) as caught:
                        self.open_case(applied)
                errors = caught.exception.message_dict
                self.assertEqual(list(errors), ["application_date"])
                self.assertIn(year, errors["application_date"][0])
        self.assertFalse(Case.objects.exists())
        self.assert_not_audited("case.opened")


class DeadlineStatusTests(DeadlineTestCase):
    """Intake due Saturday 2026-10-10 (application on Monday 2026-09-28, see above)."""

    def status(self, today):
        case = Case.objects.get(pk=self.case.pk)
        with translation.override("en"):
            status = deadlines.deadline_status(case, today=today)
            return status, status.text

    def setUp(self):
        super().setUp()
        self.case = self.open_case(D(2026, 9, 28))

    def test_due_in_a_number_of_working_days(self):
        # (9/28, 10/10] holds 9/29, 9/30, 10/8, 10/9, 10/10.
        status, text = self.status(D(2026, 9, 28))
        self.assertEqual((status.due_on, status.working_days_left, status.clause),
                         (D(2026, 10, 10), 5, "CMH-6.1"))
        self.assertEqual(text, "due in 5 working days")
        # From inside the holiday only 10/8, 10/9 and 10/10 are left.
        self.assertEqual(self.status(D(2026, 10, 3))[1], "due in 3 working days")
        self.assertEqual(self.status(D(2026, 10, 9))[1], "due in 1 working day")

    def test_due_today(self):
        status, text = self.status(D(2026, 10, 10))
        self.assertEqual((status.working_days_left, status.is_overdue, text),
                         (0, False, "due today"))

    def test_overdue_by_a_number_of_working_days(self):
        status, text = self.status(D(2026, 10, 12))  # 10/11 is a Sunday
        self.assertEqual((status.working_days_left, status.is_overdue, text),
                         (-1, True, "overdue by 1 working day"))
        # 10/12, 10/13, 10/14.
        self.assertEqual(self.status(D(2026, 10, 14))[1], "overdue by 3 working days")

    def test_a_deadline_that_passed_is_overdue_even_on_a_day_off(self):
        """Sunday 2026-10-11, the day after the due date: no working day has passed since,
        but the deadline has — the case must not read "due today"."""
        status, text = self.status(D(2026, 10, 11))
        self.assertTrue(status.is_overdue)
        self.assertEqual(text, "overdue by 1 working day")

    def test_no_status_once_the_intake_stages_are_left(self):
        case = scenarios.advance(self.case, "closed", worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min)
        self.assertIsNone(deadlines.deadline_status(case, today=D(2026, 10, 9)))
        self.assertIsNone(case.due_on)
