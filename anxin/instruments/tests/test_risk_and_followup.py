"""危险性评估 levels and the 随访分类 precedence (domain-facts §3.1, §3.2)."""

import pytest

from anxin.instruments.library.followup_classification import FOLLOWUP_CLASSIFICATION as FC
from anxin.instruments.library.risk_level import LEVEL_5_2011, RISK_LEVEL
from anxin.instruments.scoring import ScoringError, score


@pytest.mark.parametrize(
    "level, police", [(0, False), (1, False), (2, False), (3, True), (4, True), (5, True)]
)
def test_risk_levels(level, police):
    result = score(RISK_LEVEL, {"level": level})
    assert result.totals == {"level": level}
    assert bool(result.flags) is police


def test_risk_level_wording():
    zh = {o.value: o.text.zh for o in RISK_LEVEL.item("level").options}
    assert zh[1] == "1级：口头威胁，喊叫，但没有打砸行为"
    assert zh[2] == "2级：打砸行为，局限在家里，针对财物，能被劝说制止"
    assert zh[3] == "3级：明显打砸行为，不分场合，针对财物，不能接受劝说而停止"
    assert "（包括自伤、自杀）" in zh[4]
    assert zh[5].startswith("5级：持械针对人的任何暴力行为")
    assert LEVEL_5_2011.startswith("持管制性危险武器的")


@pytest.mark.parametrize("level", [6, -1, None])
def test_risk_level_refused(level):
    with pytest.raises(ScoringError) as caught:
        score(RISK_LEVEL, {"level": level})
    assert list(caught.value.message_dict) == ["level"]


WELL = {
    "risk_level": 0,
    "symptoms": 1,  # 基本消失
    "insight": 1,  # 完全
    "social_function": 1,  # 良好
    "severe_adverse_reaction": 0,
    "severe_physical_illness": 0,
}


@pytest.mark.parametrize(
    "changes, expected, interval",
    [
        ({}, "stable", "P3M"),
        ({"social_function": 2}, "stable", "P3M"),  # 一般 is fine for 稳定
        ({"risk_level": 1}, "mostly_stable", "P2W"),
        ({"risk_level": 2}, "mostly_stable", "P2W"),
        ({"symptoms": 2}, "mostly_stable", "P2W"),
        ({"insight": 2}, "mostly_stable", "P2W"),  # 不全
        ({"social_function": 3}, "mostly_stable", "P2W"),  # 较差
        ({"risk_level": 3}, "unstable", "P2W"),
        ({"risk_level": 4}, "unstable", "P2W"),
        ({"risk_level": 5}, "unstable", "P2W"),
        ({"symptoms": 3}, "unstable", "P2W"),  # 明显
        ({"insight": 3}, "unstable", "P2W"),  # 缺失
        ({"severe_adverse_reaction": 1}, "unstable", "P2W"),
        ({"severe_physical_illness": 1}, "unstable", "P2W"),
        # precedence: any 不稳定 criterion wins over 基本稳定 ones
        ({"risk_level": 1, "insight": 3}, "unstable", "P2W"),
        ({"risk_level": 2, "severe_adverse_reaction": 1}, "unstable", "P2W"),
        ({"risk_level": 2, "symptoms": 3, "social_function": 3}, "unstable", "P2W"),
        ({"risk_level": 3, "insight": 2}, "unstable", "P2W"),
        ({"symptoms": 2, "insight": 2, "social_function": 3}, "mostly_stable", "P2W"),
    ],
)
def test_classification_precedence(changes, expected, interval):
    band = score(FC, WELL | changes).bands["classification"]
    assert (band.code, band.next_followup) == (expected, interval)


def test_classification_refuses_a_missing_input():
    answers = dict(WELL)
    del answers["insight"]
    with pytest.raises(ScoringError) as caught:
        score(FC, answers)
    assert list(caught.value.message_dict) == ["insight"]


def test_classification_uses_the_risk_level_wording():
    assert FC.item("risk_level").options == RISK_LEVEL.item("level").options
