"""Scoring: pure functions from (instrument, answers) to totals, bands and flags.

No database, no dates, no side effects. Answers are a mapping of item code → value: an option's
integer value, or a number for numeric items (Decimal, int, float via its repr, or a numeric
string). A missing answer is an absent key or None. Anything incomplete, unknown or
out of range is refused with a `ScoringError` naming each offending item, e.g.
{"item_3": ["…"]}; nothing is scored from a partial or invalid set.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from .definitions import BMI, CLASSIFY, MEAN_X4, RESCALE, SUM, VALUE, Band, Flag, Instrument, Item


class ScoringError(ValidationError):
    """Refused answers; `message_dict` maps each offending item code to what is wrong."""

    def __init__(self, errors: dict[str, str]):
        super().__init__({code: [message] for code, message in errors.items()})


@dataclass(frozen=True)
class Result:
    instrument: str
    version: int
    totals: dict[str, int | Decimal | None]  # scale code → score (None: too few answers)
    bands: dict[str, Band | None]  # scale code → band, for scales that have bands
    flags: tuple[Flag, ...]


def score(instrument: Instrument, answers: dict[str, Any]) -> Result:
    values = clean(instrument, answers)
    exact: dict[str, Fraction | None] = {}
    totals: dict[str, int | Decimal | None] = {}
    bands: dict[str, Band | None] = {}
    for scale in instrument.scales:
        if scale.method == CLASSIFY:
            bands[scale.code] = next(
                b for b in scale.bands if not b.when_any or _any_holds(b.when_any, values)
            )
            continue
        members = [instrument.item(c) for c in scale.items]
        x = _compute(instrument, scale, members, values, exact)
        exact[scale.code] = x
        reported = None if x is None else _report(x, scale.decimals)
        totals[scale.code] = reported
        if scale.bands:
            bands[scale.code] = (
                None
                if reported is None
                else next(b for b in scale.bands if b.contains(reported, scale.integer))
            )
    flags = tuple(f for f in instrument.flags if _any_holds(f.when_any, values))
    return Result(instrument.code, instrument.version, totals, bands, flags)


def clean(instrument: Instrument, answers: dict[str, Any]) -> dict[str, int | Decimal | None]:
    """Check every answer; return item code → value (None for an allowed blank) or refuse."""
    errors: dict[str, str] = {}
    for code in answers:
        if not any(i.code == code for i in instrument.items):
            errors[str(code)] = gettext("Not an item of this instrument.")
    values: dict[str, int | Decimal | None] = {}
    blank: list[Item] = []
    for item in instrument.items:
        raw = answers.get(item.code)
        if raw is None or raw == "":
            values[item.code] = None
            if item.required:
                blank.append(item)
            continue
        value, error = _clean_one(item, raw)
        if error:
            errors[item.code] = error
        values[item.code] = value
    if len(blank) > instrument.max_missing:
        if instrument.max_missing:
            message = gettext("Answer this item: at most %(n)d items may be left blank.") % {
                "n": instrument.max_missing
            }
        else:
            message = gettext("This item must be answered.")
        errors.update({item.code: message for item in blank})
    if errors:
        raise ScoringError(errors)
    return values


def _clean_one(item: Item, raw: Any) -> tuple[int | Decimal | None, str]:
    if item.options:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw not in item.values:
            allowed = ", ".join(str(v) for v in sorted(item.values))
            text = gettext("%(value)r is not an allowed answer (allowed: %(allowed)s).")
            return None, text % {"value": raw, "allowed": allowed}
        return raw, ""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        return None, gettext("Enter a number.")
    try:
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    except InvalidOperation:
        return None, gettext("Enter a number.")
    if not number.is_finite() or not item.minimum <= number <= item.maximum:
        text = gettext("Enter a number from %(low)s to %(high)s.")
        return None, text % {"low": item.minimum, "high": item.maximum}
    return number, ""


def _scored(item: Item, value: int | None) -> int | None:
    """The value an answer contributes: None if blank or excluded (SDSS 9), reversed if asked."""
    if value is None or item.option(value).excluded:
        return None
    if item.reverse:
        scored = item.scored_values
        return scored[0] + scored[-1] - value
    return value


def _compute(instrument, scale, members: list[Item], values, exact) -> Fraction | None:
    if scale.method == SUM:
        return Fraction(sum(_scored(i, values[i.code]) or 0 for i in members))
    if scale.method == MEAN_X4:
        answered = [v for i in members if (v := _scored(i, values[i.code])) is not None]
        if len(answered) < scale.min_answered:
            return None
        return Fraction(sum(answered), len(answered)) * 4
    if scale.method == VALUE:
        value = values[members[0].code]
        return None if value is None else Fraction(value)
    if scale.method == RESCALE:  # (x − source low) × (high − low) / (source range) + low
        source, x = instrument.scale(scale.source), exact[scale.source]
        if x is None:
            return None
        ratio = Fraction(scale.high - scale.low) / Fraction(source.high - source.low)
        return (x - source.low) * ratio + scale.low
    if scale.method == BMI:
        weight, height = (Fraction(values[i.code]) for i in members)
        return weight / (height / 100) ** 2
    raise AssertionError(scale.method)  # validate() refuses unknown methods


def _report(x: Fraction, decimals: int | None) -> int | Decimal:
    quantum = Decimal(1).scaleb(-(decimals or 0))
    rounded = (Decimal(x.numerator) / Decimal(x.denominator)).quantize(quantum, ROUND_HALF_UP)
    return int(rounded) if decimals is None else rounded


def _any_holds(conditions, values) -> bool:
    return any(values.get(c.item) in c.values for c in conditions)


def numbered_in_order(instrument: Instrument) -> bool:
    """True when the items are item_1, item_2, … in order, so answers can come as a list."""
    return all(item.code == f"item_{n}" for n, item in enumerate(instrument.items, start=1))


def answers_from_list(instrument: Instrument, values: list[Any]) -> dict[str, Any]:
    """[a1, a2, …] → {"item_1": a1, …} for an instrument numbered in order (PHQ-9: [0, 1, …]).
    Positions past the last item become unknown item codes, which `clean` refuses by name."""
    if not numbered_in_order(instrument):
        raise ValidationError(
            {"answers": [gettext("Send the answers as an object keyed by item code.")]},
            code="not_a_list_instrument",
        )
    return {f"item_{n}": value for n, value in enumerate(values, start=1)}
