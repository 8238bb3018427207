"""BMI with the Chinese adult categories, version 1. domain-facts.md §5.4 [V-2] for the cut-offs;
[P] for the standard number (WS/T 428—2013, from recollection; the pages say 国家标准/卫健委).

<18.5 体重过低; 18.5–<24.0 正常; 24.0–<28.0 超重; ≥28.0 肥胖. Adults only.

Conventions (ours, not the standard's): BMI = weight (kg) / height (m)², rounded half-up to one
decimal, and the category is read from the rounded value shown (so 23.96 → 24.0 → 超重). Input
ranges are plausibility limits for adults. Waist-based central obesity needs sex and waist and is
not scored here.

Working notes (never shown to users): the cut-offs were checked on m.ycbk.net 1mwDyEY6Xl and
j.people.com.cn 8950858; the standard's number is from recollection [P].
"""

from decimal import Decimal

from ..definitions import BMI as BMI_METHOD
from ..definitions import Band, Citation, Instrument, Item, Scale, Text

CLAUSE = "WS/T 428—2013 成人体重判定"

BMI = Instrument(
    code="bmi",
    version=1,
    name=Text("体重指数（BMI，中国成人）", "Body mass index (BMI, Chinese adults)"),
    items=(
        Item(
            "weight_kg",
            "体重",
            Text("体重（kg）", "Weight (kg)"),
            minimum=Decimal("20"),
            maximum=Decimal("300"),
        ),
        Item(
            "height_cm",
            "身高",
            Text("身高（cm）", "Height (cm)"),
            minimum=Decimal("100"),
            maximum=Decimal("250"),
        ),
    ),
    scales=(
        Scale(
            code="bmi",
            text=Text("体重指数", "BMI (kg/m²)"),
            method=BMI_METHOD,
            items=("weight_kg", "height_cm"),
            decimals=1,
            clause=CLAUSE,
            bands=(
                Band("underweight", Text("体重过低", "Underweight"), None, Decimal("18.5")),
                Band("normal", Text("正常", "Normal"), Decimal("18.5"), Decimal("24.0")),
                Band("overweight", Text("超重", "Overweight"), Decimal("24.0"), Decimal("28.0")),
                Band("obese", Text("肥胖", "Obese"), Decimal("28.0"), None),
            ),
        ),
    ),
    citations=(
        Citation("中华人民共和国国家卫生和计划生育委员会", "2013",
                 "WS/T 428—2013 成人体重判定 [Criteria of weight for adults]"),
    ),
    # Weighed and measured by the worker (a plausibility-checked measurement).
    self_report=False,
)
