"""Every change a rehabilitation centre makes to its own records: one function each, its checks,
its rows and its audit event in one transaction. Pages, the API and the demo loader call these.
A refusal is a ValidationError naming its field."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import CASE_APPROVE, CASE_TRANSITION, CENTRE_SETTINGS
from anxin.accounts.choices import OrganizationKind, Role
from anxin.audit.actions import record
from anxin.cases.actions._access import lock, require_case
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted, NotVisible
from anxin.notifications.actions import notify

from . import eligibility, notices
from .models import (
    Asker,
    CentreProfile,
    Channel,
    EligibilityOverride,
    Enquiry,
    MedicalPartner,
    Outcome,
    PartnerArrangement,
    PartnerKind,
    Topic,
)

REHAB_KINDS = (OrganizationKind.REHAB_DAY, OrganizationKind.REHAB_RESIDENTIAL)


def is_centre(organization) -> bool:
    return getattr(organization, "kind", "") in REHAB_KINDS


def _require_centre(user, capability: str):
    membership = getattr(user, "membership", None)
    if not user.is_authenticated or membership is None or not user.can(capability):
        raise NotPermitted
    if not is_centre(membership.organization):
        raise NotPermitted
    return membership.organization


def profile_of(organization) -> CentreProfile:
    """The centre's profile; an unsaved default one (ages 15–60, day services) if never set."""
    profile = CentreProfile.objects.filter(organization=organization).first()
    if profile is None:
        profile = CentreProfile(
            organization=organization,
            residential_services=organization.kind == OrganizationKind.REHAB_RESIDENTIAL,
            day_services=organization.kind == OrganizationKind.REHAB_DAY)
    return profile


PROFILE_FIELDS = ("takes_children", "takes_elderly", "day_services", "residential_services",
                  "beds_male", "beds_female")


@transaction.atomic
def do_update_centre_profile(organization, *, acting_user, **changes) -> CentreProfile:
    if _require_centre(acting_user, CENTRE_SETTINGS) != organization:
        raise NotPermitted
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown profile fields {sorted(unknown)}")
    profile = profile_of(organization)
    for name, value in changes.items():
        setattr(profile, name, value)
    errors = {}
    if not (profile.day_services or profile.residential_services):
        errors["day_services"] = _("A centre offers day services, residential services or "
                                   "both.")
    for name in ("beds_male", "beds_female"):
        value = getattr(profile, name)
        if value is None or value < 0:
            errors[name] = _("Enter a number of beds, 0 or more.")
    if profile.residential_services and not (profile.beds_male or profile.beds_female):
        # 4.9.2.2 配置男女分设…床单元设施: a residential centre has beds, set apart by sex.
        errors["beds_male"] = _("A residential centre has beds for men, for women or both "
                                "(REH-4.9.2.2).")
    if errors:
        raise ValidationError(errors)
    profile.save()
    record("rehab.profile_updated", actor=acting_user, target=profile,
           data={name: getattr(profile, name) for name in PROFILE_FIELDS})
    return profile


def _partner_errors(data: dict) -> dict:
    errors = {}
    if data.get("kind") not in PartnerKind.values:
        errors["kind"] = _("Choose the kind of medical partner.")
    if not (data.get("name") or "").strip():
        errors["name"] = _("Enter the partner's name.")
    if data.get("arrangement", PartnerArrangement.POINT_TO_POINT) not in \
            PartnerArrangement.values:
        errors["arrangement"] = _("Choose how the partner works with the centre.")
    since, ended = data.get("since"), data.get("ended_on")
    if since and since > timezone.localdate():
        errors["since"] = _("This date is in the future.")
    if since and ended and ended < since:
        errors["ended_on"] = _("The end comes after the start.")
    return errors


@transaction.atomic
def do_add_medical_partner(organization, *, acting_user, **data) -> MedicalPartner:
    """REH-4.7.3.6 点对点业务联系 with a health centre and a hospital with psychiatric care."""
    if _require_centre(acting_user, CENTRE_SETTINGS) != organization:
        raise NotPermitted
    errors = _partner_errors(data)
    if errors:
        raise ValidationError(errors)
    partner = MedicalPartner.objects.create(
        organization=organization, kind=data["kind"], name=data["name"].strip(),
        arrangement=data.get("arrangement") or PartnerArrangement.POINT_TO_POINT,
        contact_person=(data.get("contact_person") or "").strip(),
        phone=(data.get("phone") or "").strip(), since=data.get("since"),
        ended_on=data.get("ended_on"))
    record("rehab.partner_added", actor=acting_user, target=partner,
           data={"kind": partner.kind, "arrangement": partner.arrangement})
    return partner


