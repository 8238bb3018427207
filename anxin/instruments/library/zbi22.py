"""Zarit Burden Interview, 22 items (ZBI-22), version 1. domain-facts.md §4.3 [P].

22 items scored 0 (never) to 4 (nearly always), total 0–88 (nursekey; NINDS CDE). Bands in common
use 0–20 / 21–40 / 41–60 / 61–88. The one source found (scribd 695080351) prints "0-21 no to mild;
21-40 …", overlapping at 21; the non-overlapping reading is used and marked [P] on the band.

The item wording is copyright (Mapi Research Trust) and was not in domain-facts, so items carry
neutral labels; only the end anchors (never / nearly always) are given, the middle options carry
their numbers.
"""

from ..definitions import LOWER, SUM, Band, Instrument, Item, Option, Scale, Text

CLAUSE = "ZBI-22 bands as commonly used (scribd 695080351, 20/21 boundary normalised)"

OPTIONS = (
    Option(0, Text("0 从不", "0 Never")),
    Option(1, Text("1", "1")),
    Option(2, Text("2", "2")),
    Option(3, Text("3", "3")),
    Option(4, Text("4 几乎总是", "4 Nearly always")),
)

ZBI22 = Instrument(
    code="zbi22",
    version=1,
    name=Text("Zarit照顾者负担量表（ZBI-22）", "Zarit Burden Interview (ZBI-22)"),
    items=tuple(
        Item(
            f"item_{n}",
            str(n),
            Text(f"第{n}题", f"Item {n}"),
            OPTIONS,
            note="Neutral label: the licensed item wording is not reproduced.",
        )
        for n in range(1, 23)
    ),
    scales=(
        Scale(
            code="total",
            text=Text("总分", "Total score"),
            method=SUM,
            items=tuple(f"item_{n}" for n in range(1, 23)),
            low=0,
            high=88,
            clause=CLAUSE,
            better=LOWER,
            better_clause="CMH-5.4; CMH-8.1 (less caregiver burden)",
            bands=(
                Band("little_or_none", Text("无或轻微负担", "Little or no burden"), 0, 20),
                Band(
                    "mild_moderate",
                    Text("轻度至中度负担", "Mild to moderate burden"),
                    21,
                    40,
                    note="[P] the source prints 0-21 and 21-40 (overlap at 21)",
                ),
                Band(
                    "moderate_severe", Text("中度至重度负担", "Moderate to severe burden"), 41, 60
                ),
                Band("severe", Text("重度负担", "Severe burden"), 61, 88),
            ),
        ),
    ),
    source="nursekey.com zarit-burden-interview-zbi; NINDS CDE ZBI; scribd 695080351",
    note="[P] bands; see module docstring.",
)
