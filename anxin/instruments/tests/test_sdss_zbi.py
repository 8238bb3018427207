"""SDSS (9 = not applicable, excluded; deficit at ≥2) and ZBI-22 bands (domain-facts §4.1, §4.3)."""

import pytest

from anxin.instruments.library.sdss import SDSS
from anxin.instruments.library.zbi22 import ZBI22
from anxin.instruments.scoring import ScoringError, score


def sdss(**given):
    return {f"item_{n}": 0 for n in range(1, 11)} | given


@pytest.mark.parametrize(
    "answers, total, band",
    [
        (sdss(), 0, "no_deficit"),
        (sdss(item_1=1), 1, "no_deficit"),
        (sdss(item_1=1, item_4=1), 2, "deficit"),
        (sdss(item_8=2), 2, "deficit"),
        # unmarried: items 2 and 3 are 9 and count for nothing
        (sdss(item_2=9, item_3=9), 0, "no_deficit"),
        (sdss(item_2=9, item_3=9, item_5=1), 1, "no_deficit"),
        (sdss(item_2=9, item_3=9, item_1=2), 2, "deficit"),
        (sdss(item_1=9, item_2=9, item_3=9, item_4=1, item_9=1), 2, "deficit"),
        ({f"item_{n}": 9 for n in range(1, 11)}, 0, "no_deficit"),
        ({f"item_{n}": 2 for n in range(1, 11)}, 20, "deficit"),
        (sdss(item_1=2, item_2=9, item_3=9, item_4=2), 4, "deficit"),
    ],
)
def test_sdss(answers, total, band):
    result = score(SDSS, answers)
    assert result.totals == {"total": total}
    assert result.bands["total"].code == band


@pytest.mark.parametrize("value", [3, 8, -1])
def test_sdss_refuses_other_values(value):
    with pytest.raises(ScoringError) as caught:
        score(SDSS, sdss(item_6=value))
    assert list(caught.value.message_dict) == ["item_6"]


def test_sdss_refuses_a_blank():
    with pytest.raises(ScoringError) as caught:
        score(SDSS, sdss(item_10=None))
    assert list(caught.value.message_dict) == ["item_10"]


def zbi(total: int) -> dict[str, int]:
    answers = {}
    for n in range(1, 23):
        answers[f"item_{n}"] = min(4, total)
        total -= answers[f"item_{n}"]
    return answers


@pytest.mark.parametrize(
    "total, band",
    [
        (0, "little_or_none"),
        (20, "little_or_none"),
        (21, "mild_moderate"),
        (40, "mild_moderate"),
        (41, "moderate_severe"),
        (60, "moderate_severe"),
        (61, "severe"),
        (88, "severe"),
    ],
)
def test_zbi_bands(total, band):
    result = score(ZBI22, zbi(total))
    assert result.totals == {"total": total}
    assert result.bands["total"].code == band


def test_zbi_refuses_five():
    with pytest.raises(ScoringError) as caught:
        score(ZBI22, zbi(10) | {"item_22": 5})
    assert list(caught.value.message_dict) == ["item_22"]


def test_zbi_has_22_items():
    assert len(ZBI22.items) == 22
