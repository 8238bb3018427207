"""Planning a home visit, approving it, leaving and checking in on return (CMH-8.2.2a,
MSW-9.1.3.2), and the clock check that raises an alert for a team not back in time.

Each action re-checks the capability, locks the visit, names every field at fault, saves only
what changed and writes its audit event in the same transaction; notifications go out with it
(their e-mail copies after commit). Every action takes `now`, so tests never sleep.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import VISIT_APPROVE, VISIT_PLAN
from anxin.accounts.choices import Role
from anxin.accounts.models import User
from anxin.audit.actions import record
from anxin.cases.choices import ServiceMode
from anxin.cases.models import Case, ServiceRecord
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted
from anxin.instruments.selectors import latest_risk_level
from anxin.notifications.actions import close_notifications, notify
from anxin.safety.actions import raise_alert
from anxin.safety.selectors import settings_for

from . import notices
from .choices import NOT_LEFT, VisitStatus
from .models import HomeVisit
from .selectors import (
    day_start,
    is_planned_for_day,
    station_staff,
    urgent_open_alert,
    visiting_staff,
)

# CMH-8.2.2a 家访应至少由两名工作人员协同开展; MSW-9.1.3.2 入户访谈不应单独前往.
MIN_STAFF = 2
# A return time further out than this is a typo (a wrong day) that would silence the alert.
LONGEST_VISIT = datetime.timedelta(hours=12)
REQUIRED = _("This field is required.")


# --- Checks shared by the actions ---------------------------------------------------------------

def _require(user, capability: str, organization) -> None:
    if not user.can(capability) or user.organization != organization:
        raise NotPermitted


def _require_visible(user, visit: HomeVisit) -> None:
    if not HomeVisit.objects.visible_to(user).filter(pk=visit.pk).exists():
        raise NotPermitted


def _lock(visit: HomeVisit) -> HomeVisit:
    # No select_related: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    return HomeVisit.objects.select_for_update().get(pk=visit.pk)


def _clean(visit: HomeVisit, errors: dict, fields: tuple[str, ...]) -> None:
    """Model checks (lengths, choices) of `fields`, merged with the action's own `errors`."""
    exclude = [f.name for f in HomeVisit._meta.concrete_fields if f.name not in fields]
    try:
        visit.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, field_errors in exc.error_dict.items():
            first = field_errors[0]
            errors.setdefault(name, REQUIRED if first.code in ("null", "blank")
                              else first.messages[0])
    if errors:
        raise ValidationError(errors)


def _people(users, allowed, field: str, errors: dict) -> list[User]:
    """The distinct users chosen for `field`, all among `allowed` (a queryset)."""
    chosen = list({user.pk: user for user in users or []}.values())
    if not chosen:
        return []
    known = set(allowed.filter(pk__in=[u.pk for u in chosen]).values_list("pk", flat=True))
    if any(user.pk not in known for user in chosen):
        errors.setdefault(field, _("Choose staff of this organisation."))
    return chosen


def _check_team(team: list[User], acting_user, errors: dict, *, planning: bool) -> None:
    if "staff" in errors:
        return
    if len(team) < MIN_STAFF:
        errors["staff"] = _("At least two staff go on a home visit; nobody goes alone "
                            "(CMH-8.2.2a, MSW-9.1.3.2).")
    elif acting_user not in team:
        errors["staff"] = (_("You are planning the visit, so you are one of the staff going.")
                           if planning else
                           _("Only one of the staff going records the departure: tick "
                             "yourself."))


def _names(users) -> str:
    return "、".join(str(u) for u in sorted(users, key=lambda u: (u.full_name or u.username)))


def _approver(case: Case | None, planner) -> User | None:
    """Who is asked to approve: the case's supervisor, else the planner's team supervisor;
    never the planner (nobody approves their own visit)."""
    for candidate in (case.supervisor if case else None,
                      getattr(getattr(planner.membership, "team", None), "supervisor", None)):
        if candidate is not None and candidate != planner:
            return candidate
    return None


