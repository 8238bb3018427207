"""Zarit Burden Interview, 22 items (ZBI-22), version 1. domain-facts.md §4.3 [P].

22 items scored 0 (never) to 4 (nearly always), total 0–88. Bands in common use 0–20 / 21–40 /
41–60 / 61–88.

Working notes (never shown to users): range and scoring checked on nursekey.com
(zarit-burden-interview-zbi) and the NINDS CDE report; the one banding source found (scribd
695080351) prints "0-21 no to mild; 21-40 …", overlapping at 21, so the non-overlapping reading is
used and marked [P] in the band's note.

The item wording is copyright (Mapi Research Trust) and was not in domain-facts, so items carry
neutral labels; only the end anchors (never / nearly always) are given, the middle options carry
their numbers.
"""

from ..definitions import LOWER, SUM, Band, Citation, Instrument, Item, Option, Scale, Text

CLAUSE = "ZBI-22 bands 0–20 / 21–40 / 41–60 / 61–88"

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
    citations=(
        Citation("Zarit SH, Reever KE, Bach-Peterson J", "1980",
                 "Relatives of the impaired elderly: correlates of feelings of burden",
                 "The Gerontologist 20(6):649–655"),
        Citation("Zarit SH, Orr NK, Zarit JM", "1985",
                 "The hidden victims of Alzheimer's disease: families under stress",
                 "New York University Press, New York"),
    ),
    # The caregiver answers it about their own burden (on the link, or the worker's tablet).
    self_report=True,
    note="[P] bands; see module docstring.",
)
