"""State changes of organisation administration. Each checks the acting user's capability,
writes its audit event in its transaction, and is what the pages, the API and the Django admin
call alike."""

import secrets

from axes.utils import reset as axes_reset
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import STAFF_MANAGE
from anxin.accounts.choices import OrganizationKind, Role
from anxin.accounts.models import ApiToken, Membership, Organization, Region, Team, User
from anxin.audit.actions import record
from anxin.cases.actions.assignment import do_reassign_cases
from anxin.cases.models import Case
from anxin.core.exceptions import NotPermitted, NotVisible

from . import compliance, rules
from .models import Qualification, TrainingRecord

# Roles an organisation admin may give; a regional viewer belongs to no organisation and is
# made by the platform admin.
ORGANIZATION_ROLES = tuple(r for r in Role.values if r != Role.REGIONAL_VIEWER)
MEMBER_FIELDS = ("full_name", "mobile", "education_level", "major", "in_field_since")


def _require_manager(acting_user: User, organization: Organization) -> None:
    if acting_user.is_active and acting_user.is_superuser:
        return  # the platform admin names an organisation's first admin
    if not acting_user.can(STAFF_MANAGE) or acting_user.organization != organization:
        raise NotPermitted


def _lock_member(acting_user: User, member: User) -> Membership:
    _require_manager(acting_user, acting_user.organization)
    membership = (Membership.objects.select_for_update(of=("self",)).select_related("user", "team")
                  .filter(user=member, organization=acting_user.organization).first())
    if membership is None:
        raise NotVisible
    return membership


def temporary_password() -> str:
    # Four groups of four from an alphabet without look-alikes, read out or typed on a phone.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def _check_team(organization: Organization, team: Team | None) -> dict:
    if team is not None and team.organization_id != organization.pk:
        return {"team": _("Choose a team of this organisation.")}
    return {}


def _check_role(membership: Membership | None, role: str, reason: str,
                organization: Organization) -> dict:
    """A role the organisation may give; a supervisor who does not meet CMH-9.2 (MSW-9.1.2 in
    a hospital; a new member has no record yet, so never does) needs the reason written down."""
    if role not in ORGANIZATION_ROLES:
        return {"role": _("Choose a role.")}
    if role != Role.SUPERVISOR or reason.strip():
        return {}
    findings = (compliance.supervisor_findings_for(membership.user, organization)
                if membership else None)
    if findings == []:
        return {}
    unmet = "; ".join(str(f.text) for f in findings) if findings else (
        rules.HOSPITAL_SUPERVISOR_CLAUSE if organization.is_hospital else rules.SUPERVISOR_CLAUSE)
    return {"supervisor_exception_reason": _(
        "This person does not meet the supervisor requirements (%(rules)s): give the reason "
        "for making them a supervisor.") % {"rules": unmet}}


@transaction.atomic
def do_add_member(organization: Organization, *, acting_user: User, username: str,
                  full_name: str, role: str, team: Team | None = None, mobile: str = "",
                  supervisor_exception_reason: str = "") -> tuple[User, str]:
    """A new colleague with a temporary password they must change at first sign-in. Returns
    the user and that password, shown once to the admin and stored only as its hash."""
    _require_manager(acting_user, organization)
    username = (username or "").strip()
    full_name = (full_name or "").strip()
    errors = {}
    if not username:
        errors["username"] = _("Enter a username.")
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("This username is taken.")
    if not full_name:
        errors["full_name"] = _("Enter the member's full name.")
    errors |= _check_team(organization, team)
    errors |= _check_role(None, role, supervisor_exception_reason, organization)
    if errors:
        raise ValidationError(errors)
    password = temporary_password()
    user = User(username=username, full_name=full_name, must_change_password=True)
    user.set_password(password)
    user.save()
    membership = Membership.objects.create(
        user=user, organization=organization, role=role, team=team, mobile=mobile.strip(),
        supervisor_exception_reason=supervisor_exception_reason.strip()
        if role == Role.SUPERVISOR else "")
    record("staff.member_added", actor=acting_user, target=user,
           data={"username": username, "role": role, "team": team.pk if team else None,
                 "supervisor_exception": bool(membership.supervisor_exception_reason)})
    return user, password