def _supervisors(organization, *, besides) -> list[User]:
    return list(User.objects.filter(_membership__organization=organization,
                                    _membership__role=Role.SUPERVISOR,
                                    _membership__is_active=True, is_active=True)
                .exclude(pk=besides.pk))


def _risk_message(reading, threshold: int, alert) -> str:
    """Why an extra companion is needed: the risk level above the threshold, else the open
    crisis alert."""
    if reading is not None and reading.level > threshold:
        return _("The client's risk level is %(level)s, above %(threshold)s: ask a community "
                 "doctor, the police or another suitable person to come too (CMH-8.2.2a).") % {
            "level": reading.level, "threshold": threshold}
    return _("A crisis alert on the client is open (%(rule)s, raised %(time)s): ask a "
             "community doctor, the police or another suitable person to come too, and a "
             "supervisor approves the visit (CMH-8.2.2a).") % {
        "rule": alert.rule_definition.label, "time": notices.at(alert.raised_at)}


# --- Planning -------------------------------------------------------------------------------------

@transaction.atomic
def do_plan_home_visit(
    client: Client, *, acting_user, planned_for: datetime.datetime | None, purpose: str,
    place: str, staff, case: Case | None = None, companion_name: str = "",
    companion_role: str = "", suitability_note: str = "",
    now: datetime.datetime | None = None,
) -> HomeVisit:
    """Plan a home visit with at least two staff, the planner among them.

    The client's latest risk level is read now and kept with the visit (CMH-8.2.2a 家访前应结合
    危险性等级评估). Above the organisation's threshold (`companion_above_level`, default 2), or
    while a high or critical crisis alert on the client is open (it says more, and more
    recently, than the last risk level), an extra companion — a community doctor, the police —
    is required and a supervisor other than the planner must approve before the staff leave.
    With no risk level on record the visit may still be planned, but the planner says why it
    is judged suitable (the standard asks for the risk level first, CMH-6.2); the pages show
    the warning.
    """
    now = now or timezone.now()
    organization = client.organization
    _require(acting_user, VISIT_PLAN, organization)
    if not Client.objects.visible_to(acting_user).filter(pk=client.pk).exists():
        raise NotPermitted
    if case is not None and (case.client_id != client.pk or not Case.objects.visible_to(
            acting_user).filter(pk=case.pk).exists()):
        raise NotPermitted
    reading = latest_risk_level(client)
    threshold = settings_for(organization).companion_above_level
    alert = urgent_open_alert(client)
    above = reading is not None and reading.level > threshold
    needs_approval = above or alert is not None
    visit = HomeVisit(
        organization=organization, client=client, case=case, planned_by=acting_user,
        status=VisitStatus.AWAITING_APPROVAL if needs_approval else VisitStatus.READY,
        planned_for=planned_for, purpose=(purpose or "").strip(), place=(place or "").strip(),
        companion_name=(companion_name or "").strip(),
        companion_role=(companion_role or "").strip(),
        suitability_note="" if reading else (suitability_note or "").strip(),
        risk_level=reading.level if reading else None,
        risk_level_on=reading.on if reading else None,
        risk_level_source=reading.source if reading else "", risk_threshold=threshold,
        open_alert=alert, needs_approval=needs_approval,
        supervisor=_approver(case, acting_user))
    errors: dict = {}
    team = _people(staff, visiting_staff(organization), "staff", errors)
    _check_team(team, acting_user, errors, planning=True)
    if planned_for is None:
        errors["planned_for"] = REQUIRED
    elif planned_for < day_start(now):
        errors["planned_for"] = _("The planned time has passed.")
    if needs_approval:
        if not visit.companion_name:
            errors["companion_name"] = _risk_message(reading, threshold, alert)
        if not visit.companion_role:
            errors["companion_role"] = _("Say who the companion is, e.g. community doctor or "
                                         "police officer.")
    elif visit.companion_name and not visit.companion_role:
        errors["companion_role"] = _("Say who the companion is, e.g. community doctor or "
                                     "police officer.")
    elif visit.companion_role and not visit.companion_name:
        errors["companion_name"] = _("Give the companion's name.")
    if reading is None and not visit.suitability_note:
        errors["suitability_note"] = _(
            "No risk level is on record. Record one first (CMH-6.2), or say why the visit is "
            "judged suitable, e.g. what the family or the community doctor reported "
            "(CMH-8.2.2a).")
    _clean(visit, errors, ("planned_for", "purpose", "place", "companion_name",
                           "companion_role", "suitability_note"))
    visit.save()
    visit.staff.set(team)
    record("home_visit.planned", actor=acting_user, target=visit, client=client, data={
        "case": case.pk if case else None, "planned_for": planned_for.isoformat(),
        "staff": sorted(u.pk for u in team), "risk_level": visit.risk_level,
        "risk_level_on": reading.on.isoformat() if reading else None,
        "threshold": threshold, "open_alert": alert.pk if alert else None,
        "needs_approval": needs_approval})
    if needs_approval:
        approvers = [visit.supervisor] if visit.supervisor else _supervisors(
            organization, besides=acting_user)
        # Notifications may leave by e-mail: no client, no health detail (ADR 0007).
        notify(approvers, organization=organization, kind=notices.ASKS_TO_APPROVE,
               message=notices.AWAITS_APPROVAL, params={"time": notices.moment(planned_for)},
               url=visit.get_absolute_url(), subject=visit)
    return visit