@transaction.atomic
def do_end_medical_partner(partner: MedicalPartner, *, acting_user,
                           ended_on: datetime.date) -> MedicalPartner:
    organization = _require_centre(acting_user, CENTRE_SETTINGS)
    if partner.organization_id != organization.pk:
        raise NotVisible
    partner = MedicalPartner.objects.select_for_update().get(pk=partner.pk)
    errors = _partner_errors({"kind": partner.kind, "name": partner.name,
                              "since": partner.since, "ended_on": ended_on})
    if ended_on is None:
        errors["ended_on"] = _("Enter the date the partnership ended.")
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    partner.ended_on = ended_on
    partner.save(update_fields=["ended_on"])
    record("rehab.partner_ended", actor=acting_user, target=partner,
           data={"ended_on": ended_on.isoformat()})
    return partner


@transaction.atomic
def do_record_enquiry(organization, *, acting_user, **data) -> Enquiry:
    """An entry of the consultation and reception register (REH-5.3.1 并做登记, 5.3.2)."""
    if _require_centre(acting_user, CASE_TRANSITION) != organization:
        raise NotPermitted
    errors = {}
    received_at = data.get("received_at")
    if not isinstance(received_at, datetime.datetime):
        errors["received_at"] = _("Enter when the enquiry came in.")
    elif received_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["received_at"] = _("This time is in the future.")
    if data.get("channel") not in Channel.values:
        errors["channel"] = _("Choose how the enquiry came in.")
    if data.get("asker") not in Asker.values:
        errors["asker"] = _("Choose who asked.")
    if data.get("asker") == Asker.REFERRING_BODY and not (data.get("referring_body")
                                                           or "").strip():
        errors["referring_body"] = _("Name the body that referred them.")
    topics = list(dict.fromkeys(data.get("topics") or []))
    if not topics or any(t not in Topic.values for t in topics):
        errors["topics"] = _("Choose what they asked about.")
    outcome = data.get("outcome")
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose what came of it.")
    if outcome == Outcome.APPOINTMENT and not data.get("appointment_at"):
        errors["appointment_at"] = _("Enter the time of the appointment.")
    if outcome == Outcome.REFERRAL and not (data.get("referred_to") or "").strip():
        errors["referred_to"] = _("Name where they were referred.")
    client = data.get("client")
    if client is not None and not Client.objects.visible_to(acting_user).filter(
            pk=client.pk).exists():
        errors["client"] = _("Choose a client you follow.")
    if errors:
        raise ValidationError(errors)
    enquiry = Enquiry.objects.create(
        organization=organization, received_at=received_at, channel=data["channel"],
        asker=data["asker"], asker_name=(data.get("asker_name") or "").strip(),
        asker_contact=(data.get("asker_contact") or "").strip(),
        referring_body=(data.get("referring_body") or "").strip(), topics=topics,
        outcome=outcome, appointment_at=data.get("appointment_at"),
        referred_to=(data.get("referred_to") or "").strip(),
        notes=(data.get("notes") or "").strip(), client=client, received_by=acting_user)
    record("rehab.enquiry_recorded", actor=acting_user, target=enquiry, client=client,
           data={"channel": enquiry.channel, "asker": enquiry.asker, "topics": topics,
                 "outcome": outcome})
    return enquiry


def _admins(organization) -> list:
    from anxin.accounts.models import User

    return list(User.objects.filter(_membership__organization=organization,
                                    _membership__role=Role.ORG_ADMIN,
                                    _membership__is_active=True))


@transaction.atomic
def do_override_eligibility(case, *, acting_user, reason: str) -> EligibilityOverride:
    """A supervisor admits although criteria are not met (REH-4.7.1): only a supervisor, only
    with a reason, only for the rules not met now; the organisation's administrators are told."""
    case = lock(case)
    require_case(acting_user, CASE_APPROVE, case)
    if case.pathway != "reh":
        raise ValidationError(_("Only a rehabilitation case has admission criteria."))
    if case.stage not in ("screening", "admission_assessment"):
        raise ValidationError(_("The criteria are overridden at screening or at the admission "
                                "assessment."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for admitting all the same.")})
    results = eligibility.evaluate(eligibility.gather(case.client, case=case))
    missing = eligibility.unmet(results)
    if "screened" in missing:
        raise ValidationError(_("Complete the screening form first: the override covers "
                                "criteria that were checked."))
    if not missing:
        raise ValidationError(_("Every criterion is met: there is nothing to override."))
    override = EligibilityOverride.objects.create(
        case=case, organization_id=case.organization_id, episode=case.episode, rules=missing,
        reason=reason.strip(), decided_by=acting_user)
    record("rehab.eligibility_overridden", actor=acting_user, target=case, client=case.client,
           # How many, not which: the rules not met say what the client suffers from.
           data={"rules_overridden": len(missing), "episode": case.episode})
    notify(_admins(case.organization), organization=case.organization, kind="rehab",
           message=notices.OVERRIDDEN, params={"case": case.case_number, "count": len(missing)},
           url=reverse("rehab:overrides"), subject=override)
    return override