@transaction.atomic
def do_change_member_role(member: User, *, acting_user: User, role: str,
                          team: Team | None, supervisor_exception_reason: str = "") -> User:
    """Change a member's role or team. Making someone a supervisor who does not meet CMH-9.2
    needs a recorded reason."""
    membership = _lock_member(acting_user, member)
    organization = membership.organization
    errors = _check_team(organization, team)
    if role != membership.role or supervisor_exception_reason:
        errors |= _check_role(membership, role, supervisor_exception_reason, organization)
    if member == acting_user and role != membership.role:
        errors["role"] = _("You cannot change your own role.")
    if errors:
        raise ValidationError(errors)
    before = {"role": membership.role, "team": membership.team_id}
    membership.role, membership.team = role, team
    fields = ["role", "team"]
    if role == Role.SUPERVISOR and supervisor_exception_reason.strip():
        membership.supervisor_exception_reason = supervisor_exception_reason.strip()
        fields.append("supervisor_exception_reason")
    elif role != Role.SUPERVISOR and membership.supervisor_exception_reason:
        membership.supervisor_exception_reason = ""
        fields.append("supervisor_exception_reason")
    membership.save(update_fields=fields)
    record("staff.member_changed", actor=acting_user, target=member,
           data={"before": before, "after": {"role": role, "team": team.pk if team else None},
                 "supervisor_exception": bool(membership.supervisor_exception_reason)})
    return member


@transaction.atomic
def do_update_staff_record(member: User, *, acting_user: User, **data) -> User:
    """Name, mobile, education, major and start in the field (CMH-9.1, CMH-9.2)."""
    membership = _lock_member(acting_user, member)
    unknown = set(data) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown staff fields: {sorted(unknown)}")
    if "full_name" in data and not (data["full_name"] or "").strip():
        raise ValidationError({"full_name": _("Enter the member's full name.")})
    since = data.get("in_field_since")
    if since and since > timezone.localdate():
        raise ValidationError({"in_field_since": _("This date cannot be in the future.")})
    changed = []
    for name, value in data.items():
        target = member if name == "full_name" else membership
        value = value.strip() if isinstance(value, str) else value
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed.append(name)
    if "full_name" in changed:
        member.save(update_fields=["full_name"])
    membership_fields = [f for f in changed if f != "full_name"]
    if membership_fields:
        membership.save(update_fields=membership_fields)
    if changed:
        record("staff.record_updated", actor=acting_user, target=member,
               data={"fields": changed})
    return member


def open_cases_of(member: User):
    """Cases the member is the responsible worker of that have not ended: a closed case still
    waiting for its follow-ups needs a worker too."""
    return Case.objects.filter(worker=member).exclude(stage__in=_terminal_stages())


def _terminal_stages() -> set[str]:
    from anxin.cases.workflow.pathways import PATHWAYS

    return {s.code for p in PATHWAYS.values() for s in p.stages if s.terminal}


@transaction.atomic
def do_deactivate_member(member: User, *, acting_user: User, hand_over_to: User | None = None,
                         reason: str = "", supervisor: User | None = None) -> User:
    """Deactivate a member: never deleted, so their history stays; their sessions and API token
    end at once. A worker's open cases must go to someone first (`hand_over_to`), all in this
    transaction, or nothing changes."""
    membership = _lock_member(acting_user, member)
    if member == acting_user:
        raise ValidationError({"member": _("You cannot deactivate yourself.")})
    if not membership.is_active:
        raise ValidationError({"member": _("This member is already inactive.")})
    if membership.role == Role.ORG_ADMIN and not Membership.objects.filter(
            organization=membership.organization, role=Role.ORG_ADMIN, is_active=True).exclude(
            pk=membership.pk).exists():
        raise ValidationError({"member": _("The organisation needs another active admin first.")})
    open_ids = list(open_cases_of(member).values_list("pk", flat=True).distinct())
    if open_ids:
        if hand_over_to is None:
            raise ValidationError({"hand_over_to": _(
                "This member holds %(count)d open cases: choose who takes them over.") % {
                    "count": len(open_ids)}})
        if hand_over_to == member:
            raise ValidationError({"hand_over_to": _("Choose someone else.")})
        do_reassign_cases(open_ids, acting_user=acting_user, to_worker=hand_over_to,
                          supervisor=supervisor,
                          reason=reason or _("The responsible worker left the organisation."))
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
    # An inactive user fails every authentication backend, so open sessions end on their next
    # request; the token goes outright.
    member.is_active = False
    member.save(update_fields=["is_active"])
    tokens = ApiToken.objects.filter(user=member).delete()[0]
    record("staff.member_deactivated", actor=acting_user, target=member,
           data={"cases_handed_over": len(open_ids),
                 "hand_over_to": hand_over_to.pk if open_ids else None,
                 "tokens_revoked": tokens})
    return member