# --- Approval -------------------------------------------------------------------------------------

def _decidable(visit: HomeVisit, acting_user) -> HomeVisit:
    _require(acting_user, VISIT_APPROVE, visit.organization)
    visit = _lock(visit)
    _require_visible(acting_user, visit)
    if visit.status != VisitStatus.AWAITING_APPROVAL:
        raise ValidationError(_("Only a visit awaiting approval can be approved or refused."))
    if acting_user == visit.planned_by:
        raise ValidationError({"decision": _(
            "You planned this visit; another supervisor must approve or refuse it.")})
    return visit


@transaction.atomic
def do_approve_home_visit(visit: HomeVisit, *, acting_user,
                          now: datetime.datetime | None = None) -> HomeVisit:
    """A supervisor other than the planner approves a visit to a client above the risk
    threshold; the staff may then leave. The approver is the supervisor the overdue alert goes
    to, if the visit named none."""
    visit = _decidable(visit, acting_user)
    visit.status = VisitStatus.READY
    visit.decided_by = acting_user
    visit.decided_at = now or timezone.now()
    visit.supervisor = visit.supervisor or acting_user
    visit.save(update_fields=["status", "decided_by", "decided_at", "supervisor", "updated_at"])
    close_notifications(visit, kinds=[notices.ASKS_TO_APPROVE], now=visit.decided_at)
    record("home_visit.approved", actor=acting_user, target=visit, client=visit.client,
           data={"risk_level": visit.risk_level, "case": visit.case_id})
    notify([visit.planned_by], organization=visit.organization, kind="home_visit",
           message=notices.APPROVED, params={"time": notices.moment(visit.planned_for)},
           url=visit.get_absolute_url(), subject=visit)
    return visit


@transaction.atomic
def do_refuse_home_visit(visit: HomeVisit, *, acting_user, reason: str,
                         now: datetime.datetime | None = None) -> HomeVisit:
    """A supervisor other than the planner refuses the visit, saying why. The visit is over; a
    new one can be planned (with another companion, or after a new risk assessment)."""
    visit = _decidable(visit, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the visit is refused.")})
    visit.status = VisitStatus.REFUSED
    visit.decided_by = acting_user
    visit.decided_at = now or timezone.now()
    visit.refusal_reason = reason
    visit.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason",
                              "updated_at"])
    close_notifications(visit, kinds=[notices.ASKS_TO_APPROVE], now=visit.decided_at)
    record("home_visit.refused", actor=acting_user, target=visit, client=visit.client,
           reason=reason, data={"risk_level": visit.risk_level, "case": visit.case_id})
    notify([visit.planned_by], organization=visit.organization, kind="home_visit",
           message=notices.REFUSED, url=visit.get_absolute_url(), subject=visit)
    return visit


