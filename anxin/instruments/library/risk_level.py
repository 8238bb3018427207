"""严重精神障碍 危险性评估 (risk assessment, levels 0–5), version 1. domain-facts.md §3.1.

Levels 0–4 [V-2]; level 5 wording [P]: the 2011 (重性精神疾病) edition reads "持管制性危险武器的
针对人的任何暴力行为…", current public implementations of the forms read "持械针对人的任何暴力
行为…". The 持械 text is the label and the 2011 text is kept in `LEVEL_5_2011`. The assessment
covers the period since the last follow-up; every follow-up (at least 4 a year) includes one.
The English is a descriptive translation, not a published form.

Working notes (never shown to users): the levels were checked on m.qiqiwenku.com ppt 342679,
renrendoc p-73015030 and exp8.net 43821716540422493 (training decks and news summaries quoting
the specification); the "level 3 or above → police" rule on m.777doc.com doc-6937179 (2018
工作规范 training material) [P]. The official PDFs were not retrieved.
"""

from ..definitions import (
    LOWER,
    VALUE,
    Citation,
    Condition,
    Flag,
    Instrument,
    Item,
    Option,
    Scale,
    Text,
)

CLAUSE = "国家基本公共卫生服务规范 严重精神障碍患者管理服务规范: 危险性评估分为6级"

# The national specifications the levels and the follow-up rules come from.
SPECIFICATION = Citation(
    "国家卫生和计划生育委员会", "2017",
    "国家基本公共卫生服务规范（第三版）[National basic public health service specification, "
    "3rd edition]", "严重精神障碍患者管理服务规范")
WORK_RULES = Citation(
    "国家卫生健康委员会", "2018",
    "严重精神障碍管理治疗工作规范（2018年版）[Work specification for the management and "
    "treatment of severe mental disorders, 2018]")

LEVEL_5_2011 = (
    "持管制性危险武器的针对人的任何暴力行为，或者纵火、爆炸等行为，无论在家里还是公共场合"
)

LEVELS = (
    Option(
        0,
        Text("0级：无符合以下1～5级中的任何行为", "Level 0: none of the behaviours of levels 1–5"),
    ),
    Option(
        1,
        Text(
            "1级：口头威胁，喊叫，但没有打砸行为",
            "Level 1: verbal threats, shouting, but no smashing",
        ),
    ),
    Option(
        2,
        Text(
            "2级：打砸行为，局限在家里，针对财物，能被劝说制止",
            "Level 2: smashing, confined to the home, aimed at property, can be stopped by "
            "persuasion",
        ),
    ),
    Option(
        3,
        Text(
            "3级：明显打砸行为，不分场合，针对财物，不能接受劝说而停止",
            "Level 3: obvious smashing, in any setting, aimed at property, not stopped by "
            "persuasion",
        ),
    ),
    Option(
        4,
        Text(
            "4级：持续的打砸行为，不分场合，针对财物或人，不能接受劝说而停止（包括自伤、自杀）",
            "Level 4: persistent smashing, in any setting, aimed at property or people, not "
            "stopped by persuasion (including self-harm and suicide)",
        ),
    ),
    Option(
        5,
        Text(
            "5级：持械针对人的任何暴力行为，或者纵火、爆炸等行为，无论在家里还是公共场合",
            "Level 5: any violence against people with a weapon, or arson, explosions and the "
            "like, at home or in public",
        ),
    ),
)

RISK_LEVEL = Instrument(
    code="risk_level",
    version=1,
    name=Text("危险性评估", "Risk assessment (severe mental disorders)"),
    items=(
        Item(
            "level",
            "危险性评估",
            Text("危险性评估（上次随访到此次随访期间）", "Risk level since the last follow-up"),
            LEVELS,
            note="Level 5 wording partly verified: 持械 (current forms) vs the 2011 text in "
            "LEVEL_5_2011.",
        ),
    ),
    scales=(
        Scale(
            "level",
            Text("危险性等级", "Risk level"),
            VALUE,
            ("level",),
            0,
            5,
            clause=CLAUSE,
            better=LOWER,
            better_clause="CMH-6.2; CMH-8.1",
        ),
    ),
    flags=(
        Flag(
            code="notify_police",
            text=Text(
                "危险性3级及以上：报告当地公安部门", "Level 3 or above: notify the local police"
            ),
            when_any=(Condition("level", frozenset({3, 4, 5})),),
            # Report to the police (CMH-6.4 向公安报告服务情况); the level-3 threshold follows the
            # 2018 work specification as taught (module docstring).
            clause="CMH-6.4; 严重精神障碍管理治疗工作规范（2018年版）",
        ),
    ),
    citations=(SPECIFICATION, WORK_RULES),
    # The worker rates the behaviour since the last follow-up; the client does not.
    self_report=False,
)