@transaction.atomic
def do_reactivate_member(member: User, *, acting_user: User) -> User:
    membership = _lock_member(acting_user, member)
    if membership.is_active:
        raise ValidationError({"member": _("This member is already active.")})
    membership.is_active, membership.deactivated_at = True, None
    membership.save(update_fields=["is_active", "deactivated_at"])
    member.is_active = True
    member.save(update_fields=["is_active"])
    record("staff.member_reactivated", actor=acting_user, target=member)
    return member


@transaction.atomic
def do_unlock_member(member: User, *, acting_user: User) -> int:
    """Lift the lock-out after repeated failed sign-ins before its cool-off ends."""
    _lock_member(acting_user, member)
    removed = axes_reset(username=member.get_username())
    record("staff.member_unlocked", actor=acting_user, target=member,
           data={"attempts_cleared": removed})
    return removed


@transaction.atomic
def do_reset_password(member: User, *, acting_user: User) -> str:
    """A temporary password the member must change at their next sign-in. The old password,
    every session (the session hash follows the password) and the API token stop working."""
    membership = _lock_member(acting_user, member)
    if not membership.is_active:
        raise ValidationError({"member": _("Reactivate the member first.")})
    password = temporary_password()
    member.set_password(password)
    member.must_change_password = True
    member.save(update_fields=["password", "must_change_password"])
    ApiToken.objects.filter(user=member).delete()
    axes_reset(username=member.get_username())
    record("staff.password_reset", actor=acting_user, target=member)
    return password


def _require_member_of(acting_user: User, member: User) -> None:
    _require_manager(acting_user, acting_user.organization)
    if not Membership.objects.filter(user=member,
                                     organization=acting_user.organization).exists():
        raise NotVisible


@transaction.atomic
def do_add_qualification(member: User, *, acting_user: User, kind: str, issued_on,
                         number: str = "", title: str = "", scan=None) -> Qualification:
    from .choices import QualificationKind

    _require_member_of(acting_user, member)
    errors = {}
    if kind not in QualificationKind.values:
        errors["kind"] = _("Choose a qualification.")
    if kind == QualificationKind.OTHER and not title.strip():
        errors["title"] = _("Say what the certificate is.")
    if issued_on is None:
        errors["issued_on"] = _("Enter the date of issue.")
    elif issued_on > timezone.localdate():
        errors["issued_on"] = _("This date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    qualification = Qualification.objects.create(
        organization=acting_user.organization, member=member, kind=kind, title=title.strip(),
        number=number.strip(), issued_on=issued_on, recorded_by=acting_user,
        **({"scan": scan} if scan else {}))
    record("staff.qualification_added", actor=acting_user, target=qualification,
           data={"member": member.pk, "kind": kind})
    return qualification


@transaction.atomic
def do_add_training(member: User, *, acting_user: User, date, hours, topic: str,
                    provider: str = "", chr_topic: str = "", certificate=None
                    ) -> TrainingRecord:
    from .choices import TrainingTopic

    _require_member_of(acting_user, member)
    errors = {}
    if date is None:
        errors["date"] = _("Enter the date of the training.")
    elif date > timezone.localdate():
        errors["date"] = _("This date cannot be in the future.")
    if hours is None or hours <= 0 or hours > 999:
        errors["hours"] = _("Enter the hours, more than 0.")
    if not (topic or "").strip():
        errors["topic"] = _("Enter the topic.")
    if chr_topic and chr_topic not in TrainingTopic.values:
        errors["chr_topic"] = _("Choose a topic.")
    if errors:
        raise ValidationError(errors)
    training = TrainingRecord.objects.create(
        organization=acting_user.organization, member=member, date=date, hours=hours,
        topic=topic.strip(), provider=provider.strip(), chr_topic=chr_topic,
        recorded_by=acting_user, **({"certificate": certificate} if certificate else {}))
    record("staff.training_added", actor=acting_user, target=training,
           data={"member": member.pk, "hours": str(hours), "chr_topic": chr_topic})
    return training


