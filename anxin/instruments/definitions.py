"""The instrument engine: an assessment instrument (PHQ-9, SDSS, the 危险性评估 …) as data.

An instrument is a versioned table: items and their options, scales (how totals are computed
from the items), bands on those totals, and flags raised by single answers. Nothing here knows a
database or a form; `scoring.score` reads the table. `Instrument.validate()` runs when the table
is built (import time) and refuses an inconsistent one: a band with a gap, a scale naming an
unknown item, a declared range the options cannot produce.

Instrument wording (items, options, band names) is clinical content that must match the printed
form, so it is stored as `Text(zh, en)` pairs rather than as translation-catalogue msgids. Where
no published Chinese (or English) wording was found, the text is a neutral descriptor
("第1题 / Item 1") and the item says so in `note`.

What users read of where a table comes from is its `citations` (authors, year, title) and its
LOINC codes; rules cite clause ids (`clause`). Where each fact was checked, and how well, is a
working note for developers: it stays in the library modules' comments and in `note`, which no
page or API shows. `validate()` refuses a web address or a verification tag in anything users
read, so a working note cannot reach them.
"""

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language

SUM = "sum"  # total of the item values (options marked `excluded` count for nothing)
MEAN_X4 = "mean_x4"  # WHOQOL-BREF domain: mean of the answered items × 4, needs `min_answered`
RESCALE = "rescale"  # linear map of another scale's range onto this one's (e.g. 4–20 → 0–100)
VALUE = "value"  # the value of a single item (e.g. the risk level, WHOQOL Q1)
BMI = "bmi"  # weight (kg) / height (m)², items (weight_kg, height_cm)
CLASSIFY = "classify"  # the first band whose `when_any` matches; the last band is the default
METHODS = frozenset({SUM, MEAN_X4, RESCALE, VALUE, BMI, CLASSIFY})

# Which way a score moves when the client is doing better: outcome evaluation (CMH-6.5, CMH-8.1)
# and the CHR indicator "心理状态改善率: 心理量表评分下降" (CHR-8.6.1d, CHR-A.1-2.4) read change
# in this direction. NEUTRAL: no direction (BMI, a classification).
LOWER = "lower"
HIGHER = "higher"
NEUTRAL = ""
DIRECTIONS = frozenset({LOWER, HIGHER, NEUTRAL})
# What a change between two administrations means (Scale.reading).
IMPROVED = "improved"
WORSE = "worse"
UNCHANGED = "unchanged"
CHANGED = "changed"


