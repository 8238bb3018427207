"""The staffing rules of the standards, as data: who must hold what (certificate or education),
how much training a year, who may supervise, and how many medical social workers a hospital
needs.

Each rule names its clause; `compliance.py` applies them to the members of an organisation.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anxin.accounts.choices import EducationLevel, HospitalGrade, OrganizationKind, Role

# The people who serve clients: the training rules read them, and the qualification rules unless
# a rule names other roles (REH-4.4.1: the manager).
SERVICE_ROLES = frozenset({Role.WORKER, Role.SUPERVISOR})

ALL_KINDS = frozenset(OrganizationKind.values)
MENTAL_HEALTH = frozenset({OrganizationKind.COMMUNITY_STATION})
REHABILITATION = frozenset({OrganizationKind.REHAB_DAY, OrganizationKind.REHAB_RESIDENTIAL})
HOSPITAL = frozenset({OrganizationKind.HOSPITAL})
# Chronic-disease programmes run in hospitals and social-service organisations (CHR-1, CHR-4).
CHRONIC_DISEASE = frozenset({OrganizationKind.HOSPITAL, OrganizationKind.SOCIAL_SERVICE})

# The certificate a QualificationRule asks for.
SOCIAL_WORK = "social_work"  # a national social-work qualification (助理社会工作师 or above)
ANY = "any"  # any recorded qualification, as fits the post (REH-4.4.2)

# Words of a recorded major (free text, matched in lower case).
SOCIAL_WORK_MAJORS = ("社会工作", "社工", "social work")
# CHR-5.1.1b: 社会工作、社会学、心理学、公共卫生等相关学科.
CHR_MAJORS = (*SOCIAL_WORK_MAJORS, "社会学", "心理", "公共卫生", "sociology", "psycholog",
              "public health")


@dataclass(frozen=True)
class QualificationRule:
    """What a member in `roles` must hold: a `certificate`, or an `education` of that level or
    above in a major containing one of `majors` (any major when empty). A rule naming both is
    met by either (CMH-9.1's diploma alternative)."""

    clause: str
    kinds: frozenset
    label: Promise
    certificate: str = ""
    education: str = ""
    majors: tuple[str, ...] = ()
    roles: frozenset = SERVICE_ROLES


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
        certificate=SOCIAL_WORK, education=EducationLevel.JUNIOR_COLLEGE,
        majors=SOCIAL_WORK_MAJORS),
    # 机构管理者: the organisation's admin. Its experience, certificate and record are not kept.
    QualificationRule("REH-4.4.1", REHABILITATION, _(
        "The organisation's manager: a high-school education or above"),
        education=EducationLevel.HIGH_SCHOOL, roles=frozenset({Role.ORG_ADMIN})),
    QualificationRule("REH-4.4.2", REHABILITATION, _(
        "A professional qualification (or training certificate) suited to the post"),
        certificate=ANY),
    QualificationRule("MSW-9.1.1.1", HOSPITAL, _(
        "A national social-work qualification"), certificate=SOCIAL_WORK),
    # CHR-5.1.1a; in a hospital MSW-9.1.1.1 asks the same.
    QualificationRule("CHR-5.1.1", frozenset({OrganizationKind.SOCIAL_SERVICE}), _(
        "A social-work or assistant social-work qualification"), certificate=SOCIAL_WORK),
    # CHR-5.1.1b, besides a).
    QualificationRule("CHR-5.1.1", CHRONIC_DISEASE, _(
        "A bachelor's degree or above in social work, sociology, psychology, public health or "
        "a related subject"), education=EducationLevel.BACHELOR, majors=CHR_MAJORS),
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
# MSW-9.1.2, in a hospital instead: a supervisor meets MSW-9.1.1.1 (a national social-work
# qualification) and holds a social-work supervisor certificate.
HOSPITAL_SUPERVISOR_CLAUSE = "MSW-9.1.2"


@dataclass(frozen=True)
class SupervisorRequirement:
    clause: str
    label: Promise


def supervisor_requirement(organization) -> SupervisorRequirement:
    """What the organisation's supervisors need, for the pages (the checks are in compliance)."""
    if organization.is_hospital:
        return SupervisorRequirement(HOSPITAL_SUPERVISOR_CLAUSE, _(
            "A supervisor: the national social-work qualification and a social-work "
            "supervisor certificate"))
    return SupervisorRequirement(SUPERVISOR_CLAUSE, _(
        "A supervisor: five years or more in the field and the social worker (intermediate) "
        "qualification"))

# MSW-9.1.1.2: beds per medical social worker, by hospital class ("不少于一名").
BEDS_PER_SOCIAL_WORKER = {
    HospitalGrade.TERTIARY_A: 100,
    HospitalGrade.SECONDARY_A_OR_BELOW: 150,
    HospitalGrade.SPECIALIST_OR_OTHER: 80,
}
STAFFING_RATIO_CLAUSE = "MSW-9.1.1.2"


def rules_for(rules, kind: str):
    return [rule for rule in rules if kind in rule.kinds]


def education_at_least(level: str, minimum: str) -> bool:
    """Whether a recorded EducationLevel reaches `minimum`; an unrecorded one never does."""
    order = EducationLevel.values
    return level in order and order.index(level) >= order.index(minimum)


def required_social_workers(grade: str, beds: int | None) -> int | None:
    """At least one per N beds, so every started N needs one: 1,200 beds of a III-A hospital
    need 12, 1,201 need 13. None when grade or beds are unknown."""
    per = BEDS_PER_SOCIAL_WORKER.get(grade)
    if per is None or not beds:
        return None
    return math.ceil(beds / per)
