"""PHQ-9 (Spitzer, Williams, Kroenke), version 1. domain-facts.md §1.

Working notes (never shown to users; users read `CITATIONS` and the LOINC codes):

* Items, options, total 0–27 and bands 0–4/5–9/10–14/15–19/20–27: [V-2] (LOINC 44261-6,
  LL382-3; Kroenke 2001 cut-points 5/10/15/20).
* Chinese items: the widely reproduced Simplified Chinese version, checked against a 中新网
  repost (m.ewsos.com 1067915), xtxinli list_16/141 and lxscale phq9 [P]: the exact Pfizer
  China wording is not confirmed.
* Item 10 (difficulty) is not scored; its official Chinese wording is unverified, so neutral
  descriptors are used.
* Item-9 safety flag at ≥1 [V-2]: calcipedia PHQ-9 ("a score above zero … warrants immediate
  follow-up"), lxscale phq9 ("第9题得分≥1分"). xtxinli's ">1" is a divergent local rule, not
  used.
"""

from ..definitions import (
    LOWER,
    SUM,
    Band,
    Citation,
    Condition,
    Flag,
    Instrument,
    Item,
    Scale,
    Text,
    likert,
)

CITATIONS = (
    Citation("Kroenke K, Spitzer RL, Williams JBW", "2001",
             "The PHQ-9: validity of a brief depression severity measure",
             "Journal of General Internal Medicine 16(9):606–613"),
    Citation("Spitzer RL, Kroenke K, Williams JBW", "1999",
             "Validation and utility of a self-report version of PRIME-MD: the PHQ primary "
             "care study", "JAMA 282(18):1737–1744"),
)

FREQUENCY = likert(
    [
        (0, "完全不会", "Not at all", "LA6568-5"),
        (1, "好几天", "Several days", "LA6569-3"),
        (2, "一半以上的天数", "More than half the days", "LA6570-1"),
        (3, "几乎每天", "Nearly every day", "LA6571-9"),
    ]
)

ITEMS = [
    ("做事时提不起劲或没有兴趣", "Little interest or pleasure in doing things", "44250-9"),
    ("感到心情低落、沮丧或绝望", "Feeling down, depressed, or hopeless", "44255-8"),
    (
        "入睡困难、睡不安或睡眠过多",
        "Trouble falling or staying asleep, or sleeping too much",
        "44259-0",
    ),
    ("感觉疲倦或没有活力", "Feeling tired or having little energy", "44254-1"),
    ("食欲不振或吃太多", "Poor appetite or overeating", "44251-7"),
    (
        "觉得自己很糟、很失败，让自己或家人失望",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "44258-2",
    ),
    (
        "对事物专注有困难，例如阅读报纸或看电视时",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "44252-5",
    ),
    (
        "动作或说话速度缓慢到别人已经觉察，或正好相反——烦躁或坐立不安、动来动去的情况多于平常",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "44253-3",
    ),
    (
        "有不如死掉或用某种方式伤害自己的念头",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
        "44260-8",
    ),
]

DIFFICULTY = Item(
    code="item_10",
    number="10",
    text=Text(
        "困难程度（第10题，不计分）",
        "If you checked off any problems, how difficult have these problems made it for you to "
        "do your work, take care of things at home, or get along with other people?",
    ),
    options=likert(
        [
            (0, "不困难", "Not difficult at all", ""),
            (1, "有些困难", "Somewhat difficult", "LA6573-5"),
            (2, "非常困难", "Very difficult", ""),
            (3, "极其困难", "Extremely difficult", ""),
        ]
    ),
    loinc="69722-7",
    required=False,
    note="Chinese wording is a neutral descriptor: the official Pfizer China text is unverified "
    "(domain-facts §1.4). Only LA6573-5 is confirmed among the answer codes.",
)

PHQ9 = Instrument(
    code="phq9",
    version=1,
    name=Text("患者健康问卷-9（PHQ-9）", "Patient Health Questionnaire-9 (PHQ-9)"),
    items=tuple(
        Item(f"item_{n}", str(n), Text(zh, en), FREQUENCY, loinc=loinc)
        for n, (zh, en, loinc) in enumerate(ITEMS, start=1)
    )
    + (DIFFICULTY,),
    scales=(
        Scale(
            code="total",
            text=Text("总分", "Total score"),
            method=SUM,
            items=tuple(f"item_{n}" for n in range(1, 10)),
            low=0,
            high=27,
            loinc="44261-6",
            clause="LOINC 44261-6; LL382-3",
            better=LOWER,
            better_clause="CHR-8.2b; CHR-8.6.1d; CHR-A.1-2.4 (抑郁评分下降)",
            bands=(
                Band("minimal", Text("没有抑郁", "None or minimal"), 0, 4, clause="LL382-3"),
                Band("mild", Text("轻度", "Mild"), 5, 9, clause="LL382-3"),
                Band("moderate", Text("中度", "Moderate"), 10, 14, clause="LL382-3"),
                Band(
                    "moderately_severe",
                    Text("中重度", "Moderately severe"),
                    15,
                    19,
                    clause="LL382-3",
                ),
                Band("severe", Text("重度", "Severe"), 20, 27, clause="LL382-3"),
            ),
        ),
    ),
    flags=(
        Flag(
            code="self_harm_thoughts",
            text=Text(
                "第9题（自伤想法）得分≥1：需立即跟进",
                "Item 9 (thoughts of self-harm) scored 1 or more: follow up immediately",
            ),
            when_any=(Condition("item_9", frozenset({1, 2, 3})),),
            # Any answer above "not at all" on item 9 calls for follow-up at once (module
            # docstring); reporting high risk of self-harm is PSY-measure-7.
            clause="PHQ-9 item 9 ≥ 1; PSY-measure-7",
        ),
    ),
    loinc="44249-1",
    citations=CITATIONS,
    self_report=True,
    instructions=Text(
        "在过去的两周里，您生活中出现以下症状的频率有多少？",
        "Over the last 2 weeks, how often have you been bothered by any of the following "
        "problems?",
    ),
    note="Stem zh: 在过去的两周里，您生活中出现以下症状的频率有多少？ "
    "en: Over the last 2 weeks, how "
    "often have you been bothered by any of the following problems?",
)
