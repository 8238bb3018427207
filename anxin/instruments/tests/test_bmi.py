"""BMI, Chinese adult categories (<18.5 / 18.5–<24 / 24–<28 / ≥28; domain-facts §5.4).

At 200 cm, BMI = weight / 4, so the edges are exact: 73.6 kg → 18.4, 74 → 18.5, 95.6 → 23.9,
96 → 24.0, 111.6 → 27.9, 112 → 28.0.
"""

from decimal import Decimal

import pytest

from anxin.instruments.library.bmi import BMI
from anxin.instruments.scoring import ScoringError, score

D = Decimal


@pytest.mark.parametrize(
    "weight, height, bmi, band",
    [
        ("73.6", 200, "18.4", "underweight"),
        ("74", 200, "18.5", "normal"),
        ("95.6", 200, "23.9", "normal"),
        ("96", 200, "24.0", "overweight"),
        ("111.6", 200, "27.9", "overweight"),
        ("112", 200, "28.0", "obese"),
        ("65", 170, "22.5", "normal"),  # 65 / 2.89 = 22.49
        # rounding convention: banded on the value shown, one decimal, half up
        ("69.3", 170, "24.0", "overweight"),  # 69.3 / 2.89 = 23.979
        ("47.3", 160, "18.5", "normal"),  # 47.3 / 2.56 = 18.477
        ("47.2", 160, "18.4", "underweight"),  # 47.2 / 2.56 = 18.4375
    ],
)
def test_bmi_edges(weight, height, bmi, band):
    result = score(BMI, {"weight_kg": D(weight), "height_cm": height})
    assert result.totals == {"bmi": D(bmi)}
    assert result.bands["bmi"].code == band


def test_accepts_strings_and_floats():
    assert score(BMI, {"weight_kg": "96", "height_cm": "200"}).totals["bmi"] == D("24.0")
    assert score(BMI, {"weight_kg": 95.6, "height_cm": 200.0}).totals["bmi"] == D("23.9")


@pytest.mark.parametrize(
    "answers, item",
    [
        ({"weight_kg": 60, "height_cm": 50}, "height_cm"),
        ({"weight_kg": 60, "height_cm": 251}, "height_cm"),
        ({"weight_kg": 19, "height_cm": 170}, "weight_kg"),
        ({"weight_kg": "sixty", "height_cm": 170}, "weight_kg"),
        ({"weight_kg": "NaN", "height_cm": 170}, "weight_kg"),
        ({"weight_kg": True, "height_cm": 170}, "weight_kg"),
        ({"height_cm": 170}, "weight_kg"),
    ],
)
def test_refused_naming_the_item(answers, item):
    with pytest.raises(ScoringError) as caught:
        score(BMI, answers)
    assert list(caught.value.message_dict) == [item]
