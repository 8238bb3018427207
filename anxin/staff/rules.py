"""The staffing rules of the standards, as data: who must hold what, how much training a year,
who may supervise, and how many medical social workers a hospital needs.

Each rule names its clause; `compliance.py` applies them to the members of an organisation.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anxin.accounts.choices import HospitalGrade, OrganizationKind, Role

# The people who serve clients, to whom the qualification and training rules apply.
SERVICE_ROLES = frozenset({Role.WORKER, Role.SUPERVISOR})

ALL_KINDS = frozenset(OrganizationKind.values)
MENTAL_HEALTH = frozenset({OrganizationKind.COMMUNITY_STATION})
REHABILITATION = frozenset({OrganizationKind.REHAB_DAY, OrganizationKind.REHAB_RESIDENTIAL})
# Chronic-disease programmes run in hospitals and social-service organisations (CHR-4).
CHRONIC_DISEASE = frozenset({OrganizationKind.HOSPITAL, OrganizationKind.SOCIAL_SERVICE})


@dataclass(frozen=True)
class QualificationRule:
    """What a service member must hold. `social_work` asks for a national social-work
    qualification; otherwise any recorded qualification fits the post (REH-4.4.2).
    `or_education` also accepts a social-work diploma of junior college or above (CMH-9.1)."""

    clause: str
    kinds: frozenset
    label: Promise
    social_work: bool = True
    or_education: bool = False


@dataclass(frozen=True)
class TrainingRule:
    """Training a service member needs: hours or sessions in the calendar year, or topics that
    must all have been covered once."""

    clause: str
    kinds: frozenset
    label: Promise
    min_hours: Decimal | None = None
    min_sessions: int | None = None
    topics: tuple[str, ...] = ()


QUALIFICATION_RULES = (
    QualificationRule("CMH-9.1", MENTAL_HEALTH, _(
        "A social-work qualification, or a social-work diploma of junior college or above"),
        or_education=True),
    QualificationRule("REH-4.4.2", REHABILITATION, _(
        "A professional qualification (or training certificate) suited to the post"),
        social_work=False),
    QualificationRule("MSW-9.1.1.1", frozenset({OrganizationKind.HOSPITAL}), _(
        "A national social-work qualification")),
    QualificationRule("CHR-5.1.1", frozenset({OrganizationKind.SOCIAL_SERVICE}), _(
        "A social-work or assistant social-work qualification")),
)

TRAINING_RULES = (
    # 宜 in the standard: shown as a target, not a refusal.
    TrainingRule("CMH-9.1", MENTAL_HEALTH, _("120 hours of training a year"),
                 min_hours=Decimal(120)),
    TrainingRule("REH-5.6.1", REHABILITATION, _("At least one training a year"),
                 min_sessions=1),
    TrainingRule("CHR-5.1.2", CHRONIC_DISEASE, _(
        "The four chronic-disease trainings before serving: disease management, assessment "
        "tools, interventions, follow-up systems"),
        topics=("chr_disease", "chr_assessment_tools", "chr_interventions",
                "chr_follow_up_systems")),
)

# CMH-9.2: a supervisor has served five years or more in community mental-health social work
# and holds 社会工作师 (or above).
SUPERVISOR_MIN_YEARS = 5
SUPERVISOR_CLAUSE = "CMH-9.2"
# MSW-9.1.2: a hospital's supervisor also holds a social-work supervisor certificate.
HOSPITAL_SUPERVISOR_CLAUSE = "MSW-9.1.2"

# MSW-9.1.1.2: beds per medical social worker, by hospital class ("不少于一名").
BEDS_PER_SOCIAL_WORKER = {
    HospitalGrade.TERTIARY_A: 100,
    HospitalGrade.SECONDARY_A_OR_BELOW: 150,
    HospitalGrade.SPECIALIST_OR_OTHER: 80,
}
STAFFING_RATIO_CLAUSE = "MSW-9.1.1.2"


def rules_for(rules, kind: str):
    return [rule for rule in rules if kind in rule.kinds]


def required_social_workers(grade: str, beds: int | None) -> int | None:
    """At least one per N beds, so every started N needs one: 1,200 beds of a III-A hospital
    need 12, 1,201 need 13. None when grade or beds are unknown."""
    per = BEDS_PER_SOCIAL_WORKER.get(grade)
    if per is None or not beds:
        return None
    return math.ceil(beds / per)
