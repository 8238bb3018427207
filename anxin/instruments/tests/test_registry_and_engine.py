"""The registry (code → versions) and `Instrument.validate()` refusing inconsistent tables."""

import pytest

from anxin.instruments import registry
from anxin.instruments.definitions import (
    CLASSIFY,
    SUM,
    Band,
    Citation,
    Condition,
    Instrument,
    InstrumentError,
    Item,
    Option,
    Scale,
    Text,
)
from anxin.instruments.library.phq9 import PHQ9

T = Text("x", "x")
OPTS = (Option(0, T), Option(1, T), Option(2, T))


def build(bands=(), low=0, high=4, items=("a", "b"), method=SUM, **extra):
    return Instrument(
        code="t",
        version=1,
        name=T,
        items=(Item("a", "1", T, OPTS), Item("b", "2", T, OPTS)),
        scales=(Scale("total", T, method, items, low, high, bands=bands),),
        citations=(Citation("Test A", "2026", "A test table"),),
        **extra,
    )


def test_registry():
    assert set(registry.codes()) == {
        "phq9",
        "gad7",
        "whoqol_bref",
        "sdss",
        "zbi22",
        "risk_level",
        "followup_classification",
        "bmi",
        "satisfaction_f",
    }
    assert registry.latest("phq9") is PHQ9
    assert registry.get("phq9", 1) is PHQ9
    assert registry.versions("phq9") == (1,)
    with pytest.raises(registry.UnknownInstrument):
        registry.get("phq9", 2)
    with pytest.raises(registry.UnknownInstrument):
        registry.latest("nope")


def test_registry_keeps_versions_and_refuses_duplicates():
    from dataclasses import replace

    v2 = replace(PHQ9, version=2)
    index = registry.build([PHQ9, v2])
    assert index["phq9"] == {1: PHQ9, 2: v2}
    with pytest.raises(ValueError):
        registry.build([PHQ9, PHQ9])


def test_a_consistent_table_builds():
    build(bands=(Band("lo", T, 0, 1), Band("hi", T, 2, 4)))


@pytest.mark.parametrize(
    "bands, problem",
    [
        ((Band("lo", T, 0, 1), Band("hi", T, 3, 4)), "gap or overlap"),
        ((Band("lo", T, 0, 2), Band("hi", T, 2, 4)), "gap or overlap"),
        ((Band("lo", T, 1, 1), Band("hi", T, 2, 4)), "do not reach"),
        ((Band("lo", T, 0, 1), Band("lo", T, 2, 4)), "duplicate band"),
    ],
)
def test_bad_bands_are_refused(bands, problem):
    with pytest.raises(InstrumentError, match=problem):
        build(bands=bands)


def test_wrong_declared_range_is_refused():
    with pytest.raises(InstrumentError, match="items give 0–4"):
        build(high=5)


def test_unknown_item_is_refused():
    with pytest.raises(InstrumentError, match="unknown item 'c'"):
        build(items=("a", "c"))


def test_classification_needs_a_last_default():
    bands = (Band("x", T), Band("y", T, when_any=(Condition("a", frozenset({1})),)))
    with pytest.raises(InstrumentError, match="default band, last"):
        build(bands=bands, method=CLASSIFY, low=None, high=None)


def test_condition_on_an_impossible_value_is_refused():
    bands = (Band("y", T, when_any=(Condition("a", frozenset({7})),)), Band("x", T))
    with pytest.raises(InstrumentError, match="values it cannot take"):
        build(bands=bands, method=CLASSIFY, low=None, high=None)


def test_text_follows_the_active_language():
    from django.utils import translation

    text = Text("中度", "Moderate")
    with translation.override("zh-hans"):
        assert str(text) == "中度"
    with translation.override("en"):
        assert str(text) == "Moderate"
