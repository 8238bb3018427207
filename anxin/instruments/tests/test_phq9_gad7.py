"""PHQ-9 and GAD-7: band edges (LOINC LL382-3; Spitzer 2006), item-9 flag, refusals.

Expected bands are the published cut-points (domain-facts §1.2, §2.1), written out by hand.
"""

import pytest

from anxin.instruments.library.gad7 import GAD7
from anxin.instruments.library.phq9 import PHQ9
from anxin.instruments.scoring import ScoringError, score


def spread(total: int, items: int, first: int = 1) -> dict[str, int]:
    """Answers summing to `total`: 3s from the first item on, the remainder, then 0s."""
    answers = {}
    for n in range(first, first + items):
        answers[f"item_{n}"] = min(3, total)
        total -= answers[f"item_{n}"]
    assert total == 0
    return answers


@pytest.mark.parametrize(
    "total, band",
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (24, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_edges(total, band):
    result = score(PHQ9, spread(total, 9))
    assert result.totals == {"total": total}
    assert result.bands["total"].code == band
    assert (result.instrument, result.version) == ("phq9", 1)


def test_phq9_item9_flag_at_one_regardless_of_total():
    answers = {f"item_{n}": 0 for n in range(1, 10)} | {"item_9": 1}
    result = score(PHQ9, answers)
    assert result.totals["total"] == 1
    assert result.bands["total"].code == "minimal"
    assert [f.code for f in result.flags] == ["self_harm_thoughts"]


def test_phq9_no_flag_when_item9_is_zero_even_if_severe():
    answers = {f"item_{n}": 3 for n in range(1, 9)} | {"item_9": 0}
    result = score(PHQ9, answers)
    assert result.totals["total"] == 24
    assert result.bands["total"].code == "severe"
    assert result.flags == ()


def test_phq9_difficulty_question_is_optional_and_not_scored():
    answers = spread(7, 9)
    assert score(PHQ9, answers | {"item_10": 3}).totals["total"] == 7
    assert score(PHQ9, answers).totals["total"] == 7


def test_phq9_loinc_codes():
    assert PHQ9.loinc == "44249-1"
    assert PHQ9.scale("total").loinc == "44261-6"
    assert PHQ9.item("item_9").loinc == "44260-8"
    assert PHQ9.item("item_10").loinc == "69722-7"
    assert [o.loinc for o in PHQ9.item("item_1").options] == [
        "LA6568-5",
        "LA6569-3",
        "LA6570-1",
        "LA6571-9",
    ]


@pytest.mark.parametrize(
    "change, item",
    [
        ({"item_3": None}, "item_3"),
        ({"item_5": 4}, "item_5"),
        ({"item_2": -1}, "item_2"),
        ({"item_4": True}, "item_4"),
        ({"item_6": "2"}, "item_6"),
        ({"item_11": 0}, "item_11"),
        ({"item_10": 4}, "item_10"),
    ],
)
def test_phq9_refuses_naming_the_item(change, item):
    answers = spread(10, 9) | change
    with pytest.raises(ScoringError) as caught:
        score(PHQ9, answers)
    assert list(caught.value.message_dict) == [item]


def test_phq9_names_every_missing_item():
    with pytest.raises(ScoringError) as caught:
        score(PHQ9, {"item_1": 0})
    assert sorted(caught.value.message_dict) == sorted(f"item_{n}" for n in range(2, 10))


@pytest.mark.parametrize(
    "total, band",
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_edges(total, band):
    result = score(GAD7, spread(total, 7))
    assert result.totals == {"total": total}
    assert result.bands["total"].code == band


def test_gad7_refuses_out_of_range():
    with pytest.raises(ScoringError) as caught:
        score(GAD7, spread(3, 7) | {"item_7": 5})
    assert list(caught.value.message_dict) == ["item_7"]


def test_gad7_loinc():
    assert (GAD7.loinc, GAD7.scale("total").loinc) == ("69737-5", "70274-6")
    assert GAD7.item("item_1").loinc == "69725-0"
