"""SDSS 社会功能缺陷筛选量表, version 1. domain-facts.md §4.1 [V-2].

Derived from the WHO DAS (1978); translated and revised by 我国十二地区精神疾病流行学协作调查组.
Rates the last month, mainly from an informant; for community patients aged 15–59 (not inpatients
or those in hospital under 2 weeks). 10 items scored 0/1/2; 9 = not applicable (e.g. items 2 and 3
for the unmarried), recorded but excluded from the total. 总分≥2 = social-function deficit.

Item names are the published Chinese headings; the English are descriptive translations of those
headings, not a published English form. The per-item anchor text is not reproduced.

Working notes (never shown to users): items, scoring and the cut-off were checked on
m.jinchutou.com p-55386491, m.lyxsdst.com showbus8375082 and wjx.cn 41054848 (reposts). Users
read the citation of the handbook that reproduces the scale; the year of the Chinese revision
itself was not found, so it is not printed.
"""

from ..definitions import LOWER, SUM, Band, Citation, Instrument, Item, Option, Scale, Text

CLAUSE = "十二地区精神疾病流行学协作调查 SDSS: 总分≥2分为有社会功能缺陷"

OPTIONS = (
    Option(
        0,
        Text(
            "无异常或仅有不引起抱怨或问题的极轻微缺陷", "No abnormality, or a very slight deficit"
        ),
    ),
    Option(1, Text("确有功能缺陷", "A definite deficit")),
    Option(2, Text("严重功能缺陷", "A severe deficit")),
    Option(9, Text("不适用", "Not applicable"), excluded=True),
)

ITEMS = [
    ("职业和工作", "Occupation and work"),
    ("婚姻职能", "Marital role"),
    ("父母职能", "Parental role"),
    ("社会性退缩", "Social withdrawal"),
    ("家庭外的社会活动", "Social activities outside the family"),
    ("家庭内活动过少", "Too little activity within the family"),
    ("家庭职能", "Family role"),
    ("个人生活自理", "Personal self-care"),
    ("对外界的兴趣和关心", "Interest in and concern for the outside world"),
    ("责任心和计划性", "Responsibility and planning"),
]

SDSS = Instrument(
    code="sdss",
    version=1,
    name=Text("社会功能缺陷筛选量表（SDSS）", "Social Disability Screening Schedule (SDSS)"),
    items=tuple(
        Item(f"item_{n}", str(n), Text(zh, en), OPTIONS) for n, (zh, en) in enumerate(ITEMS, 1)
    ),
    scales=(
        Scale(
            code="total",
            text=Text("总分", "Total score"),
            method=SUM,
            items=tuple(f"item_{n}" for n in range(1, 11)),
            low=0,
            high=20,
            clause=CLAUSE,
            better=LOWER,
            better_clause="CMH-5.3; CMH-8.1 (fewer social-function deficits)",
            bands=(
                Band("no_deficit", Text("无社会功能缺陷", "No deficit"), 0, 1, clause=CLAUSE),
                Band(
                    "deficit",
                    Text("有社会功能缺陷", "Social-function deficit"),
                    2,
                    20,
                    clause=CLAUSE,
                ),
            ),
        ),
    ),
    citations=(
        Citation("World Health Organization", "1978",
                 "Disability Assessment Schedule (WHO/DAS)"),
        Citation("汪向东, 王希林, 马弘", "1999",
                 "心理卫生评定量表手册（增订版）[Handbook of mental health rating scales, "
                 "revised edition]: 社会功能缺陷筛选量表 (SDSS)", "中国心理卫生杂志社, 北京"),
    ),
    # Rated by a trained worker, mainly from an informant: not a self-report.
    self_report=False,
    note="Items answered 9 (not applicable) are excluded from the total.",
)
