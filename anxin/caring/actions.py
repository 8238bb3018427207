"""Every change to caring teams and peer supporters: one function each, its checks, its rows and
its audit event in one transaction. Pages, the API and the demo loader all call these.

Teams need CARING_TEAM_MANAGE, peer supporters VOLUNTEER_MANAGE; both re-checked here, so a
caller that forgets cannot go round them. A refusal is a ValidationError naming its field.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import CARING_TEAM_MANAGE, COMMUNITY_VIEW, VOLUNTEER_MANAGE
from anxin.accounts.choices import RegionLevel
from anxin.audit.actions import record
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted, NotVisible

from . import rules
from .choices import PEER_CURRENT, AssessmentResult, MemberRole, PeerStatus
from .models import (
    CaringTeam,
    CaringTeamClient,
    CaringTeamMeeting,
    CaringTeamMember,
    MeetingAttendee,
    MeetingClient,
    PeerAssessment,
    PeerSupervision,
    PeerSupporter,
    PeerTraining,
)


def _require(user, capability: str) -> None:
    if not user.is_authenticated or user.membership is None or \
            not user.can(COMMUNITY_VIEW) or not user.can(capability):
        raise NotPermitted


def _own(obj, user) -> None:
    # Another organisation's row is one the user may not know of: the same 404 as access_*.
    if obj.organization_id != user.membership.organization_id:
        raise NotVisible


def _not_future(value: datetime.date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _visible_client(user, client, field: str = "client") -> Client:
    if client is None or not Client.objects.visible_to(user).filter(pk=client.pk).exists():
        raise ValidationError({field: _("Choose a client you follow.")})
    return client


def _colleague(user, colleague, field: str):
    """A colleague named in a record must be an active member of the acting organisation."""
    membership = colleague.membership if colleague is not None else None
    if membership is None or membership.organization_id != user.membership.organization_id \
            or not membership.is_active or not colleague.is_active:
        raise ValidationError({field: _("Choose an active colleague of your organisation.")})
    return colleague


# --- Caring teams -------------------------------------------------------------------------------

def _check_team(*, name: str, street, formed_on) -> None:
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the team a name.")})
    if street is None or street.level != RegionLevel.STREET:
        raise ValidationError({"street": _("A caring team belongs to a street (乡镇/街道); "
                                           "choose a street, not a larger region.")})
    if formed_on is None:
        raise ValidationError({"formed_on": _("Give the date the team was formed.")})
    _not_future(formed_on, "formed_on")


def _street_taken(organization_id: int, street, *, other_than=None) -> None:
    teams = CaringTeam.objects.filter(organization_id=organization_id, street=street)
    if other_than is not None:
        teams = teams.exclude(pk=other_than.pk)
    if teams.exists():
        raise _street_error(street)


def _street_error(street) -> ValidationError:
    return ValidationError({"street": _(
        "Your organisation already has a caring team for %(street)s: one team per street "
        "(%(clause)s).") % {"street": street.name, "clause": rules.ONE_TEAM_PER_STREET_CLAUSE}})


def _save_team(team: CaringTeam, **kwargs) -> None:
    # Two people creating the same street's team at once: the constraint decides, and the
    # loser gets the same refusal as a check would have given.
    try:
        with transaction.atomic():
            team.save(**kwargs)
    except IntegrityError:
        raise _street_error(team.street) from None


@transaction.atomic
def do_create_team(*, acting_user, name: str, street, formed_on: datetime.date,
                   active: bool = True) -> CaringTeam:
    _require(acting_user, CARING_TEAM_MANAGE)
    _check_team(name=name, street=street, formed_on=formed_on)
    organization_id = acting_user.membership.organization_id
    _street_taken(organization_id, street)
    team = CaringTeam(organization_id=organization_id, name=name.strip(), street=street,
                      formed_on=formed_on, active=active, created_by=acting_user)
    _save_team(team)
    record("caring_team.created", actor=acting_user, target=team,
           data={"street": street.pk})
    return team


@transaction.atomic
def do_update_team(team: CaringTeam, *, acting_user, name: str, street,
                   formed_on: datetime.date, active: bool) -> CaringTeam:
    _require(acting_user, CARING_TEAM_MANAGE)
    team = CaringTeam.objects.select_for_update().get(pk=team.pk)
    _own(team, acting_user)
    _check_team(name=name, street=street, formed_on=formed_on)
    _street_taken(team.organization_id, street, other_than=team)
    changes = {key: value for key, value in (
        ("name", name.strip()), ("street", street), ("formed_on", formed_on),
        ("active", active)) if getattr(team, key) != value}
    if not changes:
        return team
    for key, value in changes.items():
        setattr(team, key, value)
    _save_team(team, update_fields=list(changes))
    record("caring_team.updated", actor=acting_user, target=team,
           data={"fields": sorted(changes)})
    return team


@transaction.atomic
def do_add_team_member(team: CaringTeam, *, acting_user, role: str, since: datetime.date,
                       user=None, name: str = "", unit: str = "", phone: str = "",
                       until: datetime.date | None = None) -> CaringTeamMember:
    """A colleague (`user`) or an outside person (`name`, `unit`, `phone`) joins the team."""
    _require(acting_user, CARING_TEAM_MANAGE)
    team = CaringTeam.objects.select_for_update().get(pk=team.pk)
    _own(team, acting_user)
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose the member's role.")})
    name, unit, phone = (name or "").strip(), (unit or "").strip(), (phone or "").strip()
    if user is not None and name:
        raise ValidationError({"name": _("Either choose a colleague or give an outside "
                                         "person's name, not both.")})
    if user is None and not name:
        raise ValidationError({"name": _("Give the outside member's name, or choose a "
                                         "colleague.")})
    if user is not None:
        _colleague(acting_user, user, "user")
        if team.members.filter(user=user, until__isnull=True).exists():
            raise ValidationError({"user": _("This colleague is already a member of the "
                                             "team.")})
    if phone and not _looks_like_phone(phone):
        raise ValidationError({"phone": _("A phone number has 5 to 20 digits, with spaces, "
                                          "dashes or a leading + at most.")})
    if since is None:
        raise ValidationError({"since": _("Give the date the member joined.")})
    _not_future(since, "since")
    if until is not None and until < since:
        raise ValidationError({"until": _("The end comes after the start.")})
    member = CaringTeamMember.objects.create(team=team, role=role, user=user, name=name,
                                             unit=unit, phone=phone, since=since, until=until)
    record("caring_team.member_added", actor=acting_user, target=team,
           data={"member": member.pk, "role": role, "colleague": user is not None})
    return member


def _looks_like_phone(phone: str) -> bool:
    digits = phone.removeprefix("+").replace(" ", "").replace("-", "")
    return digits.isdigit() and 5 <= len(digits) <= 20


@transaction.atomic
def do_end_team_member(member: CaringTeamMember, *, acting_user,
                       until: datetime.date) -> CaringTeamMember:
    _require(acting_user, CARING_TEAM_MANAGE)
    member = CaringTeamMember.objects.select_for_update().get(pk=member.pk)
    _own(member, acting_user)
    if member.until is not None:
        raise ValidationError({"until": _("This member has already left the team.")})
    if until is None or until < member.since:
        raise ValidationError({"until": _("The end comes after the start.")})
    _not_future(until, "until")
    member.until = until
    member.save(update_fields=["until"])
    record("caring_team.member_ended", actor=acting_user, target=member.team,
           data={"member": member.pk})
    return member


@transaction.atomic
def do_add_team_client(team: CaringTeam, client, *, acting_user,
                       since: datetime.date) -> CaringTeamClient:
    """The team begins to support a client the acting user may see."""
    _require(acting_user, CARING_TEAM_MANAGE)
    team = CaringTeam.objects.select_for_update().get(pk=team.pk)
    _own(team, acting_user)
    _visible_client(acting_user, client)
    if team.clients.filter(client=client, until__isnull=True).exists():
        raise ValidationError({"client": _("The team already supports this client.")})
    if since is None:
        raise ValidationError({"since": _("Give the date the support began.")})
    _not_future(since, "since")
    row = CaringTeamClient.objects.create(team=team, client=client, since=since,
                                          added_by=acting_user)
    record("caring_team.client_added", actor=acting_user, target=team, client=client)
    return row


@transaction.atomic
def do_end_team_client(row: CaringTeamClient, *, acting_user,
                       until: datetime.date) -> CaringTeamClient:
    _require(acting_user, CARING_TEAM_MANAGE)
    row = CaringTeamClient.objects.select_for_update().select_related("team").get(pk=row.pk)
    _own(row, acting_user)
    _visible_client(acting_user, row.client)
    if row.until is not None:
        raise ValidationError({"until": _("The team no longer supports this client.")})
    if until is None or until < row.since:
        raise ValidationError({"until": _("The end comes after the start.")})
    _not_future(until, "until")
    row.until = until
    row.save(update_fields=["until"])
    record("caring_team.client_ended", actor=acting_user, target=row.team, client=row.client)
    return row


@transaction.atomic
def do_record_meeting(team: CaringTeam, *, acting_user, held_on: datetime.date, topic: str,
                      attendees=(), clients_discussed=(), minutes: str = "",
                      decisions: str = "") -> CaringTeamMeeting:
    """A meeting of the team: its members who came, the team's clients discussed (those the
    acting user follows), the minutes and the decisions, all or nothing."""
    _require(acting_user, CARING_TEAM_MANAGE)
    team = CaringTeam.objects.select_for_update().get(pk=team.pk)
    _own(team, acting_user)
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the meeting.")})
    _not_future(held_on, "held_on")
    if not (topic or "").strip():
        raise ValidationError({"topic": _("Give the meeting's topic.")})
    # A member ticked twice (an API list, say) attends once.
    attendees = list({member.pk: member for member in attendees}.values())
    if not attendees:
        raise ValidationError({"attendees": _("Tick the members who came.")})
    member_ids = set(team.members.values_list("pk", flat=True))
    if any(member.pk not in member_ids for member in attendees):
        raise ValidationError({"attendees": _("Only the team's members attend its meetings.")})
    clients = list({client.pk: client for client in clients_discussed}.values())
    supported = set(team.clients.values_list("client_id", flat=True))
    visible = set(Client.objects.visible_to(acting_user).filter(
        pk__in=[c.pk for c in clients]).values_list("pk", flat=True))
    if any(c.pk not in supported or c.pk not in visible for c in clients):
        raise ValidationError({"clients_discussed": _(
            "Only clients the team supports, and that you follow, can be discussed here.")})
    meeting = CaringTeamMeeting.objects.create(team=team, held_on=held_on, topic=topic.strip(),
                                               minutes=minutes, decisions=decisions,
                                               recorded_by=acting_user)
    MeetingAttendee.objects.bulk_create([
        MeetingAttendee(organization_id=team.organization_id, meeting=meeting, member=member)
        for member in attendees])
    MeetingClient.objects.bulk_create([
        MeetingClient(organization_id=team.organization_id, meeting=meeting, client=client)
        for client in clients])
    record("caring_team.meeting_recorded", actor=acting_user, target=team,
           data={"meeting": meeting.pk, "attendees": len(attendees), "clients": len(clients)})
    for client in clients:
        # On each client's own trail too: their file shows the team talked about them.
        record("caring_team.client_discussed", actor=acting_user, target=meeting,
               client=client)
    return meeting


def record_meeting_view(meeting: CaringTeamMeeting, *, acting_user) -> None:
    """Minutes speak about clients: each reading of them is on the record (CMH-4.2)."""
    record("caring_team.meeting_viewed", actor=acting_user, target=meeting)


# --- Peer supporters (CMH-7.2.2) ----------------------------------------------------------------

def _lock_peer(supporter: PeerSupporter, user) -> PeerSupporter:
    supporter = PeerSupporter.objects.select_for_update().select_related("client").get(
        pk=supporter.pk)
    _own(supporter, user)
    if not PeerSupporter.objects.visible_to(user).filter(pk=supporter.pk).exists():
        raise NotVisible
    return supporter


def _set_status(supporter: PeerSupporter, status: str, *, acting_user, reason: str = "",
                on: datetime.date | None = None) -> None:
    previous = supporter.status
    supporter.status = status
    supporter.status_changed_at = timezone.now()
    fields = ["status", "status_changed_at"]
    if status == PeerStatus.ACTIVE and supporter.active_since is None:
        supporter.active_since = on or timezone.localdate()
        fields.append("active_since")
    supporter.save(update_fields=fields)
    record("peer_supporter.status_changed", actor=acting_user, target=supporter,
           client=supporter.client, reason=reason, data={"from": previous, "to": status})


@transaction.atomic
def do_register_peer_supporter(client, *, acting_user) -> PeerSupporter:
    """A client who recovers well is put forward as a candidate; nothing more until assessed."""
    _require(acting_user, VOLUNTEER_MANAGE)
    _visible_client(acting_user, client)
    if PeerSupporter.objects.filter(organization_id=client.organization_id,
                                    client=client).exists():
        raise ValidationError({"client": _("This client is already on the peer-supporter "
                                           "register.")})
    supporter = PeerSupporter.objects.create(client=client, created_by=acting_user)
    record("peer_supporter.registered", actor=acting_user, target=supporter, client=client)
    return supporter


@transaction.atomic
def do_record_peer_assessment(supporter: PeerSupporter, *, acting_user,
                              assessed_on: datetime.date, assessor, result: str,
                              notes: str = "") -> PeerAssessment:
    """评估: a passed assessment takes a candidate to assessed."""
    _require(acting_user, VOLUNTEER_MANAGE)
    supporter = _lock_peer(supporter, acting_user)
    if supporter.status not in PEER_CURRENT:
        raise ValidationError({"status": _("This peer supporter has ended.")})
    if assessed_on is None:
        raise ValidationError({"assessed_on": _("Give the date of the assessment.")})
    _not_future(assessed_on, "assessed_on")
    _colleague(acting_user, assessor, "assessor")
    if result not in AssessmentResult.values:
        raise ValidationError({"result": _("Choose the result of the assessment.")})
    assessment = PeerAssessment.objects.create(supporter=supporter, assessed_on=assessed_on,
                                               assessor=assessor, result=result, notes=notes)
    record("peer_supporter.assessed", actor=acting_user, target=supporter,
           client=supporter.client, data={"result": result})
    if result == AssessmentResult.PASSED and supporter.status == PeerStatus.CANDIDATE:
        _set_status(supporter, PeerStatus.ASSESSED, acting_user=acting_user)
    return assessment


@transaction.atomic
def do_record_peer_training(supporter: PeerSupporter, *, acting_user,
                            trained_on: datetime.date, topic: str, hours: Decimal,
                            provider: str = "") -> PeerTraining:
    """培训: a training after a passed assessment takes the supporter to trained."""
    _require(acting_user, VOLUNTEER_MANAGE)
    supporter = _lock_peer(supporter, acting_user)
    if supporter.status not in PEER_CURRENT:
        raise ValidationError({"status": _("This peer supporter has ended.")})
    if trained_on is None:
        raise ValidationError({"trained_on": _("Give the date of the training.")})
    _not_future(trained_on, "trained_on")
    if not (topic or "").strip():
        raise ValidationError({"topic": _("Give the training's topic.")})
    if hours is None or hours <= 0:
        raise ValidationError({"hours": _("Give the hours of the training, more than 0.")})
    training = PeerTraining.objects.create(supporter=supporter, trained_on=trained_on,
                                           topic=topic.strip(), hours=hours,
                                           provider=(provider or "").strip(),
                                           recorded_by=acting_user)
    record("peer_supporter.trained", actor=acting_user, target=supporter,
           client=supporter.client, data={"hours": str(hours)})
    if supporter.status == PeerStatus.ASSESSED:
        _set_status(supporter, PeerStatus.TRAINED, acting_user=acting_user)
    return training


@transaction.atomic
def do_record_peer_supervision(supporter: PeerSupporter, *, acting_user,
                               held_on: datetime.date, supervisor, notes: str = "",
                               supported_client=None) -> PeerSupervision:
    """督导: before and while the supporter supports others; it may name the person supported
    (a client the acting user follows, not the supporter themselves)."""
    _require(acting_user, VOLUNTEER_MANAGE)
    supporter = _lock_peer(supporter, acting_user)
    if supporter.status not in PEER_CURRENT:
        raise ValidationError({"status": _("This peer supporter has ended.")})
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the supervision.")})
    _not_future(held_on, "held_on")
    _colleague(acting_user, supervisor, "supervisor")
    if supported_client is not None:
        _visible_client(acting_user, supported_client, "supported_client")
        if supported_client.pk == supporter.client_id:
            raise ValidationError({"supported_client": _(
                "The person supported is someone other than the peer supporter.")})
    supervision = PeerSupervision.objects.create(
        supporter=supporter, held_on=held_on, supervisor=supervisor, notes=notes,
        supported_client=supported_client, recorded_by=acting_user)
    record("peer_supporter.supervised", actor=acting_user, target=supporter,
           client=supporter.client)
    return supervision


@transaction.atomic
def do_change_peer_status(supporter: PeerSupporter, *, acting_user, status: str,
                          reason: str = "") -> PeerSupporter:
    """Make active, pause or end. Active only with a passed assessment and a training on record
    (rules.ACTIVE_GATE, CMH-7.2.2), whatever status it starts from."""
    _require(acting_user, VOLUNTEER_MANAGE)
    supporter = _lock_peer(supporter, acting_user)
    if status not in PeerStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == PeerStatus.ACTIVE:
        rules.check_may_become_active(
            passed_assessment=supporter.assessments.filter(
                result=AssessmentResult.PASSED).exists(),
            trainings=supporter.trainings.count())
    rules.check_transition(supporter.status, status)
    _set_status(supporter, status, acting_user=acting_user, reason=reason)
    return supporter


def record_peer_view(supporter: PeerSupporter, *, acting_user) -> None:
    """The assessment and supervision notes are about the client: each reading is recorded."""
    record("peer_supporter.viewed", actor=acting_user, target=supporter,
           client=supporter.client)
