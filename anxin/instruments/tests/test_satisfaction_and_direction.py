"""Form F's client questions as an instrument (CMH-F), and each scale's direction of
improvement (CMH-8.1, CHR-8.2)."""

import pytest

from anxin.instruments import registry
from anxin.instruments.definitions import (
    CLASSIFY,
    HIGHER,
    LOWER,
    NEUTRAL,
    Instrument,
    InstrumentError,
    Item,
    Option,
    Scale,
    Text,
)
from anxin.instruments.library.satisfaction_f import SATISFACTION_F
from anxin.instruments.scoring import ScoringError, score

# The questions as printed in 附录F 服务评估表（试样）, 服务对象评估 (CMH-F), without the paper
# instruction "（请在答案处打钩）".
PRINTED = {
    "coping": "接受了社会工作者服务后，您应对困难、解决问题的能力是否获得提升？",
    "satisfaction": "您对社会工作者的表现满意吗？",
    "improvement": "自接受本机构服务后，您的情况有否改善？",
    "goal_attainment": "本服务结束时，您与社会工作者商定的目标达成情况如何？",
}


def test_form_f_questions_keep_their_printed_wording_and_numbers():
    assert registry.latest("satisfaction_f") is SATISFACTION_F
    assert {i.code: i.text.zh for i in SATISFACTION_F.items} == PRINTED
    assert [i.number for i in SATISFACTION_F.items] == ["2", "3", "4", "5"]
    assert all(i.text.en for i in SATISFACTION_F.items)
    assert "CMH-F" in SATISFACTION_F.source


def test_form_f_answers_are_the_printed_ones_in_printed_order():
    item = SATISFACTION_F.item
    assert [o.text.zh for o in item("satisfaction").options] == [
        "非常满意", "满意", "一般", "不满意", "非常不满意"]
    assert [o.value for o in item("satisfaction").options] == [5, 4, 3, 2, 1]
    improvement = item("improvement").options
    assert [o.value for o in improvement] == list(range(1, 11))
    assert improvement[0].text.zh == "1（完全没有改善）"
    assert improvement[-1].text.zh == "10（完全解决）"
    assert [o.text.zh for o in item("goal_attainment").options] == [
        "完全达成", "部分达成", "未能达成"]
    # The case file's form F stores Q2 as yes / somewhat / no (cases.choices.Improvement).
    assert [o.text.zh for o in item("coping").options] == ["是", "部分提升", "否"]


@pytest.mark.parametrize(("answer", "band"), [(5, "very_satisfied"), (4, "satisfied"),
                                              (3, "neutral"), (2, "dissatisfied"),
                                              (1, "very_dissatisfied")])
def test_satisfaction_reads_back_as_its_printed_answer(answer, band):
    result = score(SATISFACTION_F, {"coping": 1, "satisfaction": answer, "improvement": 6,
                                    "goal_attainment": 2})
    assert result.totals == {"coping": 1, "satisfaction": answer, "improvement": 6,
                             "goal_attainment": 2}
    assert result.bands["satisfaction"].code == band
    assert result.bands["satisfaction"].text == SATISFACTION_F.item("satisfaction").option(
        answer).text
    assert result.bands["goal_attainment"].code == "full"
    assert all(b.clause == "CMH-F" for b in SATISFACTION_F.scale("satisfaction").bands)


def test_form_f_needs_every_question_and_names_the_missing_one():
    with pytest.raises(ScoringError) as refused:
        score(SATISFACTION_F, {"coping": 2, "satisfaction": 4, "improvement": 11})
    assert set(refused.value.message_dict) == {"improvement", "goal_attainment"}


DIRECTIONS = {
    ("phq9", "total"): LOWER,
    ("gad7", "total"): LOWER,
    ("zbi22", "total"): LOWER,
    ("sdss", "total"): LOWER,
    ("risk_level", "level"): LOWER,
    ("whoqol_bref", "physical_100"): HIGHER,
    ("whoqol_bref", "overall_qol"): HIGHER,
    ("whoqol_bref", "social"): HIGHER,
    ("satisfaction_f", "satisfaction"): HIGHER,
    ("satisfaction_f", "improvement"): HIGHER,
    ("bmi", "bmi"): NEUTRAL,
    ("followup_classification", "classification"): NEUTRAL,
}


@pytest.mark.parametrize(("where", "better"), list(DIRECTIONS.items()))
def test_each_scale_says_which_way_is_better(where, better):
    code, scale = where
    found = registry.latest(code).scale(scale)
    assert found.better == better
    if better:
        assert any(c in found.better_clause for c in ("CMH-", "CHR-")), found.better_clause


def test_phq9_and_gad7_cite_the_chronic_disease_indicator():
    for code in ("phq9", "gad7"):
        clause = registry.latest(code).scale("total").better_clause
        assert "CHR-8.2" in clause and "CHR-A.1-2.4" in clause


def test_every_whoqol_scale_is_better_higher():
    assert {s.better for s in registry.latest("whoqol_bref").scales} == {HIGHER}


@pytest.mark.parametrize(("better", "first", "last", "reading"), [
    (LOWER, 14, 6, "improved"), (LOWER, 6, 14, "worse"), (LOWER, 6, 6, "unchanged"),
    (HIGHER, 40, 55, "improved"), (HIGHER, 55, 40, "worse"), (NEUTRAL, 27, 25, "changed"),
    (LOWER, None, 6, ""),
])
def test_reading_a_change(better, first, last, reading):
    scale = Scale("s", Text("s", "s"), "value", ("a",), 0, 27, better=better)
    assert scale.reading(first, last) == reading


T = Text("x", "x")
ITEMS = (Item("a", "1", T, (Option(0, T), Option(1, T))),)


def test_an_unknown_direction_or_a_classification_with_one_is_refused():
    with pytest.raises(InstrumentError, match="unknown direction"):
        Instrument("t", 1, T, ITEMS, (Scale("s", T, "value", ("a",), 0, 1, better="up"),), "x")
    with pytest.raises(InstrumentError, match="classifies"):
        Instrument("t", 1, T, ITEMS, (Scale("s", T, CLASSIFY, ("a",), better=LOWER),), "x")


def test_a_trend_must_name_a_scale_with_a_number():
    with pytest.raises(InstrumentError, match="trend names 'nope'"):
        Instrument("t", 1, T, ITEMS, (Scale("s", T, "value", ("a",), 0, 1),), "x",
                   trend=("nope",))
    instrument = Instrument("t", 1, T, ITEMS, (Scale("s", T, "value", ("a",), 0, 1),), "x")
    assert [s.code for s in instrument.trend_scales] == ["s"]
