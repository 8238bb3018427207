"""Code → instrument versions. Every version ever shipped stays here, so a stored assessment can
be rescored (or shown) with the definition it was taken under; new assessments use `latest`."""

from .definitions import Instrument
from .library.bmi import BMI
from .library.followup_classification import FOLLOWUP_CLASSIFICATION
from .library.gad7 import GAD7
from .library.phq9 import PHQ9
from .library.risk_level import RISK_LEVEL
from .library.satisfaction_f import SATISFACTION_F
from .library.sdss import SDSS
from .library.whoqol_bref import WHOQOL_BREF
from .library.zbi22 import ZBI22

ALL: tuple[Instrument, ...] = (
    PHQ9,
    GAD7,
    WHOQOL_BREF,
    SDSS,
    ZBI22,
    RISK_LEVEL,
    FOLLOWUP_CLASSIFICATION,
    BMI,
    SATISFACTION_F,
)


class UnknownInstrument(KeyError):
    pass


def build(instruments) -> dict[str, dict[int, Instrument]]:
    """Index by code and version; refuse a repeated (code, version)."""
    index: dict[str, dict[int, Instrument]] = {}
    for instrument in instruments:
        versions = index.setdefault(instrument.code, {})
        if instrument.version in versions:
            raise ValueError(f"{instrument.code!r} version {instrument.version} registered twice")
        versions[instrument.version] = instrument
    return index


_INDEX = build(ALL)


def codes() -> tuple[str, ...]:
    return tuple(_INDEX)


def versions(code: str) -> tuple[int, ...]:
    if code not in _INDEX:
        raise UnknownInstrument(code)
    return tuple(sorted(_INDEX[code]))


def get(code: str, version: int | None = None) -> Instrument:
    """The given version, or the latest when `version` is None."""
    if code not in _INDEX:
        raise UnknownInstrument(code)
    chosen = max(_INDEX[code]) if version is None else version
    if chosen not in _INDEX[code]:
        raise UnknownInstrument(f"{code} v{version}")
    return _INDEX[code][chosen]


def latest(code: str) -> Instrument:
    return get(code)
