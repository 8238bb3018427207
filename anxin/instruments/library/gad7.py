"""GAD-7 (Spitzer et al., Arch Intern Med 2006;166:1092-7), version 1. domain-facts.md §2.

Working notes (never shown to users): items, LOINC, total 0–21 and the four Spitzer bands
0–4/5–9/10–14/15–21 [V-2]. The five-band Chinese variant (10-13/14-18/19-21, bigxun) is
deliberately not used. Chinese items [P] (西安康宁心理医院 via sanwenwang viseqiqf; bigxun); the
Pfizer China option wording (完全不会 vs 没有) is unconfirmed.
"""

from ..definitions import LOWER, SUM, Band, Citation, Instrument, Item, Scale, Text
from .phq9 import FREQUENCY

ITEMS = [
    ("感觉紧张，焦虑或急切", "Feeling nervous, anxious, or on edge", "69725-0"),
    ("不能够停止或控制担忧", "Not being able to stop or control worrying", "68509-9"),
    ("对各种各样的事情担忧过多", "Worrying too much about different things", "69733-4"),
    ("很难放松下来", "Trouble relaxing", "69734-2"),
    ("由于不安而无法静坐", "Being so restless that it is hard to sit still", "69735-9"),
    ("变得容易烦恼或急躁", "Becoming easily annoyed or irritable", "69689-8"),
    (
        "感到似乎将有可怕的事情发生而害怕",
        "Feeling afraid, as if something awful might happen",
        "69736-7",
    ),
]

CLAUSE = "Spitzer et al. 2006 (cut-points 5/10/15)"

GAD7 = Instrument(
    code="gad7",
    version=1,
    name=Text("广泛性焦虑量表-7（GAD-7）", "Generalized Anxiety Disorder 7-item scale (GAD-7)"),
    items=tuple(
        Item(f"item_{n}", str(n), Text(zh, en), FREQUENCY, loinc=loinc)
        for n, (zh, en, loinc) in enumerate(ITEMS, start=1)
    ),
    scales=(
        Scale(
            code="total",
            text=Text("总分", "Total score"),
            method=SUM,
            items=tuple(f"item_{n}" for n in range(1, 8)),
            low=0,
            high=21,
            loinc="70274-6",
            clause=CLAUSE,
            better=LOWER,
            better_clause="CHR-8.2b; CHR-8.6.1d; CHR-A.1-2.4 (焦虑评分下降)",
            bands=(
                Band("minimal", Text("无或极轻微焦虑", "Minimal"), 0, 4, clause=CLAUSE),
                Band("mild", Text("轻度焦虑", "Mild"), 5, 9, clause=CLAUSE),
                Band("moderate", Text("中度焦虑", "Moderate"), 10, 14, clause=CLAUSE),
                Band("severe", Text("重度焦虑", "Severe"), 15, 21, clause=CLAUSE),
            ),
        ),
    ),
    loinc="69737-5",
    instructions=Text(
        "在过去的两周里，您被以下问题困扰的频率？",
        "Over the last 2 weeks, how often have you been bothered by the following problems?",
    ),
    citations=(
        Citation("Spitzer RL, Kroenke K, Williams JBW, Löwe B", "2006",
                 "A brief measure for assessing generalized anxiety disorder: the GAD-7",
                 "Archives of Internal Medicine 166(10):1092–1097"),
    ),
    self_report=True,
    note="Stem zh: 在过去的两周里，您被以下问题困扰的频率？ "
    "Band names are descriptors, not quoted.",
)
