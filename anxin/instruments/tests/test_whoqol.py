"""WHOQOL-BREF: domains (mean × 4), reversed Q3/Q4/Q26, 0–100, missing-item rules.

Worked by hand from the WHOQOL Group syntax (domain-facts §4.4).
"""

from decimal import Decimal

import pytest

from anxin.instruments.library.whoqol_bref import WHOQOL_BREF
from anxin.instruments.scoring import ScoringError, score

D = Decimal

# Q1 4, Q2 3; physical Q3 2 Q4 1 Q10 4 Q15 3 Q16 4 Q17 5 Q18 3; psychological Q5 3 Q6 4 Q7 3
# Q11 4 Q19 4 Q26 2; social Q20 4 Q21 3 Q22 5; environment Q8 3 Q9 3 Q12 2 Q13 4 Q14 3 Q23 4
# Q24 4 Q25 3.
EXAMPLE = {
    1: 4, 2: 3, 3: 2, 4: 1, 5: 3, 6: 4, 7: 3, 8: 3, 9: 3, 10: 4, 11: 4, 12: 2, 13: 4,
    14: 3, 15: 3, 16: 4, 17: 5, 18: 3, 19: 4, 20: 4, 21: 3, 22: 5, 23: 4, 24: 4, 25: 3, 26: 2,
}  # fmt: skip


def answers(**changes):
    base = {f"item_{n}": v for n, v in EXAMPLE.items()}
    return base | {k: v for k, v in changes.items()}


def test_complete_example():
    # physical: Q3 6−2=4, Q4 6−1=5; 4+5+4+3+4+5+3 = 28; 28/7 × 4 = 16; (16−4) × 100/16 = 75
    # psychological: Q26 6−2=4; 3+4+3+4+4+4 = 22; 22/6 × 4 = 14.667; 10.667 × 6.25 = 66.667
    # social: 12/3 × 4 = 16 → 75; environment: 26/8 × 4 = 13 → 9 × 6.25 = 56.25
    result = score(WHOQOL_BREF, answers())
    assert result.totals == {
        "overall_qol": 4,
        "overall_health": 3,
        "physical": D("16.00"),
        "physical_100": D("75.00"),
        "psychological": D("14.67"),
        "psychological_100": D("66.67"),
        "social": D("16.00"),
        "social_100": D("75.00"),
        "environment": D("13.00"),
        "environment_100": D("56.25"),
    }


def test_reversed_items_all_ones():
    # physical: Q3, Q4 → 5, 5; 10 + 5 × 1 = 15; 15/7 × 4 = 8.5714; 4.5714 × 6.25 = 28.571
    # psychological: Q26 → 5; 5 + 5 = 10; 10/6 × 4 = 6.667; 2.667 × 6.25 = 16.667
    result = score(WHOQOL_BREF, {f"item_{n}": 1 for n in range(1, 27)})
    assert result.totals["physical"] == D("8.57")
    assert result.totals["physical_100"] == D("28.57")
    assert result.totals["psychological"] == D("6.67")
    assert result.totals["psychological_100"] == D("16.67")
    assert result.totals["social"] == D("4.00")
    assert result.totals["social_100"] == D("0.00")
    assert result.totals["environment_100"] == D("0.00")


def test_reversed_items_all_fives():
    # physical: Q3, Q4 → 1, 1; 2 + 5 × 5 = 27; 27/7 × 4 = 15.4286; 11.4286 × 6.25 = 71.43
    result = score(WHOQOL_BREF, {f"item_{n}": 5 for n in range(1, 27)})
    assert result.totals["physical"] == D("15.43")
    assert result.totals["physical_100"] == D("71.43")
    # psychological: 1 + 5 × 5 = 26; 26/6 × 4 = 17.333; 13.333 × 6.25 = 83.33
    assert result.totals["psychological"] == D("17.33")
    assert result.totals["psychological_100"] == D("83.33")
    assert result.totals["social_100"] == D("100.00")


def test_missing_items_use_the_mean_of_those_answered():
    # physical without Q10: 4+5+3+4+5+3 = 24; 24/6 × 4 = 16 (≥ 6 answered)
    # social without Q22: 4+3 = 7; 7/2 × 4 = 14 → (14−4) × 6.25 = 62.5 (≥ 2 answered)
    result = score(WHOQOL_BREF, answers(item_10=None, item_22=None))
    assert result.totals["physical"] == D("16.00")
    assert result.totals["social"] == D("14.00")
    assert result.totals["social_100"] == D("62.50")


def test_domain_below_its_minimum_is_not_computed():
    # social needs 2 of 3; physical needs 6 of 7. 4 blanks: allowed overall.
    result = score(WHOQOL_BREF, answers(item_21=None, item_22=None, item_10=None, item_15=None))
    assert result.totals["social"] is None
    assert result.totals["social_100"] is None
    assert result.totals["physical"] is None
    assert result.totals["psychological"] == D("14.67")


def test_psychological_needs_five_of_six():
    result = score(WHOQOL_BREF, answers(item_5=None, item_6=None))
    assert result.totals["psychological"] is None
    # one blank: 4+3+4+4+4 = 19 (Q5 blank); 19/5 × 4 = 15.2
    assert score(WHOQOL_BREF, answers(item_5=None)).totals["psychological"] == D("15.20")


def test_overall_items_may_be_blank_within_the_allowance():
    result = score(WHOQOL_BREF, answers(item_1=None))
    assert result.totals["overall_qol"] is None
    assert result.totals["overall_health"] == 3


def test_more_than_four_blank_is_refused_naming_each():
    blanks = {f"item_{n}": None for n in (1, 5, 9, 13, 20)}
    with pytest.raises(ScoringError) as caught:
        score(WHOQOL_BREF, answers(**blanks))
    assert sorted(caught.value.message_dict) == sorted(blanks)


@pytest.mark.parametrize("value", [0, 6, 3.0])
def test_out_of_range_is_refused(value):
    with pytest.raises(ScoringError) as caught:
        score(WHOQOL_BREF, answers(item_7=value))
    assert list(caught.value.message_dict) == ["item_7"]


def test_domain_membership():
    assert WHOQOL_BREF.scale("physical").items == tuple(
        f"item_{n}" for n in (3, 4, 10, 15, 16, 17, 18)
    )
    assert WHOQOL_BREF.scale("social").items == ("item_20", "item_21", "item_22")
    assert {i.code for i in WHOQOL_BREF.items if i.reverse} == {"item_3", "item_4", "item_26"}
