"""What the standards ask of caring teams and peer supporters, as tables citing their clauses.

- REH-3.6 defines a caring team (关爱帮扶团队) as the street's (乡镇/街道) coordinating group of
  grid managers, cadres, police, community doctors, family representatives, social workers and
  volunteers: one team per street, so an organisation keeps at most one per street.
- REH-6.4.1.6: a district counts as doing community rehabilitation work only if "80%以上街道
  （乡镇）组建有关爱帮扶团队". "以上" includes the figure itself (as the Civil Code, art. 1259,
  reads it: "以上…包括本数"), so 80 % meets.
- CMH-7.2.2 同伴支持: a client who recovers well supports peers "通过评估、培训、督导": assessed and
  trained before supporting anyone, supervised while doing so.

A threshold or a gate is a row here, never a literal in a branch; a refusal names its clause.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import PeerStatus


@dataclass(frozen=True)
class Threshold:
    """An indicator's minimum share, and the clause that sets it."""

    code: str
    minimum: Fraction
    clause: str

    def met_by(self, share: Fraction | None) -> bool:
        return share is not None and share >= self.minimum

    @property
    def percent(self) -> int:
        return round(self.minimum * 100)


INDICATORS: dict[str, Threshold] = {
    "caring_team_street_coverage": Threshold("caring_team_street_coverage", Fraction(80, 100),
                                             "REH-6.4.1.6"),
}
STREET_COVERAGE = INDICATORS["caring_team_street_coverage"]
# One team per street (REH-3.6 defines the team as the street's).
ONE_TEAM_PER_STREET_CLAUSE = "REH-3.6"


@dataclass(frozen=True)
class PeerGate:
    """What must be on record before a peer supporter may support others."""

    passed_assessment: bool
    trainings: int
    clause: str


ACTIVE_GATE = PeerGate(passed_assessment=True, trainings=1, clause="CMH-7.2.2")

# Which status may follow which, when changed by hand. Assessed and trained are reached by
# recording a passed assessment and a training (actions.py); becoming active is gated by
# ACTIVE_GATE whichever status it starts from, so the refusal names the clause, not the path.
TRANSITIONS: dict[str, frozenset[str]] = {
    PeerStatus.CANDIDATE: frozenset({PeerStatus.ACTIVE, PeerStatus.ENDED}),
    PeerStatus.ASSESSED: frozenset({PeerStatus.ACTIVE, PeerStatus.ENDED}),
    PeerStatus.TRAINED: frozenset({PeerStatus.ACTIVE, PeerStatus.ENDED}),
    PeerStatus.ACTIVE: frozenset({PeerStatus.PAUSED, PeerStatus.ENDED}),
    PeerStatus.PAUSED: frozenset({PeerStatus.ACTIVE, PeerStatus.ENDED}),
    PeerStatus.ENDED: frozenset(),
}


def check_may_become_active(*, passed_assessment: bool, trainings: int) -> None:
    gate = ACTIVE_GATE
    if (gate.passed_assessment and not passed_assessment) or trainings < gate.trainings:
        raise ValidationError({"status": _(
            "A peer supporter supports others only after a passed assessment and at least "
            "one training are recorded (%(clause)s).") % {"clause": gate.clause}})


def check_transition(current: str, wanted: str) -> None:
    if wanted not in TRANSITIONS.get(current, frozenset()):
        raise ValidationError({"status": _("A peer supporter who is %(current)s cannot become "
                                           "%(wanted)s.") % {
            "current": PeerStatus(current).label, "wanted": PeerStatus(wanted).label}})
