"""State changes of community work: recording and changing an activity, its participants and
materials; the volunteer register and volunteers' hours. Each re-checks the capability, runs the
rules of rules.py, and writes its audit event in its transaction. Pages and the API call these
alike.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import COMMUNITY_RECORD, COMMUNITY_VIEW, VOLUNTEER_MANAGE
from anxin.audit.actions import record
from anxin.core.exceptions import NotPermitted

from . import rules
from .choices import MaterialKind, VolunteerSkill
from .models import (
    ActivityMaterial,
    ActivityParticipant,
    CommunityActivity,
    Volunteer,
    VolunteerHours,
)

ACTIVITY_FIELDS = ("type", "title", "date", "start_time", "place", "region", "partners",
                   "residents_count", "clients_count", "family_count", "online_reach",
                   "summary")
VOLUNTEER_FIELDS = ("name", "phone", "skills", "skills_note", "is_active")


def _require(user, capability: str, organization_id: int | None = None) -> int:
    """The acting user's organisation, if they hold `capability` there (and the row is of it)."""
    membership = user.membership if user.is_authenticated else None
    if membership is None or membership.organization_id is None or not user.can(capability) \
            or not user.can(COMMUNITY_VIEW):
        raise NotPermitted
    if organization_id is not None and organization_id != membership.organization_id:
        raise NotPermitted
    return membership.organization_id


def _check_region(region, organization_id: int) -> None:
    """The region is the organisation's district or lies in it (a street, a community)."""
    from anxin.accounts.models import Organization

    if region is None:
        return
    district_id = Organization.objects.filter(pk=organization_id).values_list(
        "district_id", flat=True).first()
    if not region.code.startswith(district_id or "-"):
        raise ValidationError({"region": _("Choose your organisation's district or one of its "
                                           "streets or communities.")})


def _check_activity(data: dict, organization_id: int) -> None:
    errors = {}
    for check in (
            lambda: rules.check_activity(type=data["type"], region=data.get("region"),
                                         online_reach=data.get("online_reach")),
            lambda: rules.check_counts(**{k: data.get(k) for k in (
                "residents_count", "clients_count", "family_count", "online_reach")}),
            lambda: _check_region(data.get("region"), organization_id)):
        try:
            check()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, messages)
    if not (data.get("title") or "").strip():
        errors["title"] = [_("Give the activity a title.")]
    if data.get("date") is None:
        errors["date"] = [_("Enter the date of the activity.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_record_activity(*, acting_user, type: str, title: str, date, start_time=None,
                       place: str = "", region=None, partners: str = "",
                       residents_count: int = 0, clients_count: int = 0, family_count: int = 0,
                       online_reach: int | None = None, summary: str = "") -> CommunityActivity:
    """Record a community activity the organisation held (CMH-7.1, CHR-7.1, CHR-7.4)."""
    organization_id = _require(acting_user, COMMUNITY_RECORD)
    data = {"type": type, "title": title, "date": date, "start_time": start_time,
            "place": place, "region": region, "partners": partners,
            "residents_count": residents_count, "clients_count": clients_count,
            "family_count": family_count, "online_reach": online_reach, "summary": summary}
    _check_activity(data, organization_id)
    if rules.is_online(type):
        data.update(place="", region=None)
    activity = CommunityActivity.objects.create(organization_id=organization_id,
                                                created_by=acting_user, **data)
    record("community.activity_recorded", actor=acting_user, target=activity,
           data={"type": type, "clauses": list(rules.clauses_for(type))})
    return activity


@transaction.atomic
def do_update_activity(activity: CommunityActivity, *, acting_user,
                       **changes) -> CommunityActivity:
    """Change what was recorded of an activity; the audit names the fields, not their values."""
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"not fields of an activity: {sorted(unknown)}")
    _require(acting_user, COMMUNITY_RECORD, activity.organization_id)
    activity = CommunityActivity.objects.select_for_update().get(pk=activity.pk)
    data = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    data.update(changes)
    _check_activity(data, activity.organization_id)
    if rules.is_online(data["type"]):
        data.update(place="", region=None)
    changed = [name for name in ACTIVITY_FIELDS if getattr(activity, name) != data[name]]
    if not changed:
        return activity
    for name in changed:
        setattr(activity, name, data[name])
    activity.save(update_fields=[*changed, "updated_at"])
    record("community.activity_updated", actor=acting_user, target=activity,
           data={"fields": changed})
    return activity


@transaction.atomic
def do_add_participant(activity: CommunityActivity, client, *,
                       acting_user) -> ActivityParticipant:
    """A registered client the acting user may see took part (their file will show it)."""
    from anxin.clients.models import Client

    _require(acting_user, COMMUNITY_RECORD, activity.organization_id)
    activity = CommunityActivity.objects.select_for_update().get(pk=activity.pk)
    if client is None or not Client.objects.visible_to(acting_user).filter(
            pk=client.pk).exists():
        raise ValidationError({"client": _("Choose one of your clients.")})
    if activity.participants.filter(client=client).exists():
        raise ValidationError({"client": _("This client is already listed as a participant.")})
    participant = ActivityParticipant.objects.create(activity=activity, client=client,
                                                     added_by=acting_user)
    record("community.participant_added", actor=acting_user, target=activity, client=client)
    return participant


