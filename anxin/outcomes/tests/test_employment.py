"""REH-6.4.4 and 6.4.4.2: who counts as employed in a year — 90 days at work in the year, all
kinds alike, each day once, only the days inside the year (employment.py's docstring)."""

import datetime
from dataclasses import dataclass

from django.test import SimpleTestCase

from anxin.outcomes.employment import MINIMUM_DAYS, counts_as_employed, days_at_work

D = datetime.date


@dataclass
class P:
    started_on: datetime.date
    ended_on: datetime.date | None = None
    kind: str = "assisted"


def spell(start: datetime.date, days: int, kind: str = "assisted") -> P:
    """A placement of exactly `days` days from `start`, both ends included."""
    return P(start, start + datetime.timedelta(days=days - 1), kind)


class CountsAsEmployedTest(SimpleTestCase):
    def test_it_leaves_out_89_days_and_counts_90_and_91(self):
        self.assertEqual(MINIMUM_DAYS, 90)
        for days, counted in ((89, False), (90, True), (91, True)):
            with self.subTest(days=days):
                placements = [spell(D(2025, 3, 1), days)]
                self.assertEqual(days_at_work(placements, 2025), days)
                self.assertIs(counts_as_employed(placements, 2025), counted)

    def test_it_counts_1_january_to_31_march_of_a_common_year_as_three_months(self):
        self.assertTrue(counts_as_employed([P(D(2025, 1, 1), D(2025, 3, 31))], 2025))
        self.assertFalse(counts_as_employed([P(D(2025, 1, 2), D(2025, 3, 31))], 2025))

    def test_an_ended_placement_counts_only_to_its_end(self):
        ended = P(D(2025, 6, 1), D(2025, 7, 15), "full_time")
        self.assertEqual(days_at_work([ended], 2025), 45)
        self.assertFalse(counts_as_employed([ended], 2025))

    def test_an_ongoing_placement_runs_to_the_end_of_the_year_or_to_as_of(self):
        ongoing = P(D(2025, 11, 1), kind="flexible")
        self.assertEqual(days_at_work([ongoing], 2025), 61)
        self.assertFalse(counts_as_employed([ongoing], 2025))
        started = P(D(2025, 1, 1))
        self.assertFalse(counts_as_employed([started], 2025, as_of=D(2025, 3, 30)))
        self.assertTrue(counts_as_employed([started], 2025, as_of=D(2025, 3, 31)))

    def test_a_placement_spanning_years_counts_its_days_in_each_year(self):
        spanning = P(D(2024, 11, 1), D(2025, 2, 28), "full_time")
        self.assertEqual(days_at_work([spanning], 2024), 61)
        self.assertEqual(days_at_work([spanning], 2025), 59)
        self.assertFalse(counts_as_employed([spanning], 2024))
        self.assertFalse(counts_as_employed([spanning], 2025))
        long = P(D(2023, 5, 1), D(2025, 4, 1))
        self.assertEqual(days_at_work([long], 2024), 366)
        self.assertTrue(counts_as_employed([long], 2025))
        self.assertFalse(counts_as_employed([long], 2026))

    def test_short_spells_add_up_and_overlapping_days_count_once(self):
        first, second = spell(D(2025, 2, 1), 45), spell(D(2025, 9, 1), 45, "flexible")
        self.assertTrue(counts_as_employed([first, second], 2025))
        overlapping = [spell(D(2025, 2, 1), 60), spell(D(2025, 3, 1), 60, "full_time")]
        self.assertEqual(days_at_work(overlapping, 2025), 88)
        self.assertFalse(counts_as_employed(overlapping, 2025))
        inside = [spell(D(2025, 2, 1), 90), spell(D(2025, 2, 10), 10)]
        self.assertEqual(days_at_work(inside, 2025), 90)

    def test_it_counts_nobody_without_placements_or_with_an_unknown_kind(self):
        self.assertFalse(counts_as_employed([], 2025))
        self.assertFalse(counts_as_employed([spell(D(2025, 1, 1), 200, "volunteering")], 2025))
