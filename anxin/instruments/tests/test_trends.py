"""History charts: band shading, the points, the reading of the change since the first
administration in the scale's direction, and the accessible text (title, desc, data table).

Responses here are unsaved objects built as the action stores them: trends never queries."""

import datetime
import re
from decimal import Decimal

from django.template.loader import render_to_string
from django.test import SimpleTestCase
from django.utils import translation

from anxin.instruments import trends
from anxin.instruments.definitions import CHANGED, IMPROVED, UNCHANGED, WORSE
from anxin.instruments.library.bmi import BMI
from anxin.instruments.library.phq9 import PHQ9
from anxin.instruments.library.whoqol_bref import WHOQOL_BREF
from anxin.instruments.models import InstrumentResponse
from anxin.instruments.scoring import score

START = datetime.date(2026, 3, 2)


def response(instrument, answers, *, days=0, pk=None):
    """An InstrumentResponse as do_record_response would store it (not saved)."""
    result = score(instrument, answers)
    stored = InstrumentResponse(
        pk=pk, instrument=instrument.code, version=instrument.version, answers=answers,
        totals={k: str(v) if isinstance(v, Decimal) else v for k, v in result.totals.items()},
        bands={k: b.code if b else None for k, b in result.bands.items()},
        flags=[f.code for f in result.flags],
        administered_on=START + datetime.timedelta(days=days))
    return stored


def phq9(total, item_9=0):
    values = [0] * 9
    values[8] = item_9
    rest = total - item_9
    for i in range(8):
        values[i] = min(3, rest)
        rest -= values[i]
    return {f"item_{n}": v for n, v in enumerate(values, start=1)}


def whoqol(value):
    return {f"item_{n}": value for n in range(1, 27)}


class ReadingTest(SimpleTestCase):
    def chart(self, instrument, scale, responses):
        return trends.chart(instrument, instrument.scale(scale), responses, key="k")

    def test_a_falling_phq9_is_an_improvement(self):
        chart = self.chart(PHQ9, "total", [response(PHQ9, phq9(14), days=0, pk=1),
                                           response(PHQ9, phq9(9), days=14, pk=2),
                                           response(PHQ9, phq9(6), days=28, pk=3)])
        self.assertEqual((chart.first.value, chart.last.value, chart.change), (14, 6, -8))
        self.assertEqual(chart.reading, IMPROVED)
        self.assertEqual(chart.change_label, "-8")
        with translation.override("en"):
            self.assertEqual(chart.reading_label, "improved")

    def test_a_rising_phq9_is_worse_and_a_rising_whoqol_domain_an_improvement(self):
        rising = [response(PHQ9, phq9(3), pk=1), response(PHQ9, phq9(12), days=7, pk=2)]
        self.assertEqual(self.chart(PHQ9, "total", rising).reading, WORSE)
        better = [response(WHOQOL_BREF, whoqol(2), pk=1),
                  response(WHOQOL_BREF, whoqol(4), days=30, pk=2)]
        chart = self.chart(WHOQOL_BREF, "physical_100", better)
        self.assertEqual(chart.reading, IMPROVED)
        self.assertEqual(chart.change_label, "+" + str(chart.last.value - chart.first.value))

    def test_the_same_score_is_unchanged_and_a_bmi_change_has_no_direction(self):
        same = [response(PHQ9, phq9(7), pk=1), response(PHQ9, phq9(7), days=7, pk=2)]
        self.assertEqual(self.chart(PHQ9, "total", same).reading, UNCHANGED)
        weights = [response(BMI, {"weight_kg": 80, "height_cm": 170}, pk=1),
                   response(BMI, {"weight_kg": 72, "height_cm": 170}, days=60, pk=2)]
        chart = self.chart(BMI, "bmi", weights)
        self.assertEqual(chart.reading, CHANGED)
        self.assertEqual((chart.first.value, chart.last.value),
                         (Decimal("27.7"), Decimal("24.9")))

    def test_one_administration_has_no_change_yet(self):
        chart = self.chart(PHQ9, "total", [response(PHQ9, phq9(12), pk=1)])
        self.assertEqual((chart.reading, chart.change, chart.change_label), ("", None, ""))
        left, right = trends.LEFT + 12, trends.WIDTH - trends.RIGHT - trends.LABELS
        self.assertEqual(chart.first.x, (left + right) / 2)

    def test_a_domain_that_could_not_be_scored_is_left_out_of_the_line(self):
        blanks = whoqol(3) | {"item_20": None, "item_21": None}
        chart = self.chart(WHOQOL_BREF, "social_100", [
            response(WHOQOL_BREF, whoqol(2), pk=1), response(WHOQOL_BREF, blanks, days=5, pk=2),
            response(WHOQOL_BREF, whoqol(4), days=9, pk=3)])
        self.assertEqual(len(chart.points), 2)
        self.assertEqual([value for _r, value, _b in chart.table_rows], ["25.00", "—", "75.00"])


