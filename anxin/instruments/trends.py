"""A client's history of one instrument: scores over time, drawn as inline SVG with the bands
shaded, and the change since the first administration read in the scale's direction.

Pure presentation over responses already loaded: no queries here, so a page draws any number
of charts for the one query that fetched the responses. Points are spaced evenly in the order
given (one per administration), labelled with their dates.
"""

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext as _

from . import registry
from .definitions import CHANGED, HIGHER, IMPROVED, LOWER, UNCHANGED, WORSE, Band, Instrument, Scale

# Drawn at about this size on a phone; a wider screen scales the whole drawing up.
WIDTH, HEIGHT = 340, 190
LEFT, RIGHT, TOP, BOTTOM = 30, 6, 8, 30
LABELS = 50  # a column at the right of a banded chart where the band names sit, free of points

# Light fills from "doing well" to "doing badly"; a scale's direction says which end is which.
GOOD_TO_BAD = ("#d8efe2", "#eaf3d3", "#fbf0c9", "#fbdfc4", "#f6cfcd")
NEUTRAL_FILLS = ("#e9eeee", "#f5f7f7")

def reading_label(reading: str) -> str:
    return {
        IMPROVED: _("improved"),
        WORSE: _("worse"),
        UNCHANGED: _("unchanged"),
        CHANGED: _("changed (neither better nor worse)"),
    }.get(reading, "")


def number(value) -> Decimal | None:
    """A stored total (int, Decimal string or None) as a number."""
    return None if value is None else Decimal(str(value))


def shown(value: Decimal | None) -> str:
    """As stored: 14, 24.1, 43.75 (a scale's decimals kept, so 25.00 stays 25.00)."""
    return "—" if value is None else str(value)


@dataclass
class Point:
    response: object
    value: Decimal
    band: Band | None
    x: float = 0
    y: float = 0

    @property
    def label(self) -> str:
        return shown(self.value)

    @property
    def flagged(self) -> bool:
        return bool(self.response.flags)

    anchor: str = "middle"  # of the value's label: the end points' stay inside the plot

    @property
    def label_x(self) -> float:
        return self.x + {"start": -4, "end": 4}.get(self.anchor, 0)

    @property
    def value_y(self) -> float:
        """The value's label above the point, or below it at the top of the chart."""
        return self.y - 8 if self.y > TOP + 14 else self.y + 16


@dataclass
class Strip:
    band: Band
    y: float
    height: float
    fill: str

    @property
    def show_label(self) -> bool:
        """Room for the band's name inside the strip."""
        return self.height >= 12

    @property
    def label_y(self) -> float:
        return self.y + min(self.height / 2 + 3.5, 11)


@dataclass
class Tick:
    value: Decimal
    y: float

    @property
    def label(self) -> str:
        return shown(self.value)

    @property
    def label_y(self) -> float:
        return self.y + 3.5