# --- Leaving and coming back ----------------------------------------------------------------------

def not_today_message(visit: HomeVisit) -> str:
    return _("This visit is planned for %(date)s, not today: the staff leave on that day. To "
             "go today, cancel it and plan it again for today.") % {
        "date": formats.date_format(timezone.localtime(
            visit.planned_for, timezone.get_default_timezone()), "Y-m-d")}


NOT_READY = {
    VisitStatus.AWAITING_APPROVAL: _("The visit is waiting for a supervisor's approval; the "
                                     "staff cannot leave yet (CMH-8.2.2a)."),
    VisitStatus.REFUSED: _("The visit was not approved."),
    VisitStatus.OUT: _("The staff have already left on this visit."),
    VisitStatus.RETURNED: _("This visit is over."),
    VisitStatus.CANCELLED: _("This visit was cancelled."),
}


@transaction.atomic
def do_depart_home_visit(
    visit: HomeVisit, *, acting_user, went, expected_return_at: datetime.datetime | None,
    station_worker: User | None, contact_phone: str, now: datetime.datetime | None = None,
) -> HomeVisit:
    """Before leaving, one of the staff going records who goes, when they expect to be back,
    a phone on which they can be reached, and the station worker told (CMH-8.2.2a 家访前，告知
    驻站社会工作者及预计回程时间). The station worker gets the overdue alert if nobody checks in.

    The risk level is read again: one raised above the threshold, or a high or critical crisis
    alert opened, since the visit was planned stops a visit that was not approved for it; so
    does a visit planned for another day (today's team is not that day's).
    """
    now = now or timezone.now()
    _require(acting_user, VISIT_PLAN, visit.organization)
    visit = _lock(visit)
    if not visit.staff.filter(pk=acting_user.pk).exists():
        raise NotPermitted
    if visit.status != VisitStatus.READY:
        raise ValidationError(NOT_READY[visit.status])
    # The station worker expects the team back today; a visit of another day left now would
    # be a different visit from the one planned (and approved).
    if not is_planned_for_day(visit, now):
        raise ValidationError(not_today_message(visit))
    reading = latest_risk_level(visit.client)
    threshold = settings_for(visit.organization).companion_above_level
    if reading is not None and reading.level > threshold and not visit.needs_approval:
        raise ValidationError(_(
            "The client's risk level is now %(level)s (%(date)s), above %(threshold)s: this "
            "visit needs an extra companion and a supervisor's approval. Cancel it and plan it "
            "again (CMH-8.2.2a).") % {"level": reading.level, "date": reading.on.isoformat(),
                                     "threshold": threshold})
    alert = None if visit.needs_approval else urgent_open_alert(visit.client)
    if alert is not None:
        raise ValidationError(_(
            "A crisis alert on the client is open (%(rule)s, raised %(time)s): this visit "
            "needs an extra companion and a supervisor's approval. Cancel it and plan it again "
            "(CMH-8.2.2a).") % {"rule": alert.rule_definition.label,
                                "time": notices.at(alert.raised_at)})
    errors: dict = {}
    team = _people(went, visiting_staff(visit.organization), "staff", errors)
    _check_team(team, acting_user, errors, planning=False)
    if expected_return_at is None:
        errors["expected_return_at"] = REQUIRED
    elif expected_return_at <= now:
        errors["expected_return_at"] = _("The expected return time must be later than now.")
    elif expected_return_at > now + LONGEST_VISIT:
        errors["expected_return_at"] = _("A home visit is expected back within 12 hours.")
    if station_worker is None:
        errors["station_worker"] = REQUIRED
    elif not station_staff(visit.organization).filter(pk=station_worker.pk).exists():
        errors["station_worker"] = _("Choose a social worker or supervisor of this "
                                     "organisation.")
    elif station_worker in team:
        errors["station_worker"] = _("The station worker stays behind: choose someone who is "
                                     "not going.")
    contact_phone = (contact_phone or "").strip()
    if not contact_phone:
        errors["contact_phone"] = REQUIRED
    elif sum(ch.isdigit() for ch in contact_phone) < 7:
        errors["contact_phone"] = _("Enter a phone number the station worker can call.")
    if errors:
        raise ValidationError(errors)
    visit.status = VisitStatus.OUT
    visit.departed_at = now
    visit.expected_return_at = expected_return_at
    visit.station_worker = station_worker
    visit.contact_phone = contact_phone
    visit.save(update_fields=["status", "departed_at", "expected_return_at", "station_worker",
                              "contact_phone", "updated_at"])
    visit.went.set(team)
    record("home_visit.departed", actor=acting_user, target=visit, client=visit.client, data={
        "went": sorted(u.pk for u in team), "station_worker": station_worker.pk,
        "expected_return_at": expected_return_at.isoformat(), "case": visit.case_id})
    notify([station_worker], organization=visit.organization, kind=notices.ASKS_TO_WATCH,
           message=notices.STATION_WORKER, params={
               "names": _names(team), "left": notices.moment(now),
               "back": notices.moment(expected_return_at)},
           url=visit.get_absolute_url(), subject=visit)
    return visit


