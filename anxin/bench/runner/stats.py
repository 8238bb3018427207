"""Figures from timings: percentiles and the Server-Timing header."""

import math
import re

_APP_DURATION = re.compile(r"(?:^|,)\s*app\s*;(?:[^,]*;)?\s*dur=([0-9.]+)")


def percentile(values, p: float) -> float | None:
    """The p-th percentile (0–100) by linear interpolation between closest ranks, as numpy's
    default does; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def server_time(header: str | None) -> float | None:
    """The application's milliseconds in `Server-Timing: app;dur=12.3` (other metrics in the
    same header are ignored); None when the header or the metric is missing."""
    if not header:
        return None
    match = _APP_DURATION.search(header)
    return float(match.group(1)) if match else None


def summary(values) -> dict:
    """p50, p95 and max in milliseconds, rounded for the record; None when nothing was timed."""
    values = [v for v in values if v is not None]
    if not values:
        return {"p50": None, "p95": None, "max": None, "n": 0}
    return {"p50": round(percentile(values, 50), 2), "p95": round(percentile(values, 95), 2),
            "max": round(max(values), 2), "n": len(values)}


def ratio(server_p50: float | None, floor_p50: float | None) -> float | None:
    if not server_p50 or not floor_p50:
        return None
    return round(server_p50 / floor_p50, 1)
