"""Chinese working days from chinese-calendar (no schedule loaded).

Expected dates are the published State Council schedules and the worked examples of
domain-facts §7, not numbers produced by the code under test.
"""

import datetime

from django.test import TestCase
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import django as hypothesis_django

from anxin.core import workdays
from anxin.core.workdays import (
    UnknownYear,
    add_working_days,
    is_working_day,
    known_years,
    working_days_between,
)

D = datetime.date


def date_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]


MAKE_UP_DAYS_2026 = [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9),
                     D(2026, 9, 20), D(2026, 10, 10)]
MAKE_UP_DAYS_2025 = [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28),
                     D(2025, 10, 11)]


class CalendarTestCase(TestCase):
    def setUp(self):
        # The cache is per process and outlives each test's rolled-back transaction.
        workdays.clear_cache()
        self.addCleanup(workdays.clear_cache)


class WorkedExampleTests(CalendarTestCase):
    def test_it_counts_five_working_days_across_national_day(self):
        """CMH-6.1 example: 5 working days after 2026-09-29 skip 10/1–10/7, count Saturday
        10/10 (make-up) and end on Monday 10/12."""
        self.assertEqual(add_working_days(D(2026, 9, 29), 5), D(2026, 10, 12))

    def test_it_counts_fifteen_working_days_across_spring_festival(self):
        """CMH-6.2 example: 15 working days after 2026-02-10 end on 2026-03-09."""
        self.assertEqual(add_working_days(D(2026, 2, 10), 15), D(2026, 3, 9))

    def test_it_counts_a_sunday_make_up_day_before_mid_autumn(self):
        """10 working days after 2026-09-15 include Sunday 9/20 and skip 9/25–9/27."""
        self.assertEqual(add_working_days(D(2026, 9, 15), 10), D(2026, 9, 29))

    def test_it_crosses_new_year_into_a_sunday_make_up_day(self):
        """1 working day after 2025-12-31 or 2026-01-02 is Sunday 2026-01-04."""
        self.assertEqual(add_working_days(D(2025, 12, 31), 1), D(2026, 1, 4))
        self.assertEqual(add_working_days(D(2026, 1, 2), 1), D(2026, 1, 4))

    def test_make_up_days_are_working_days(self):
        for day in MAKE_UP_DAYS_2026 + MAKE_UP_DAYS_2025:
            with self.subTest(day=day):
                self.assertEqual(day.weekday() >= 5, True)
                self.assertTrue(is_working_day(day))

    def test_holidays_are_not_working_days(self):
        holidays = (date_range(D(2026, 10, 1), D(2026, 10, 7))
                    + date_range(D(2026, 2, 15), D(2026, 2, 23))
                    + date_range(D(2025, 10, 1), D(2025, 10, 8))
                    + date_range(D(2025, 1, 28), D(2025, 2, 4)))
        for day in holidays:
            with self.subTest(day=day):
                self.assertFalse(is_working_day(day))

    def test_plain_weekdays_and_weekends(self):
        self.assertTrue(is_working_day(D(2026, 3, 10)))     # Tuesday
        self.assertFalse(is_working_day(D(2026, 3, 14)))    # Saturday, no make-up

    def test_each_year_has_248_working_days(self):
        """Both notices give 248 working days (domain-facts §7.1, §7.2)."""
        for year in (2025, 2026):
            with self.subTest(year=year):
                self.assertEqual(working_days_between(D(year - 1, 12, 31), D(year, 12, 31)), 248)

    def test_between_is_signed_and_excludes_the_start(self):
        self.assertEqual(working_days_between(D(2026, 9, 29), D(2026, 10, 12)), 5)
        self.assertEqual(working_days_between(D(2026, 10, 12), D(2026, 9, 29)), -5)
        self.assertEqual(working_days_between(D(2026, 3, 10), D(2026, 3, 10)), 0)
        self.assertEqual(working_days_between(D(2026, 3, 9), D(2026, 3, 10)), 1)

    def test_zero_days_is_the_start_and_negative_is_refused(self):
        self.assertEqual(add_working_days(D(2026, 10, 3), 0), D(2026, 10, 3))
        with self.assertRaises(ValueError):
            add_working_days(D(2026, 3, 10), -1)

    def test_it_refuses_a_datetime(self):
        """A datetime carries a time zone question this module should not answer."""
        with self.assertRaises(TypeError):
            is_working_day(datetime.datetime(2026, 3, 10, 9, 0))


class UnknownYearTests(CalendarTestCase):
    def test_it_refuses_a_date_in_an_unpublished_year(self):
        with self.assertRaises(UnknownYear) as caught:
            is_working_day(D(2027, 1, 4))
        self.assertEqual(caught.exception.year, 2027)
        with translation.override("en"):
            self.assertIn("2027", str(caught.exception))
            self.assertIn("not loaded", str(caught.exception.message))

    def test_it_refuses_to_step_past_new_year_into_an_unknown_year(self):
        """5 working days after 2026-12-30 need January 2027: refused, not guessed."""
        with self.assertRaises(UnknownYear) as caught:
            add_working_days(D(2026, 12, 30), 5)
        self.assertEqual(caught.exception.year, 2027)

    def test_it_still_counts_up_to_the_last_known_day(self):
        self.assertEqual(add_working_days(D(2026, 12, 30), 1), D(2026, 12, 31))

    def test_it_refuses_a_span_ending_in_an_unknown_year(self):
        with self.assertRaises(UnknownYear):
            working_days_between(D(2026, 12, 1), D(2027, 1, 5))

    def test_it_refuses_years_before_the_library(self):
        with self.assertRaises(UnknownYear) as caught:
            is_working_day(D(2003, 6, 2))
        self.assertEqual(caught.exception.year, 2003)

    def test_known_years_are_the_library_years(self):
        years = known_years()
        self.assertTrue({2004, 2025, 2026} <= years)
        self.assertNotIn(2027, years)


class PropertyTests(hypothesis_django.TestCase):
    def setUp(self):
        workdays.clear_cache()
        self.addCleanup(workdays.clear_cache)

    # Starts end on 2026-10-31 so that 40 working days always stay inside 2026 (November and
    # December 2026 hold 44); crossing into 2027 is the next property's job.
    starts = st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 10, 31))
    counts = st.integers(min_value=1, max_value=40)

    @settings(max_examples=300, deadline=None)
    @given(start=starts, n=counts)
    def test_the_nth_working_day_after_start(self, start, n):
        result = add_working_days(start, n)
        self.assertTrue(is_working_day(result))
        self.assertGreater(result, start)
        self.assertEqual(working_days_between(start, result), n)
        self.assertEqual(working_days_between(result, start), -n)
        # No working day is skipped: the day before the result still has only n - 1.
        self.assertEqual(working_days_between(start, result - datetime.timedelta(days=1)),
                         n - 1)
        self.assertLess(result, add_working_days(start, n + 1))

    @settings(max_examples=100, deadline=None)
    @given(start=st.dates(min_value=D(2026, 11, 1), max_value=D(2026, 12, 31)),
           n=st.integers(min_value=1, max_value=60))
    def test_it_answers_inside_2026_or_refuses_2027(self, start, n):
        remaining_in_2026 = working_days_between(start, D(2026, 12, 31))
        if n <= remaining_in_2026:
            self.assertEqual(add_working_days(start, n).year, 2026)
        else:
            with self.assertRaises(UnknownYear):
                add_working_days(start, n)
