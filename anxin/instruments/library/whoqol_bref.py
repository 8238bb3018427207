"""WHOQOL-BREF, version 1. domain-facts.md §4.4 [V-2]. Working note (never shown to users): the
scoring was checked against the WHOQOL Group SPSS syntax and the Seattle syntax file
(depts.washington.edu/seaqol, Wq_bref.txt).

26 items scored 1–5; Q1 (overall quality of life) and Q2 (overall health) are reported on their
own. Q3, Q4 and Q26 are reversed (x → 6 − x). Domain = mean of the answered items × 4 (4–20),
computed only with at least 6/5/2/6 answers (MEAN.6 / MEAN.5 / MEAN.2 / MEAN.6); otherwise the
domain is None, as in the syntax. 0–100 = (domain − 4) × 100/16.

Missing items: the WHO material is inconsistent ("more than 20% missing → discard" vs the syntax
`SELECT IF (TOTAL>21)`). The executable rule is followed: at least 22 of 26 answered, so at most 4
may be blank. The manual's "(sum) × 4" line contradicts "mean × 4" and is not used.

Item and option wording is WHO copyright and was not in the sources consulted, so items carry
neutral labels ("第3题 / Q3", with the domain) and options their numbers 1–5 (the anchors differ
by item: very poor … very good, not at all … extremely, …). Put the licensed wording here when the
institution holds the WHO/Chinese version licence.
"""

from ..definitions import (
    HIGHER,
    MEAN_X4,
    RESCALE,
    VALUE,
    Citation,
    Instrument,
    Item,
    Option,
    Scale,
    Text,
)

CLAUSE = "WHOQOL-BREF scoring (WHOQOL Group 1998)"
CITATIONS = (
    Citation("The WHOQOL Group", "1998",
             "Development of the World Health Organization WHOQOL-BREF quality of life "
             "assessment", "Psychological Medicine 28(3):551–558"),
)
BETTER = "CHR-8.2b (生活质量量表); CMH-8.1 (higher quality of life)"

DOMAINS = {
    "physical": (Text("生理领域", "Physical health"), (3, 4, 10, 15, 16, 17, 18), 6),
    "psychological": (Text("心理领域", "Psychological"), (5, 6, 7, 11, 19, 26), 5),
    "social": (Text("社会关系领域", "Social relationships"), (20, 21, 22), 2),
    "environment": (Text("环境领域", "Environment"), (8, 9, 12, 13, 14, 23, 24, 25), 6),
}
REVERSED = frozenset({3, 4, 26})
OPTIONS = tuple(Option(v, Text(str(v), str(v))) for v in range(1, 6))
OVERALL = {
    1: Text("总体生存质量", "Overall quality of life"),
    2: Text("总体健康状况", "Overall health"),
}


def _item(n: int) -> Item:
    if n in OVERALL:
        about = OVERALL[n]
    else:
        about = next(text for text, numbers, _ in DOMAINS.values() if n in numbers)
    return Item(
        code=f"item_{n}",
        number=f"Q{n}",
        text=Text(f"第{n}题（{about.zh}）", f"Q{n} ({about.en})"),
        options=OPTIONS,
        reverse=n in REVERSED,
        note="Neutral label: the WHO item wording is copyright and not reproduced.",
    )


def _domain_scales() -> tuple[Scale, ...]:
    scales = []
    for code, (text, numbers, minimum) in DOMAINS.items():
        scales.append(
            Scale(
                code=code,
                text=Text(f"{text.zh}（4–20）", f"{text.en} (4–20)"),
                method=MEAN_X4,
                items=tuple(f"item_{n}" for n in numbers),
                low=4,
                high=20,
                decimals=2,
                min_answered=minimum,
                clause=CLAUSE,
                better=HIGHER,
                better_clause=BETTER,
            )
        )
        scales.append(
            Scale(
                code=f"{code}_100",
                text=Text(f"{text.zh}（0–100）", f"{text.en} (0–100)"),
                method=RESCALE,
                source=code,
                low=0,
                high=100,
                decimals=2,
                clause=CLAUSE + ": (score − 4) × (100/16)",
                better=HIGHER,
                better_clause=BETTER,
            )
        )
    return tuple(scales)


WHOQOL_BREF = Instrument(
    code="whoqol_bref",
    version=1,
    name=Text("世界卫生组织生存质量测定量表简表（WHOQOL-BREF）", "WHOQOL-BREF"),
    items=tuple(_item(n) for n in range(1, 27)),
    scales=(
        Scale(
            "overall_qol",
            OVERALL[1],
            VALUE,
            ("item_1",),
            1,
            5,
            clause=CLAUSE,
            better=HIGHER,
            better_clause=BETTER,
        ),
        Scale(
            "overall_health",
            OVERALL[2],
            VALUE,
            ("item_2",),
            1,
            5,
            clause=CLAUSE,
            better=HIGHER,
            better_clause=BETTER,
        ),
    )
    + _domain_scales(),
    max_missing=4,
    # The four domains on 0–100 chart a client's history; the 4–20 scores say the same.
    trend=("physical_100", "psychological_100", "social_100", "environment_100"),
    citations=CITATIONS,
    self_report=True,
    note="At most 4 of 26 items blank (syntax TOTAL>21), see the module docstring.",
)