@transaction.atomic
def do_check_in_home_visit(visit: HomeVisit, *, acting_user, note: str = "",
                           now: datetime.datetime | None = None) -> HomeVisit:
    """One of the staff who went checks in on return. A check-in after the overdue alert still
    counts, but resolves nothing: the alert is worked on its own page. The station worker and
    the supervisor are told the team is back."""
    now = now or timezone.now()
    _require(acting_user, VISIT_PLAN, visit.organization)
    visit = _lock(visit)
    if not visit.went.filter(pk=acting_user.pk).exists():
        raise NotPermitted
    if visit.status != VisitStatus.OUT:
        raise ValidationError(_("Only a visit that is out can be checked in."))
    visit.status = VisitStatus.RETURNED
    visit.returned_at = now
    visit.checked_in_by = acting_user
    visit.return_note = (note or "").strip()
    visit.save(update_fields=["status", "returned_at", "checked_in_by", "return_note",
                              "updated_at"])
    close_notifications(visit, kinds=[notices.ASKS_TO_WATCH], now=now)
    late = visit.overdue_alerted_at is not None
    record("home_visit.checked_in", actor=acting_user, target=visit, client=visit.client,
           data={"after_alert": late, "minutes_after_expected": int(
               (now - visit.expected_return_at).total_seconds() // 60)})
    if late:
        notify([visit.station_worker, visit.supervisor], organization=visit.organization,
               kind="home_visit", urgent=True,
               message=notices.CHECKED_IN_LATE,
               params={"name": str(acting_user), "time": notices.moment(now)},
               url=visit.get_absolute_url(), subject=visit)
    return visit


@transaction.atomic
def do_cancel_home_visit(visit: HomeVisit, *, acting_user, reason: str,
                         now: datetime.datetime | None = None) -> HomeVisit:
    """A visit that will not happen is cancelled, with the reason, by its planner, one of its
    staff or a supervisor."""
    if not (acting_user.can(VISIT_PLAN) or acting_user.can(VISIT_APPROVE)) or \
            acting_user.organization != visit.organization:
        raise NotPermitted
    visit = _lock(visit)
    _require_visible(acting_user, visit)
    if not (acting_user == visit.planned_by or acting_user.can(VISIT_APPROVE)
            or visit.staff.filter(pk=acting_user.pk).exists()):
        raise NotPermitted
    if visit.status not in NOT_LEFT:
        raise ValidationError(_("Only a visit that has not left can be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the visit is cancelled.")})
    visit.status = VisitStatus.CANCELLED
    visit.cancelled_at = now or timezone.now()
    visit.cancel_reason = reason
    visit.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    close_notifications(visit, kinds=[notices.ASKS_TO_APPROVE], now=visit.cancelled_at)
    record("home_visit.cancelled", actor=acting_user, target=visit, client=visit.client,
           reason=reason, data={"case": visit.case_id})
    return visit


def record_visit_view(visit: HomeVisit, *, acting_user) -> None:
    """The visit page shows where the client lives and why the visit is made: reading it is on
    the record, like reading the client's file (CMH-4.2)."""
    record("home_visit.viewed", actor=acting_user, target=visit, client=visit.client,
           data={"status": visit.status})


# --- The visit's service record (form E) ----------------------------------------------------------

@transaction.atomic
def do_add_visit_service_record(visit: HomeVisit, *, acting_user, data: dict) -> ServiceRecord:
    """Form E of the visit, in mode 家访 with its on-site safety checklist, linked to the
    visit, the staff who went as its team. Who may write it, and what else it needs, is the
    case action's business."""
    from anxin.cases.actions import do_add_service_record

    _require(acting_user, VISIT_PLAN, visit.organization)
    visit = _lock(visit)
    _require_visible(acting_user, visit)
    if visit.case_id is None or visit.status != VisitStatus.RETURNED:
        raise ValidationError(_("A service record is written for a visit of a case, once "
                                "the staff are back."))
    if visit.service_record_id is not None:
        raise ValidationError(_("This visit already has its service record."))
    # The record reports this visit: its team is the staff who went, checked at departure
    # (two at least, CMH-8.2.2a), whatever the form's staff line says.
    service_record = do_add_service_record(visit.case, acting_user=acting_user,
                                           data={**data, "mode": ServiceMode.HOME_VISIT},
                                           home_visit=visit)
    visit.service_record = service_record
    visit.save(update_fields=["service_record", "updated_at"])
    record("home_visit.service_record_added", actor=acting_user, target=visit,
           client=visit.client, data={"case": visit.case_id, "service_record": service_record.pk,
                                      "session": service_record.session_number})
    return service_record


# --- On the clock ---------------------------------------------------------------------------------

def check_overdue_visits(now: datetime.datetime | None = None) -> int:
    """Raise the `visit_overdue` alert for every visit still out at its expected return time
    plus the organisation's grace (`checkin_grace_minutes`), to the station worker and the
    supervisor. Each visit alerts once, even after its alert is resolved. Run every minute by
    `manage.py safety_checks`; safe to run concurrently. Returns how many alerts it raised."""
    now = now or timezone.now()
    candidates = list(HomeVisit.objects.filter(
        status=VisitStatus.OUT, overdue_alerted_at__isnull=True, expected_return_at__lte=now)
        .select_related("organization").order_by("expected_return_at"))
    grace: dict[int, datetime.timedelta] = {}
    count = 0
    for candidate in candidates:
        org = candidate.organization
        if org.pk not in grace:
            grace[org.pk] = datetime.timedelta(minutes=settings_for(org).checkin_grace_minutes)
        if candidate.expected_return_at + grace[org.pk] > now:
            continue
        with transaction.atomic():
            visit = (HomeVisit.objects.select_for_update()
                     .filter(pk=candidate.pk, status=VisitStatus.OUT,
                             overdue_alerted_at__isnull=True).first())
            if visit is None:
                continue
            visit.overdue_alerted_at = now
            visit.save(update_fields=["overdue_alerted_at", "updated_at"])
            team = list(visit.went.all())
            # Stored as a code: each reader reads it in their own language.
            raise_alert(
                "visit_overdue", organization=org, client=visit.client, case=visit.case,
                source=visit, worker=visit.station_worker, supervisor=visit.supervisor,
                detail_code=notices.OVERDUE, detail_params={
                    "names": _names(team), "left": notices.moment(visit.departed_at),
                    "back": notices.moment(visit.expected_return_at),
                    "phone": visit.contact_phone}, now=now)
            record("home_visit.overdue", organization=org, target=visit, client=visit.client,
                   data={"expected_return_at": visit.expected_return_at.isoformat(),
                         "grace_minutes": int(grace[org.pk].total_seconds() // 60),
                         "station_worker": visit.station_worker_id,
                         "supervisor": visit.supervisor_id})
            count += 1
    return count
