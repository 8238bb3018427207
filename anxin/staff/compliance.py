"""The standards' staffing rules applied to an organisation's members, in a fixed number of
queries however many members it has."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anxin.accounts.choices import Role
from anxin.accounts.models import Organization, User

from . import rules
from .choices import SOCIAL_WORK_QUALIFICATIONS, SOCIAL_WORKER_OR_ABOVE, QualificationKind
from .models import Qualification


@dataclass
class Finding:
    clause: str
    text: Promise | str


@dataclass
class MemberStatus:
    member: User
    hours: Decimal
    sessions: int
    findings: list[Finding] = field(default_factory=list)
    supervisor_eligible: bool = False
    supervisor_findings: list[Finding] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        return not self.findings


def _has(kinds) -> Exists:
    return Exists(Qualification.objects.filter(member=OuterRef("pk"), kind__in=kinds))


def annotated_members(organization: Organization, *, year: int):
    """Active members of the organisation with what the rules read, in one query."""
    in_year = Q(trainings__date__year=year)
    return (
        User.objects.filter(_membership__organization=organization, _membership__is_active=True)
        .select_related("_membership", "_membership__team")
        .annotate(
            training_hours=Coalesce(Sum("trainings__hours", filter=in_year),
                                    Value(Decimal(0)), output_field=DecimalField()),
            training_sessions=Count("trainings", filter=in_year),
            chr_topics=Count("trainings__chr_topic", distinct=True,
                             filter=~Q(trainings__chr_topic="")),
            has_any_qualification=Exists(Qualification.objects.filter(member=OuterRef("pk"))),
            has_social_work=_has(SOCIAL_WORK_QUALIFICATIONS),
            has_social_worker_or_above=_has(SOCIAL_WORKER_OR_ABOVE),
            has_supervisor_certificate=_has([QualificationKind.SUPERVISOR_CERTIFICATE]),
        )
        .order_by("_membership__role", "full_name", "username")
    )


def supervisor_findings(member, organization: Organization, *, today: datetime.date,
                        has_social_work: bool, has_social_worker_or_above: bool,
                        has_supervisor_certificate: bool) -> list[Finding]:
    """Why `member` may not supervise: in a hospital MSW-9.1.2, elsewhere CMH-9.2; empty when
    they may."""
    findings = []
    if organization.is_hospital:
        if not has_social_work:
            findings.append(Finding(rules.HOSPITAL_SUPERVISOR_CLAUSE, _(
                "No national social-work qualification")))
        if not has_supervisor_certificate:
            findings.append(Finding(rules.HOSPITAL_SUPERVISOR_CLAUSE, _(
                "No social-work supervisor certificate")))
        return findings
    since = member.membership.in_field_since if member.membership else None
    years = _full_years(since, today) if since else 0
    if years < rules.SUPERVISOR_MIN_YEARS:
        findings.append(Finding(rules.SUPERVISOR_CLAUSE, _(
            "Fewer than five years in community mental-health social work")))
    if not has_social_worker_or_above:
        findings.append(Finding(rules.SUPERVISOR_CLAUSE, _(
            "No social worker (intermediate) qualification or above")))
    return findings


def supervisor_findings_for(member: User, organization: Organization) -> list[Finding]:
    kinds = set(Qualification.objects.filter(member=member).values_list("kind", flat=True))
    return supervisor_findings(
        member, organization, today=timezone.localdate(),
        has_social_work=bool(kinds & SOCIAL_WORK_QUALIFICATIONS),
        has_social_worker_or_above=bool(kinds & SOCIAL_WORKER_OR_ABOVE),
        has_supervisor_certificate=QualificationKind.SUPERVISOR_CERTIFICATE in kinds)


def _full_years(since: datetime.date, today: datetime.date) -> int:
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))


def _meets(rule: rules.QualificationRule, member) -> bool:
    certified = {rules.SOCIAL_WORK: member.has_social_work,
                 rules.ANY: member.has_any_qualification}.get(rule.certificate, False)
    if certified or not rule.education:
        return certified
    membership = member.membership
    major = (membership.major or "").lower()
    return rules.education_at_least(membership.education_level, rule.education) and (
        not rule.majors or any(word in major for word in rule.majors))


def _qualification_findings(member, organization) -> list[Finding]:
    role = member.membership.role
    return [Finding(rule.clause, rule.label)
            for rule in rules.rules_for(rules.QUALIFICATION_RULES, organization.kind)
            if role in rule.roles and not _meets(rule, member)]


def _training_findings(member, organization) -> list[Finding]:
    findings = []
    for rule in rules.rules_for(rules.TRAINING_RULES, organization.kind):
        if rule.min_hours is not None and member.training_hours < rule.min_hours:
            findings.append(Finding(rule.clause, _(
                "%(hours)s of %(target)s training hours this year") % {
                    "hours": _hours(member.training_hours), "target": _hours(rule.min_hours)}))
        if rule.min_sessions is not None and member.training_sessions < rule.min_sessions:
            findings.append(Finding(rule.clause, rule.label))
        if rule.topics and member.chr_topics < len(rule.topics):
            findings.append(Finding(rule.clause, rule.label))
    return findings


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def member_statuses(organization: Organization, *, today: datetime.date | None = None,
                    member: User | None = None) -> list[MemberStatus]:
    """Each active member's findings; with `member`, only theirs. The qualification rules read
    the roles they name (REH-4.4.1 the manager); training and supervision, the service roles."""
    today = today or timezone.localdate()
    statuses = []
    members = annotated_members(organization, year=today.year)
    if member is not None:
        members = members.filter(pk=member.pk)
    for member in members:
        status = MemberStatus(member=member, hours=member.training_hours,
                              sessions=member.training_sessions)
        status.findings = _qualification_findings(member, organization)
        if member.membership.role in rules.SERVICE_ROLES:
            status.findings += _training_findings(member, organization)
            status.supervisor_findings = supervisor_findings(
                member, organization, today=today, has_social_work=member.has_social_work,
                has_social_worker_or_above=member.has_social_worker_or_above,
                has_supervisor_certificate=member.has_supervisor_certificate)
            status.supervisor_eligible = not status.supervisor_findings
            if member.membership.role == Role.SUPERVISOR:
                status.findings += status.supervisor_findings
        statuses.append(status)
    return statuses


@dataclass
class StaffingRatio:
    clause: str
    beds: int | None
    grade: str
    required: int | None
    qualified: int

    @property
    def met(self) -> bool | None:
        return None if self.required is None else self.qualified >= self.required


def staffing_ratio(organization: Organization) -> StaffingRatio | None:
    """MSW-9.1.1.2 for a hospital: the social workers required by beds and class, against the
    active service members holding a social-work qualification."""
    if not organization.is_hospital:
        return None
    qualified = User.objects.filter(
        _membership__organization=organization, _membership__is_active=True,
        _membership__role__in=rules.SERVICE_ROLES,
        qualifications__kind__in=SOCIAL_WORK_QUALIFICATIONS).distinct().count()
    return StaffingRatio(
        clause=rules.STAFFING_RATIO_CLAUSE, beds=organization.bed_count,
        grade=organization.hospital_grade,
        required=rules.required_social_workers(organization.hospital_grade,
                                               organization.bed_count),
        qualified=qualified)


def locked_usernames(usernames) -> set[str]:
    """Which of these usernames axes holds locked now (AXES_FAILURE_LIMIT within the cool-off)."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(AccessAttempt.objects.filter(
        username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since).values_list("username", flat=True))