class LayoutTest(SimpleTestCase):
    def test_bands_are_shaded_across_the_whole_range_without_gaps(self):
        chart = trends.chart(PHQ9, PHQ9.scale("total"), [response(PHQ9, phq9(5), pk=1)],
                             key="k")
        self.assertEqual([s.band.code for s in chart.strips],
                         ["minimal", "mild", "moderate", "moderately_severe", "severe"])
        bottom, top = trends.HEIGHT - trends.BOTTOM, trends.TOP
        self.assertAlmostEqual(chart.strips[0].y + chart.strips[0].height, bottom)
        self.assertAlmostEqual(chart.strips[-1].y, top)
        for lower, upper in zip(chart.strips, chart.strips[1:], strict=False):
            self.assertAlmostEqual(upper.y + upper.height, lower.y)
        # Lower is better: the bottom band is the calm colour, the top one the alarming.
        self.assertEqual((chart.strips[0].fill, chart.strips[-1].fill),
                         (trends.GOOD_TO_BAD[0], trends.GOOD_TO_BAD[-1]))

    def test_higher_is_better_turns_the_colours_round(self):
        from anxin.instruments.library.satisfaction_f import SATISFACTION_F

        chart = trends.chart(SATISFACTION_F, SATISFACTION_F.scale("satisfaction"), [], key="k")
        self.assertEqual(chart.strips[0].band.code, "very_dissatisfied")
        self.assertEqual((chart.strips[0].fill, chart.strips[-1].fill),
                         (trends.GOOD_TO_BAD[-1], trends.GOOD_TO_BAD[0]))

    def test_an_open_ended_scale_is_drawn_around_its_values_and_band_edges(self):
        chart = trends.chart(BMI, BMI.scale("bmi"),
                             [response(BMI, {"weight_kg": 70, "height_cm": 170}, pk=1)], key="k")
        low, high = chart.ticks[0].value, chart.ticks[-1].value
        self.assertLess(low, Decimal("18.5"))
        self.assertGreater(high, Decimal("28"))
        self.assertEqual(len(chart.strips), 4)

    def test_axis_ticks_are_round_and_include_both_ends(self):
        self.assertEqual(trends._ticks(Decimal(0), Decimal(27)), [0, 5, 10, 15, 20, 27])
        self.assertEqual(trends._ticks(Decimal(1), Decimal(5)), [1, 2, 3, 4, 5])
        self.assertEqual(trends._ticks(Decimal(0), Decimal(100)), [0, 20, 40, 60, 80, 100])
        self.assertEqual(trends._ticks(Decimal(16), Decimal(30)), [16, 20, 25, 30])


class RenderTest(SimpleTestCase):
    def render(self, responses, language="zh-hans"):
        history = trends.histories(responses)[0]
        with translation.override(language):
            return render_to_string("instruments/_chart.html", {"chart": history.charts[0]})

    def test_it_draws_svg_with_title_desc_band_rects_points_and_a_data_table(self):
        html = self.render([response(PHQ9, phq9(14), pk=1), response(PHQ9, phq9(6), days=28,
                                                                      pk=2)])
        self.assertIn('role="img"', html)
        self.assertIn('aria-labelledby="chart-phq9-total-title chart-phq9-total-desc"', html)
        self.assertIn('<title id="chart-phq9-total-title">患者健康问卷-9（PHQ-9）: 总分</title>',
                      html)
        self.assertEqual(len(re.findall(r'<rect class="band"', html)), 5)
        self.assertIn('data-band="moderately_severe"', html)
        self.assertEqual(html.count("<circle"), 2)
        self.assertIn("<polyline", html)
        self.assertIn('data-reading="improved"', html)
        self.assertIn("14 → 6", html)
        desc = re.search(r"<desc[^>]*>(.*?)</desc>", html, re.S).group(1)
        self.assertIn("14, 6", desc)
        self.assertIn("没有抑郁", desc)  # the shaded bands are named for screen readers
        table = re.search(r"<table.*?</table>", html, re.S).group(0)
        self.assertIn("2026-03-02", table)
        self.assertIn("2026-03-30", table)
        self.assertIn("中度", table)  # 14's band
        self.assertIn("轻度", table)  # 6's band

    def test_a_flagged_response_is_drawn_as_a_red_point(self):
        html = self.render([response(PHQ9, phq9(10, item_9=1), pk=1)])
        self.assertIn('class="dot flagged"', html)

    def test_the_chart_speaks_english_when_asked(self):
        html = self.render([response(PHQ9, phq9(14), pk=1), response(PHQ9, phq9(6), days=3,
                                                                      pk=2)], "en")
        self.assertIn("Patient Health Questionnaire-9 (PHQ-9): Total score", html)
        self.assertIn("improved", html)

    def test_histories_group_by_instrument_in_the_order_first_given(self):
        given = [response(PHQ9, phq9(3), days=10, pk=3),
                 response(BMI, {"weight_kg": 70, "height_cm": 170}, days=2, pk=2),
                 response(PHQ9, phq9(8), days=1, pk=1)]
        histories = trends.histories(given)
        self.assertEqual([h.instrument.code for h in histories], ["phq9", "bmi"])
        self.assertEqual([r.pk for r in histories[0].responses], [1, 3])
        self.assertEqual(histories[0].charts[0].reading, IMPROVED)
        self.assertEqual([c.scale.code for c in trends.histories(
            [response(WHOQOL_BREF, whoqol(3), pk=4)])[0].charts],
            ["physical_100", "psychological_100", "social_100", "environment_100"])
