"""Hypothesis properties: totals stay in range, bands cover each range without gaps or overlaps,
domain scores stay within 4–20 / 0–100, and the follow-up classification always decides."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from anxin.instruments import registry
from anxin.instruments.definitions import BMI, CLASSIFY, SUM
from anxin.instruments.library.bmi import BMI as BMI_INSTRUMENT
from anxin.instruments.library.followup_classification import FOLLOWUP_CLASSIFICATION as FC
from anxin.instruments.library.whoqol_bref import WHOQOL_BREF
from anxin.instruments.scoring import score

SUMMED = [i for i in registry.ALL if any(s.method == SUM for s in i.scales)]


def answers_for(instrument):
    return st.fixed_dictionaries(
        {i.code: st.sampled_from(sorted(i.values)) for i in instrument.items if i.options}
    )


@given(st.sampled_from(SUMMED).flatmap(lambda i: st.tuples(st.just(i), answers_for(i))))
def test_summed_totals_in_range_with_exactly_one_band(case):
    instrument, answers = case
    result = score(instrument, answers)
    for scale in instrument.scales:
        if scale.method != SUM:
            continue
        total = result.totals[scale.code]
        assert scale.low <= total <= scale.high
        matching = [b for b in scale.bands if b.contains(total, integer=True)]
        assert matching == [result.bands[scale.code]]


def test_integer_bands_cover_each_range_exactly_once():
    for instrument in registry.ALL:
        for scale in instrument.scales:
            if not scale.bands or scale.method == CLASSIFY or not scale.integer:
                continue
            for x in range(scale.low, scale.high + 1):
                assert sum(b.contains(x, integer=True) for b in scale.bands) == 1, (scale, x)


@given(
    st.decimals(min_value=Decimal("20"), max_value=Decimal("300"), places=1),
    st.decimals(min_value=Decimal("100"), max_value=Decimal("250"), places=1),
)
def test_bmi_always_in_exactly_one_category(weight, height):
    result = score(BMI_INSTRUMENT, {"weight_kg": weight, "height_cm": height})
    bmi = result.totals["bmi"]
    scale = BMI_INSTRUMENT.scale("bmi")
    assert scale.method == BMI
    assert [b for b in scale.bands if b.contains(bmi, integer=False)] == [result.bands["bmi"]]
    assert abs(bmi - weight / (height / 100) ** 2) <= Decimal("0.05")


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("80"), places=2))
def test_bmi_bands_have_no_gap(x):
    bands = BMI_INSTRUMENT.scale("bmi").bands
    assert sum(b.contains(x, integer=False) for b in bands) == 1


@given(
    answers_for(WHOQOL_BREF),
    st.sets(st.integers(min_value=1, max_value=26), max_size=4),
)
def test_whoqol_domains_in_range(answers, blanks):
    answers = answers | {f"item_{n}": None for n in blanks}
    result = score(WHOQOL_BREF, answers)
    for domain in ("physical", "psychological", "social", "environment"):
        raw, transformed = result.totals[domain], result.totals[f"{domain}_100"]
        if raw is None:
            assert transformed is None
            continue
        assert 4 <= raw <= 20
        assert 0 <= transformed <= 100
        assert abs((raw - 4) * Decimal("6.25") - transformed) <= Decimal("0.04")


@given(answers_for(FC))
def test_followup_classification_always_decides(answers):
    band = score(FC, answers).bands["classification"]
    assert band.code in {"unstable", "mostly_stable", "stable"}
    if answers["risk_level"] >= 3 or answers["insight"] == 3:
        assert band.code == "unstable"
    if band.code == "stable":
        assert answers["risk_level"] == 0 and answers["insight"] == 1