@dataclass
class Chart:
    """One scale of one instrument over time."""

    key: str  # unique on the page: ids of the SVG's title and desc
    instrument: Instrument
    scale: Scale
    rows: list  # (response, value or None, band or None) for the data table, oldest first
    points: list[Point] = field(default_factory=list)
    strips: list[Strip] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    plot_width: int = WIDTH - RIGHT - LEFT
    date_y: int = HEIGHT - BOTTOM + 16

    @property
    def table_rows(self) -> list:
        return [(response, shown(value), band) for response, value, band in self.rows]

    @property
    def first(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def last(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def change(self) -> Decimal | None:
        if len(self.points) < 2:
            return None
        return self.last.value - self.first.value

    @property
    def change_label(self) -> str:
        change = self.change
        if change is None:
            return ""
        return ("+" if change > 0 else "") + shown(change)

    @property
    def reading(self) -> str:
        """improved / worse / unchanged / changed since the first administration."""
        if len(self.points) < 2:
            return ""
        return self.scale.reading(self.first.value, self.last.value)

    @property
    def reading_label(self) -> str:
        return reading_label(self.reading)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def x_labels(self) -> list[Point]:
        """The dates under the axis: the first, the last and one between (three fit on a
        phone); the data table has them all."""
        count = len(self.points)
        if count <= 2:
            return self.points
        if count % 2:  # a point exactly half-way: room for its date between the two ends
            return [self.points[0], self.points[count // 2], self.points[-1]]
        return [self.points[0], self.points[-1]]

    @property
    def title(self) -> str:
        return f"{self.instrument.name}: {self.scale.text}"

    @property
    def description(self) -> str:
        if not self.points:
            return _("No score yet.")
        parts = [_("%(count)d administrations, from %(first)s to %(last)s.") % {
            "count": len(self.points), "first": self.first.response.administered_on,
            "last": self.last.response.administered_on}]
        parts.append(_("Scores in order: %(scores)s.") % {
            "scores": ", ".join(p.label for p in self.points)})
        if self.reading:
            parts.append(_("Change since the first: %(change)s, %(reading)s.") % {
                "change": self.change_label, "reading": self.reading_label})
        if self.strips:
            parts.append(_("Shaded bands: %(bands)s.") % {"bands": "; ".join(
                f"{s.band.text} {_band_range(s.band)}" for s in reversed(self.strips))})
        return " ".join(parts)


@dataclass
class History:
    """Everything a client's page shows of one instrument."""

    instrument: Instrument  # the latest definition: names, bands to shade
    responses: list  # oldest first
    charts: list[Chart]

    @property
    def latest(self):
        return self.responses[-1]

    @property
    def classifications(self) -> list:
        """For scales without a number (CLASSIFY): (response, [(scale, band)]) per response."""
        rows = []
        for response in self.responses:
            definition = response.definition
            bands = []
            for scale in definition.scales:
                if scale.code in response.bands and scale.code not in response.totals:
                    bands.append((scale, band_of(definition, scale.code,
                                               response.bands[scale.code])))
            if bands:
                rows.append((response, bands))
        return rows


def _band_range(band: Band) -> str:
    if band.when_any:
        return ""
    low = "" if band.low is None else shown(Decimal(str(band.low)))
    high = "" if band.high is None else shown(Decimal(str(band.high)))
    if band.low is None:
        return f"<{high}"
    if band.high is None:
        return f"≥{low}"
    return f"{low}–{high}"


def band_of(definition: Instrument, scale_code: str, band_code: str | None) -> Band | None:
    """The stored band code read in the definition of the response's own version."""
    if band_code is None:
        return None
    try:
        scale = definition.scale(scale_code)
    except KeyError:
        return None
    return next((b for b in scale.bands if b.code == band_code), None)


def histories(responses) -> list["History"]:
    """One History per instrument, in the order each was first given, from responses of one
    client (any order)."""
    grouped: dict[str, list] = {}
    for response in sorted(responses, key=lambda r: (r.administered_on, r.pk)):
        grouped.setdefault(response.instrument, []).append(response)
    result = []
    for code, given in grouped.items():
        try:
            latest = registry.latest(code)
        except registry.UnknownInstrument:
            continue
        charts = [chart(latest, scale, given, key=f"{code}-{scale.code}")
                  for scale in latest.trend_scales]
        result.append(History(latest, given, charts))
    return result


def chart(instrument: Instrument, scale: Scale, responses, *, key: str) -> Chart:
    """Lay out one scale's scores (responses oldest first) on the chart's coordinates."""
    rows = []
    for response in responses:
        value = number(response.totals.get(scale.code))
        band = band_of(response.definition, scale.code, response.bands.get(scale.code))
        rows.append((response, value, band))
    result = Chart(key=key, instrument=instrument, scale=scale, rows=rows)
    result.points = [Point(r, v, b) for r, v, b in rows if v is not None]
    low, high = _range(scale, [p.value for p in result.points])
    top, bottom = TOP, HEIGHT - BOTTOM
    left = LEFT + 12
    right = WIDTH - RIGHT - (LABELS if scale.bands else 12)

    def y(value: Decimal) -> float:
        return bottom - float((value - low) / (high - low)) * (bottom - top)

    count = len(result.points)
    for i, point in enumerate(result.points):
        point.x = (left + right) / 2 if count == 1 else left + i * (right - left) / (count - 1)
        point.y = y(point.value)
    if count > 1:
        result.points[0].anchor, result.points[-1].anchor = "start", "end"
    result.strips = _strips(scale, low, high, y)
    result.ticks = [Tick(v, y(v)) for v in _ticks(low, high)]
    return result


def _range(scale: Scale, values: list[Decimal]) -> tuple[Decimal, Decimal]:
    """The scale's declared range; for an open one (BMI), the values and band edges, padded."""
    if scale.low is not None and scale.high is not None:
        return Decimal(str(scale.low)), Decimal(str(scale.high))
    edges = [Decimal(str(e)) for b in scale.bands for e in (b.low, b.high) if e is not None]
    known = values + edges or [Decimal(0), Decimal(1)]
    low = Decimal(str(scale.low)) if scale.low is not None else min(known) - 2
    high = Decimal(str(scale.high)) if scale.high is not None else max(known) + 2
    return low.to_integral_value(), high.to_integral_value()


def _strips(scale: Scale, low: Decimal, high: Decimal, y) -> list[Strip]:
    bands = [b for b in scale.bands if not b.when_any]
    if not bands:
        return []
    if scale.better == LOWER:
        fills = _spread(GOOD_TO_BAD, len(bands))
    elif scale.better == HIGHER:
        fills = list(reversed(_spread(GOOD_TO_BAD, len(bands))))
    else:
        fills = [NEUTRAL_FILLS[i % 2] for i in range(len(bands))]
    strips = []
    for i, band in enumerate(bands):
        # Integer bands meet half-way between one band's top and the next one's bottom.
        half = Decimal("0.5") if scale.integer else Decimal(0)
        start = low if i == 0 or band.low is None else Decimal(str(band.low)) - half
        end = high if i == len(bands) - 1 or band.high is None else Decimal(str(band.high)) + half
        start, end = max(start, low), min(end, high)
        if end <= start:
            continue
        strips.append(Strip(band, y(end), y(start) - y(end), fills[i]))
    return strips


def _spread(palette: tuple[str, ...], count: int) -> list[str]:
    if count == 1:
        return [palette[0]]
    return [palette[round(i * (len(palette) - 1) / (count - 1))] for i in range(count)]


def _ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    """Up to seven round values on the axis, both ends included (an end replaces a round value
    too close to it for both labels to be read)."""
    span = high - low
    for step in (Decimal(1), Decimal(2), Decimal(5), Decimal(10), Decimal(20), Decimal(25),
                 Decimal(50), Decimal(100)):
        if span / step <= 6:
            break
    values = []
    value = (low / step).to_integral_value(rounding=ROUND_CEILING) * step
    while value <= high:
        values.append(value)
        value += step
    if not values or values[0] != low:
        values = [low] + [v for v in values if v - low >= step / 2]
    if values[-1] != high:
        values = [v for v in values if high - v >= step / 2] + [high]
    return values


def summary(response, definition: Instrument | None = None) -> list[tuple[Scale, str, Band | None]]:
    """The scores a list shows for a response: its trend scales (value, band) and its
    classifications (band only)."""
    definition = definition or response.definition
    lines = []
    for scale in definition.trend_scales:
        value = number(response.totals.get(scale.code))
        lines.append((scale, shown(value),
                      band_of(definition, scale.code, response.bands.get(scale.code))))
    for scale in definition.scales:
        if scale.code in response.bands and scale.code not in response.totals:
            lines.append((scale, "", band_of(definition, scale.code, response.bands[scale.code])))
    return lines