@transaction.atomic
def do_create_team(organization: Organization, *, acting_user: User, name: str,
                   supervisor: User | None = None) -> Team:
    _require_manager(acting_user, organization)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Enter the team's name.")
    elif Team.objects.filter(organization=organization, name=name).exists():
        errors["name"] = _("This organisation already has a team of that name.")
    if supervisor is not None and (supervisor.organization != organization
                                   or supervisor.role != Role.SUPERVISOR):
        errors["supervisor"] = _("Choose a supervisor of this organisation.")
    if errors:
        raise ValidationError(errors)
    team = Team.objects.create(organization=organization, name=name, supervisor=supervisor)
    record("staff.team_created", actor=acting_user, target=team,
           data={"name": name, "supervisor": supervisor.pk if supervisor else None})
    return team


@transaction.atomic
def do_create_organization(*, acting_user: User, name: str, code: str, kind: str,
                           district_code: str, street_code: str = "",
                           hospital_grade: str = "", bed_count: int | None = None,
                           admin_username: str = "", admin_full_name: str = ""
                           ) -> tuple[Organization, User | None, str]:
    """The platform admin registers an institution, with its first admin if named (who gets a
    temporary password, returned here). Province and city follow from the district code
    (GB/T 2260); a hospital needs its class and beds (MSW-9.1.1.2)."""
    if not (acting_user.is_active and acting_user.is_superuser):
        raise NotPermitted
    name, code = (name or "").strip(), (code or "").strip().upper()
    errors = {}
    if not name:
        errors["name"] = _("Enter the organisation's name.")
    elif Organization.objects.filter(name=name).exists():
        errors["name"] = _("An organisation of this name exists.")
    if not code or not code.isalnum() or len(code) > 16:
        errors["code"] = _("Enter a short code of letters and digits (at most 16).")
    elif Organization.objects.filter(code__iexact=code).exists():
        errors["code"] = _("This code is taken.")
    if kind not in OrganizationKind.values:
        errors["kind"] = _("Choose the kind of organisation.")
    district = Region.objects.filter(code=district_code, level="district").first()
    if district is None:
        errors["district_code"] = _("Enter a district code of six digits.")
    street = None
    if street_code:
        street = Region.objects.filter(code=street_code, level="street",
                                       parent=district).first()
        if street is None:
            errors["street_code"] = _("This street is not in the district.")
    if kind == OrganizationKind.HOSPITAL:
        if not hospital_grade:
            errors["hospital_grade"] = _("Choose the hospital's class.")
        if not bed_count:
            errors["bed_count"] = _("Enter the number of beds.")
    else:
        hospital_grade, bed_count = "", None
    if errors:
        raise ValidationError(errors)
    city = district.parent
    organization = Organization.objects.create(
        name=name, code=code, kind=kind, province=city.parent, city=city, district=district,
        street=street, hospital_grade=hospital_grade, bed_count=bed_count)
    record("organization.created", actor=acting_user, organization=organization,
           target=organization, data={"code": code, "kind": kind, "district": district.code})
    admin, password = None, ""
    if admin_username or admin_full_name:
        try:
            admin, password = do_add_member(
                organization, acting_user=acting_user, username=admin_username,
                full_name=admin_full_name, role=Role.ORG_ADMIN)
        except ValidationError as exc:
            raise ValidationError({f"admin_{k}": v for k, v in exc.message_dict.items()}
                                  ) from exc
    return organization, admin, password


def record_attachment_download(obj: Qualification | TrainingRecord, *, acting_user: User
                               ) -> None:
    """A certificate copy left the server: on the trail, like every read of a person's file."""
    record("staff.attachment_downloaded", actor=acting_user, target=obj,
           data={"member": obj.member_id})