@transaction.atomic
def do_add_material(activity: CommunityActivity, *, acting_user, kind: str, count: int,
                    note: str = "") -> ActivityMaterial:
    """Materials handed out at the activity (PSY-measure-1: leaflets with help-line numbers,
    the support platform's QR code)."""
    _require(acting_user, COMMUNITY_RECORD, activity.organization_id)
    errors = {}
    if kind not in MaterialKind.values:
        errors["kind"] = _("Choose a kind of material.")
    if count is None or count < 1:
        errors["count"] = _("Enter how many were handed out: 1 or more.")
    if errors:
        raise ValidationError(errors)
    material = ActivityMaterial.objects.create(activity=activity, kind=kind, count=count,
                                               note=note)
    record("community.material_added", actor=acting_user, target=activity,
           data={"kind": kind, "count": count})
    return material


# --- Volunteers -----------------------------------------------------------------------------

def _check_volunteer(data: dict) -> None:
    errors = {}
    if not (data.get("name") or "").strip():
        errors["name"] = _("Enter the volunteer's name.")
    phone = (data.get("phone") or "").strip()
    if phone and not (phone.replace("-", "").replace(" ", "").isdigit()
                      and 5 <= len(phone) <= 20):
        errors["phone"] = _("Enter a phone number of digits only (hyphens allowed).")
    unknown = [code for code in data.get("skills") or () if code not in VolunteerSkill.values]
    if unknown:
        errors["skills"] = _("Choose skills from the list.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_register_volunteer(*, acting_user, name: str, phone: str = "", skills=(),
                          skills_note: str = "", is_active: bool = True) -> Volunteer:
    """A volunteer joins the register (CHR-7.4.3, CMH-7.2.2)."""
    organization_id = _require(acting_user, VOLUNTEER_MANAGE)
    data = {"name": name.strip(), "phone": phone.strip(), "skills": list(dict.fromkeys(skills)),
            "skills_note": skills_note, "is_active": is_active}
    _check_volunteer(data)
    volunteer = Volunteer.objects.create(organization_id=organization_id,
                                         created_by=acting_user, **data)
    record("community.volunteer_registered", actor=acting_user, target=volunteer)
    return volunteer


@transaction.atomic
def do_update_volunteer(volunteer: Volunteer, *, acting_user, **changes) -> Volunteer:
    """Change a volunteer's record; setting them inactive keeps their hours."""
    unknown = set(changes) - set(VOLUNTEER_FIELDS)
    if unknown:
        raise TypeError(f"not fields of a volunteer: {sorted(unknown)}")
    _require(acting_user, VOLUNTEER_MANAGE, volunteer.organization_id)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    data = {name: getattr(volunteer, name) for name in VOLUNTEER_FIELDS}
    data.update(changes)
    data["name"] = (data["name"] or "").strip()
    data["phone"] = (data["phone"] or "").strip()
    data["skills"] = list(dict.fromkeys(data["skills"] or ()))
    _check_volunteer(data)
    changed = [name for name in VOLUNTEER_FIELDS if getattr(volunteer, name) != data[name]]
    if not changed:
        return volunteer
    for name in changed:
        setattr(volunteer, name, data[name])
    volunteer.save(update_fields=changed)
    record("community.volunteer_updated", actor=acting_user, target=volunteer,
           data={"fields": changed})
    return volunteer


@transaction.atomic
def do_log_volunteer_hours(volunteer: Volunteer, *, acting_user, date, hours, activity=None,
                           group=None, follow_up_note: str = "") -> VolunteerHours:
    """Hours a volunteer gave, for exactly one of an activity, a group or a follow-up
    (CHR-7.4.3); the activity and the group are the organisation's own."""
    organization_id = _require(acting_user, VOLUNTEER_MANAGE, volunteer.organization_id)
    follow_up_note = (follow_up_note or "").strip()
    errors = {}
    try:
        rules.check_hours(hours=hours, activity=activity, group=group,
                          follow_up_note=follow_up_note)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if date is None:
        errors["date"] = [_("Enter the date the hours were given.")]
    if activity is not None and activity.organization_id != organization_id:
        errors["activity"] = [_("Choose an activity of your organisation.")]
    if group is not None and group.organization_id != organization_id:
        errors["group"] = [_("Choose a group of your organisation.")]
    if errors:
        raise ValidationError(errors)
    entry = VolunteerHours.objects.create(volunteer=volunteer, date=date, hours=hours,
                                          activity=activity, group=group,
                                          follow_up_note=follow_up_note,
                                          recorded_by=acting_user)
    purpose = "activity" if activity else "group" if group else "follow_up"
    record("community.volunteer_hours_logged", actor=acting_user, target=volunteer,
           data={"hours": str(hours), "for": purpose,
                 "activity": activity.pk if activity else None,
                 "group": group.pk if group else None})
    return entry