@dataclass(frozen=True)
class Text:
    """Bilingual instrument wording; `str()` gives the one for the active language."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh if (get_language() or "").lower().startswith("zh") else self.en


@dataclass(frozen=True)
class Citation:
    """A published work a table follows, as users read it: authors, year, title, where."""

    authors: str
    year: str
    title: str
    published_in: str = ""  # journal and pages, publisher, or issuing document

    def __str__(self) -> str:
        head = f"{self.authors} ({self.year})" if self.year else self.authors
        return " ".join(
            part if part.endswith((".", "。", "?")) else f"{part}."
            for part in (head, self.title, self.published_in) if part)


@dataclass(frozen=True)
class Option:
    value: int
    text: Text
    loinc: str = ""  # LOINC answer code (LA…), where one exists
    excluded: bool = False  # e.g. SDSS 9 = "not applicable": answered, but not scored


@dataclass(frozen=True)
class Item:
    """A question. With `options`, the answer is one of their values; without, it is a number
    between `minimum` and `maximum` inclusive (e.g. height in cm)."""

    code: str
    number: str  # as printed on the form ("1", "10", "Q26")
    text: Text
    options: tuple[Option, ...] = ()
    loinc: str = ""
    required: bool = True
    reverse: bool = False  # scored as (lowest + highest option value) − answer
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    note: str = ""  # e.g. "Chinese wording not verified; neutral descriptor"

    @property
    def values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.options)

    @property
    def scored_values(self) -> tuple[int, ...]:
        return tuple(sorted(o.value for o in self.options if not o.excluded))

    def option(self, value: int) -> Option:
        return next(o for o in self.options if o.value == value)


@dataclass(frozen=True)
class Condition:
    """True when the answer to `item` is one of `values`."""

    item: str
    values: frozenset[int]


@dataclass(frozen=True)
class Band:
    """A named range of a scale. Integer scales: `low`–`high` inclusive, as published ("5–9").
    Decimal scales: `low` ≤ x < `high`; None is an open end (BMI "<18.5", "≥28.0").
    CLASSIFY scales use `when_any` instead of a range (an empty one is the default, last)."""

    code: str
    text: Text
    low: Decimal | int | None = None
    high: Decimal | int | None = None
    when_any: tuple[Condition, ...] = ()
    next_followup: str = ""  # ISO 8601 duration, e.g. "P2W", for follow-up classifications
    clause: str = ""
    note: str = ""

    def contains(self, x, integer: bool) -> bool:
        if integer:
            return self.low <= x <= self.high
        return (self.low is None or x >= self.low) and (self.high is None or x < self.high)


@dataclass(frozen=True)
class Flag:
    """Raised when any of the conditions holds, regardless of the totals (PHQ-9 item 9)."""

    code: str
    text: Text
    when_any: tuple[Condition, ...]
    clause: str


@dataclass(frozen=True)
class Scale:
    code: str
    text: Text
    method: str
    items: tuple[str, ...] = ()
    low: Decimal | int | None = None  # the range the scale can take (None = unbounded)
    high: Decimal | int | None = None
    decimals: int | None = None  # None: an integer scale; n: Decimal rounded half-up to n places
    bands: tuple[Band, ...] = ()
    min_answered: int = 0  # MEAN_X4: fewer answered items → the scale is not computed (None)
    source: str = ""  # RESCALE: the scale mapped onto this one
    loinc: str = ""
    clause: str = ""
    better: str = NEUTRAL  # LOWER or HIGHER: the direction of improvement
    better_clause: str = ""  # where that direction comes from

    @property
    def integer(self) -> bool:
        return self.decimals is None

    def reading(self, first, last) -> str:
        """IMPROVED, WORSE or UNCHANGED from `first` to `last` in this scale's direction;
        CHANGED when the scale has none (e.g. BMI), "" if either score is missing."""
        if first is None or last is None:
            return ""
        if first == last:
            return UNCHANGED
        if self.better == NEUTRAL:
            return CHANGED
        return IMPROVED if (last < first) == (self.better == LOWER) else WORSE


# What must never reach a user: a web address (the sites facts were checked on are working notes)
# or a verification tag of domain-facts.md ([P], [V-2], [U]).
WORKING_NOTE = re.compile(
    r"https?://|www\.|\b[\w-]+\.(?:com|cn|net|org|xyz|io|gov|edu|fun)\b|\[(?:P|U|V(?:-2)?)\]",
    re.IGNORECASE)


class InstrumentError(ValueError):
    """The table itself is inconsistent; raised when the instrument is built (import time)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Instrument:
    code: str
    version: int
    name: Text
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    citations: tuple[Citation, ...]  # the published works the table follows
    flags: tuple[Flag, ...] = ()
    loinc: str = ""  # panel code
    max_missing: int = 0  # optional-by-rule answers: more missing than this is refused
    # The person assessed answers it themselves (PHQ-9, GAD-7 …), so a client link may be
    # issued for it; False for a worker's rating (the risk level, a classification, BMI).
    self_report: bool = False
    note: str = ""  # a working note for developers; never shown
    # What the person filling it in reads first (the printed stem), if the form has one.
    instructions: Text | None = None
    # Scales charted in a client's history; empty: every scale with a number (not CLASSIFY).
    trend: tuple[str, ...] = ()

    def __post_init__(self):
        self.validate()

    def item(self, code: str) -> Item:
        found = next((i for i in self.items if i.code == code), None)
        if found is None:
            raise KeyError(f"instrument {self.code!r} has no item {code!r}")
        return found

    def scale(self, code: str) -> Scale:
        found = next((s for s in self.scales if s.code == code), None)
        if found is None:
            raise KeyError(f"instrument {self.code!r} has no scale {code!r}")
        return found

    @property
    def loinc_codes(self) -> tuple[str, ...]:
        """The panel code, then each scale's, where they exist."""
        codes = [self.loinc, *(s.loinc for s in self.scales)]
        return tuple(dict.fromkeys(c for c in codes if c))

    @property
    def source(self) -> str:
        """The citation as one line: the works, then the LOINC codes."""
        parts = [str(c) for c in self.citations]
        if self.loinc_codes:
            parts.append("LOINC " + ", ".join(self.loinc_codes))
        return " ".join(parts)

    def shown_texts(self):
        """(where, text) for every string users read: pages, the API, the client link."""
        yield "name", self.name
        if self.instructions:
            yield "instructions", self.instructions
        for citation in self.citations:
            yield "citation", str(citation)
        for item in self.items:
            yield f"item {item.code}", item.text
            for option in item.options:
                yield f"item {item.code} option {option.value}", option.text
        for scale in self.scales:
            yield f"scale {scale.code}", scale.text
            yield f"scale {scale.code} clause", scale.clause
            yield f"scale {scale.code} direction clause", scale.better_clause
            for band in scale.bands:
                yield f"band {band.code}", band.text
                yield f"band {band.code} clause", band.clause
        for flag in self.flags:
            yield f"flag {flag.code}", flag.text
            yield f"flag {flag.code} clause", flag.clause

    @property
    def trend_scales(self) -> tuple[Scale, ...]:
        if self.trend:
            return tuple(self.scale(code) for code in self.trend)
        return tuple(s for s in self.scales if s.method != CLASSIFY)

    def validate(self) -> None:
        """Refuse a table with a typo, a band gap or overlap, or a range the items cannot give."""
        problems: list[str] = []
        if self.version < 1:
            problems.append("version must be a positive integer")
        for kind, codes in (
            ("item", [i.code for i in self.items]),
            ("scale", [s.code for s in self.scales]),
            ("flag", [f.code for f in self.flags]),
        ):
            problems += [f"duplicate {kind} code {c!r}" for c, n in Counter(codes).items() if n > 1]
        items = {i.code: i for i in self.items}
        scales = {s.code: s for s in self.scales}
        for item in self.items:
            problems += self._item_problems(item)
        for flag in self.flags:
            problems += self._condition_problems(f"flag {flag.code!r}", flag.when_any, items)
            if not flag.when_any:
                problems.append(f"flag {flag.code!r} has no condition")
        for scale in self.scales:
            problems += self._scale_problems(scale, items, scales)
            if scale.better not in DIRECTIONS:
                problems.append(f"scale {scale.code!r} has unknown direction {scale.better!r}")
            elif scale.better and scale.method == CLASSIFY:
                problems.append(f"scale {scale.code!r} classifies; it has no direction")
        for code in self.trend:
            if code not in scales or scales[code].method == CLASSIFY:
                problems.append(f"trend names {code!r}, not a scale with a number")
        if not self.citations:
            problems.append("cite at least one published work")
        for where, text in self.shown_texts():
            for part in (text.zh, text.en) if isinstance(text, Text) else (text,):
                if WORKING_NOTE.search(part):
                    problems.append(f"{where} shows a web address or a working note: {part!r}")
        if problems:
            raise InstrumentError(problems)

    @staticmethod
    def _item_problems(item: Item) -> list[str]:
        problems = []
        values = [o.value for o in item.options]
        problems += [
            f"item {item.code!r} repeats option {v}" for v, n in Counter(values).items() if n > 1
        ]
        if item.options and (item.minimum is not None or item.maximum is not None):
            problems.append(f"item {item.code!r} has both options and a numeric range")
        if not item.options and (item.minimum is None or item.maximum is None):
            problems.append(f"item {item.code!r} has neither options nor a numeric range")
        if item.minimum is not None and item.maximum is not None and item.minimum >= item.maximum:
            problems.append(f"item {item.code!r} has an empty range")
        if item.reverse:
            scored = item.scored_values
            if not scored or list(scored) != list(range(scored[0], scored[-1] + 1)):
                problems.append(f"reversed item {item.code!r} needs consecutive option values")
        return problems

    @staticmethod
    def _condition_problems(where: str, conditions, items: dict[str, Item]) -> list[str]:
        problems = []
        for c in conditions:
            if c.item not in items:
                problems.append(f"{where} names unknown item {c.item!r}")
            elif not c.values or not c.values <= items[c.item].values:
                problems.append(f"{where} tests item {c.item!r} for values it cannot take")
        return problems

    def _scale_problems(self, scale: Scale, items: dict[str, Item], scales) -> list[str]:
        where = f"scale {scale.code!r}"
        problems = []
        if scale.method not in METHODS:
            return [f"{where} has unknown method {scale.method!r}"]
        problems += [f"{where} names unknown item {c!r}" for c in scale.items if c not in items]
        if problems:
            return problems
        members = [items[c] for c in scale.items]
        if scale.method in (SUM, MEAN_X4, VALUE) and any(not i.options for i in members):
            problems.append(f"{where} needs items with options")
            return problems
        if scale.method == SUM:
            low = sum(min(i.scored_values, default=0) for i in members)
            high = sum(max(i.scored_values, default=0) for i in members)
            if (scale.low, scale.high) != (low, high):
                problems.append(
                    f"{where} declares {scale.low}–{scale.high}, items give {low}–{high}"
                )
        elif scale.method == MEAN_X4:
            if not 1 <= scale.min_answered <= len(members):
                problems.append(f"{where} has an impossible minimum of answered items")
            lows = {min(i.scored_values) for i in members}
            highs = {max(i.scored_values) for i in members}
            if len(lows) != 1 or len(highs) != 1:
                problems.append(f"{where} mixes items with different ranges")
            elif (scale.low, scale.high) != (4 * lows.pop(), 4 * highs.pop()):
                problems.append(f"{where} declares a range its items cannot give")
        elif scale.method == VALUE:
            if len(members) != 1:
                problems.append(f"{where} takes the value of exactly one item")
            elif (scale.low, scale.high) != (min(members[0].values), max(members[0].values)):
                problems.append(f"{where} declares a range its item cannot give")
        elif scale.method == BMI:
            if len(members) != 2 or any(i.options for i in members):
                problems.append(f"{where} needs two numeric items: weight (kg), height (cm)")
        elif scale.method == RESCALE:
            src = scales.get(scale.source)
            if src is None or self.scales.index(src) > self.scales.index(scale):
                problems.append(f"{where} rescales {scale.source!r}, not an earlier scale")
            elif None in (src.low, src.high, scale.low, scale.high):
                problems.append(f"{where} needs bounded ranges")
        if scale.method == CLASSIFY:
            problems += self._classification_problems(scale, items)
        else:
            problems += self._band_problems(scale)
        return problems

    def _classification_problems(self, scale: Scale, items: dict[str, Item]) -> list[str]:
        where = f"scale {scale.code!r}"
        problems = [f"{where} needs at least two bands"] if len(scale.bands) < 2 else []
        problems += [
            f"{where} duplicate band {c!r}"
            for c, n in Counter(b.code for b in scale.bands).items()
            if n > 1
        ]
        for band in scale.bands:
            problems += self._condition_problems(f"band {band.code!r}", band.when_any, items)
            for c in band.when_any:
                if c.item not in scale.items:
                    problems.append(f"band {band.code!r} tests {c.item!r}, not an input")
        defaults = [i for i, b in enumerate(scale.bands) if not b.when_any]
        if defaults != [len(scale.bands) - 1]:
            problems.append(f"{where} needs exactly one default band, last")
        return problems

    @staticmethod
    def _band_problems(scale: Scale) -> list[str]:
        where = f"scale {scale.code!r}"
        bands = scale.bands
        if not bands:
            return []
        problems = [
            f"{where} duplicate band {c!r}"
            for c, n in Counter(b.code for b in bands).items()
            if n > 1
        ]
        if any(b.when_any for b in bands):
            problems.append(f"{where} bands take ranges, not conditions")
        if scale.integer:
            if any(b.low is None or b.high is None or b.low > b.high for b in bands):
                return problems + [f"{where} has a band without a proper range"]
            if bands[0].low != scale.low or bands[-1].high != scale.high:
                problems.append(f"{where} bands do not reach both ends of {scale.low}–{scale.high}")
            for a, b in zip(bands, bands[1:], strict=False):
                if b.low != a.high + 1:
                    problems.append(
                        f"{where} bands {a.code!r} and {b.code!r} leave a gap or overlap"
                    )
        else:
            if bands[0].low not in (None, scale.low) or bands[-1].high is not None:
                problems.append(f"{where} bands do not cover the whole range")
            for a, b in zip(bands, bands[1:], strict=False):
                if a.high is None or b.low != a.high or (a.low is not None and a.low >= a.high):
                    problems.append(
                        f"{where} bands {a.code!r} and {b.code!r} leave a gap or overlap"
                    )
        return problems


def likert(values_and_text: list[tuple[int, str, str, str]]) -> tuple[Option, ...]:
    """Options from (value, zh, en, LOINC answer code) rows."""
    return tuple(Option(v, Text(zh, en), loinc) for v, zh, en, loinc in values_and_text)
