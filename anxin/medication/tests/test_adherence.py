"""Adherence: given / (given + refused + missed) of the doses scheduled in a period, with its
counts; None when no dose was scheduled. The pure function first, then the one-query selector."""

import datetime
from decimal import Decimal

from django.test import SimpleTestCase

from anxin.medication import actions
from anxin.medication.adherence import adherence, client_adherence
from anxin.medication.models import scheduled_at

from .helpers import DAY, TODAY, MedicationTestCase

END = datetime.date(2026, 3, 14)
START = END - 13 * DAY


def fortnight() -> list[tuple[datetime.datetime, str]]:
    """14 days × 08:00 and 20:00 = 28 doses: 3 refused, 1 missed, the other 24 given."""
    rows = []
    for n in range(14):
        day = START + n * DAY
        rows += [(scheduled_at(day, "08:00"), "given"), (scheduled_at(day, "20:00"), "given")]
    rows[3] = (rows[3][0], "refused")
    rows[10] = (rows[10][0], "refused")
    rows[17] = (rows[17][0], "refused")
    rows[25] = (rows[25][0], "missed")
    return rows


class AdherenceFunctionTest(SimpleTestCase):
    def test_it_works_out_the_hand_worked_fortnight(self):
        """24 / 28 = 0.857142… → 85.7 %."""
        figure = adherence(fortnight(), start=START, end=END)
        self.assertEqual((figure.given, figure.refused, figure.missed, figure.scheduled),
                         (24, 3, 1, 28))
        self.assertEqual(figure.percent, Decimal("85.7"))
        self.assertEqual(figure.rate, Decimal(24) / Decimal(28))

    def test_it_counts_both_ends_of_the_period_and_nothing_outside(self):
        rows = fortnight() + [(scheduled_at(START - DAY, "20:00"), "missed"),
                              (scheduled_at(END + DAY, "00:00"), "missed")]
        self.assertEqual(adherence(rows, start=START, end=END).scheduled, 28)
        # The misses of the evening before and the midnight after fall outside either end.
        for day in (START, END):
            with self.subTest(day=day):
                one_day = adherence(rows, start=day, end=day)
                self.assertEqual((one_day.given, one_day.missed, one_day.percent),
                                 (2, 0, Decimal("100.0")))
        self.assertEqual(adherence(rows, start=START - DAY, end=START - DAY).missed, 1)

    def test_it_is_none_without_a_scheduled_dose(self):
        self.assertIsNone(adherence([], start=START, end=END))
        self.assertIsNone(adherence(fortnight(), start=END + DAY, end=END + 7 * DAY))

    def test_it_is_zero_when_no_dose_was_given(self):
        figure = adherence([(scheduled_at(END, "08:00"), "refused")], start=END, end=END)
        self.assertEqual(figure.percent, Decimal("0.0"))


class ClientAdherenceTest(MedicationTestCase):
    def test_it_reads_the_last_7_and_30_days_in_one_query(self):
        """Yesterday: one given, one refused; 20 days ago one missed (in 30 days, not in 7)."""
        actions.do_record_administration(
            self.rx, acting_user=self.p.wang_fang,
            scheduled_for=scheduled_at(TODAY() - 20 * DAY, "08:00"), outcome="missed",
            note="外出未归")
        with self.assertNumQueries(1):
            figures = client_adherence(self.p.client_a, days=(7, 30))
        self.assertEqual((figures[7].given, figures[7].refused, figures[7].missed), (1, 1, 0))
        self.assertEqual(figures[7].percent, Decimal("50.0"))
        self.assertEqual((figures[30].scheduled, figures[30].percent), (3, Decimal("33.3")))
        self.assertIsNone(client_adherence(self.p.client_a2)[30])
