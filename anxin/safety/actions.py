"""Raising and working crisis alerts, recording incidents, and the safety settings. Every change
writes its audit event in the same transaction; notifications go out with it (their e-mail
copies after commit) and close when the alert is dealt with."""

import datetime
import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import ALERT_HANDLE, INCIDENT_RECORD, SAFETY_SETTINGS
from anxin.accounts.choices import Role
from anxin.audit.actions import record
from anxin.core.exceptions import NotPermitted
from anxin.notifications.actions import close_notifications, notify
from anxin.notifications.models import Notification

from . import details, notices, protocol
from .choices import REHAB_EMERGENCIES, AlertStatus, ImmediateAction, IncidentKind
from .models import Alert, AlertLimitHour, AlertStep, Incident, SafetySettings
from .protocol import not_applicable_field
from .rules import CASE_TEAM, DUTY, RULES, TABLE
from .selectors import settings_for
from .validation import clean_settings


def _supervisor_of(user):
    membership = getattr(user, "membership", None) if user else None
    team = membership.team if membership else None
    if team and team.supervisor_id and team.supervisor_id != user.pk:
        return team.supervisor
    return None


def _org_admins(organization):
    from anxin.accounts.models import User

    return list(User.objects.filter(_membership__organization=organization,
                                    _membership__role=Role.ORG_ADMIN,
                                    _membership__is_active=True))


@transaction.atomic
def raise_alert(rule_code: str, *, organization, client=None, case=None, source=None,
                detail: str = "", detail_code: str = "", detail_params: dict | None = None,
                worker=None, supervisor=None, acting_user=None,
                now: datetime.datetime | None = None) -> Alert:
    """Raise the rule's alert, unless one is already open for the same rule and source (a
    response saved twice, a visit checked twice) — then that one is returned unchanged.

    What raised it is best given as `detail_code` (see `details`) with `detail_params`, so each
    reader reads it in their language; `detail` is free text, shown as written.

    Addressees: a case's worker and supervisor; the duty worker (and their supervisor) for a
    self-assessment; whoever the caller names for a home visit.
    """
    if detail_code and detail_code not in details.RENDERERS:
        raise ValueError(f"unknown alert detail code {detail_code!r}")
    rule = RULES[rule_code]
    now = now or timezone.now()
    source_type = ContentType.objects.get_for_model(source) if source is not None else None
    existing = _open_alert(rule.code, organization=organization, source=source, client=client)
    if existing:
        return existing
    if rule.recipients == CASE_TEAM and case is not None:
        worker, supervisor = case.worker, case.supervisor or _supervisor_of(case.worker)
    elif rule.recipients == DUTY:
        worker = settings_for(organization).duty_worker
        supervisor = _supervisor_of(worker)
    if supervisor is None and worker is not None:
        supervisor = _supervisor_of(worker)
    minutes = settings_for(organization).escalate_after_minutes
    alert = Alert.objects.create(
        organization=organization, client=client, case=case, rule=rule.code,
        urgency=rule.urgency, detail=detail, detail_code=detail_code,
        detail_params=json.dumps(detail_params or {}) if detail_code else "",
        source_type=source_type,
        source_id=getattr(source, "pk", None), worker=worker, supervisor=supervisor,
        raised_at=now, escalate_at=now + datetime.timedelta(minutes=minutes),
    )
    recipients = [worker, supervisor] if (worker or supervisor) else _org_admins(organization)
    # The rule goes as its code: each reader gets its name in their own language.
    notify(recipients, organization=organization, kind="alert", urgent=True,
           message=notices.RAISED, params={"rule": rule.code},
           url=alert.get_absolute_url(), subject=alert)
    record("safety.alert.raised", actor=acting_user, organization=organization, target=alert,
           client=client, data={"rule": rule.code, "urgency": int(rule.urgency),
                                 "case": getattr(case, "pk", None)})
    return alert


def _open_alert(rule_code: str, *, organization, source, client=None) -> Alert | None:
    source_type = ContentType.objects.get_for_model(source) if source is not None else None
    return Alert.objects.filter(
        organization=organization, rule=rule_code, source_type=source_type,
        source_id=getattr(source, "pk", None), client=client,
    ).exclude(status=AlertStatus.RESOLVED).first()


# --- The hourly limit on alerts from the public page (ADR 0014) --------------------------------

# The rules a public self-assessment raises: they count against the organisation's hourly limit.
LIMITED_RULES = tuple(rule.code for rule in TABLE if rule.recipients == DUTY)


def hour_start(now: datetime.datetime) -> datetime.datetime:
    """The start of the local clock hour `now` falls in."""
    return timezone.localtime(now).replace(minute=0, second=0, microsecond=0)


def _duty_addressees(organization) -> list:
    """Who a duty alert goes to: the duty worker and their supervisor, or with nobody on duty
    the organisation's admins (nobody may be left untold)."""
    worker = settings_for(organization).duty_worker
    people = [worker, _supervisor_of(worker)] if worker else []
    return [u for u in people if u is not None] or _org_admins(organization)


@transaction.atomic
def raise_alert_within_limit(rule_code: str, *, organization, source, review_url: str,
                             detail_code: str = "", detail_params: dict | None = None,
                             now: datetime.datetime | None = None) -> Alert | None:
    """Raise a self-assessment rule's alert unless the organisation has had its hourly limit of
    them (`SafetySettings.self_assessment_alerts_per_hour`) this clock hour. Past the limit the
    alert is held back and None returned: the caller keeps the source flagged for review. The
    first alert held back in an hour tells the duty addressees once, urgently, with a link to
    `review_url`; later ones only raise the count that notice shows.

    The limit counts alerts, not submissions, and holds back the crisis rules too: a script that
    floods the page ticks item 9 as easily as a person does (ADR 0014)."""
    if rule_code not in LIMITED_RULES:
        raise ValueError(f"{rule_code!r} is not a self-assessment rule")
    now = now or timezone.now()
    existing = _open_alert(rule_code, organization=organization, source=source)
    if existing:
        return existing
    # Lock the organisation's row (the settings row may not exist yet): concurrent submissions
    # count one after the other, so two cannot both take the last free place.
    type(organization).objects.select_for_update().filter(pk=organization.pk).first()
    limit = settings_for(organization).self_assessment_alerts_per_hour
    start = hour_start(now)
    raised = Alert.objects.filter(organization=organization, rule__in=LIMITED_RULES,
                                  raised_at__gte=start,
                                  raised_at__lt=start + datetime.timedelta(hours=1)).count()
    if raised < limit:
        return raise_alert(rule_code, organization=organization, source=source,
                           detail_code=detail_code, detail_params=detail_params, now=now)
    hour, opened = AlertLimitHour.objects.select_for_update().get_or_create(
        organization=organization, starts_at=start,
        defaults={"limit": limit, "reached_at": now})
    hour.held_back += 1
    hour.save(update_fields=["held_back"])
    params = {"limit": hour.limit, "held": hour.held_back,
              "since": f"{timezone.localtime(hour.starts_at):%H:%M}"}
    if opened:
        notify(_duty_addressees(organization), organization=organization, kind="alert_limit",
               urgent=True, message=notices.LIMIT_REACHED, params=params, url=review_url,
               subject=hour)
    else:
        # One notice per hour: it says how many are waiting, read whenever it is read.
        Notification.objects.about(hour).filter(message=notices.LIMIT_REACHED).update(
            params=params)
    record("safety.alert.held_back", organization=organization, target=hour,
           data={"rule": rule_code, "held_back": hour.held_back, "limit": hour.limit,
                 "source": getattr(source, "pk", None)})
    return None


@transaction.atomic
def hand_over_open_alerts(case, *, acting_user) -> int:
    """The case's unresolved alerts that are addressed to its team follow it to the new worker
    and supervisor: whoever is new is told, and the requests to those no longer addressed close
    (a worker who left must not be the only one asked). An alert addressed otherwise — a home
    visit's overdue alert goes to the station worker — keeps its addressees. Called when a case
    is reassigned, in its transaction."""
    team_rules = [rule.code for rule in TABLE if rule.recipients == CASE_TEAM]
    alerts = list(Alert.objects.select_for_update(of=("self",))
                  .filter(case=case, rule__in=team_rules)
                  .exclude(status=AlertStatus.RESOLVED).select_related("worker", "supervisor"))
    worker, supervisor = case.worker, case.supervisor or _supervisor_of(case.worker)
    new = {u for u in (worker, supervisor) if u is not None}
    moved = 0
    for alert in alerts:
        before = {u for u in (alert.worker, alert.supervisor) if u is not None}
        if before == new and (alert.worker, alert.supervisor) == (worker, supervisor):
            continue
        alert.worker, alert.supervisor = worker, supervisor
        alert.save(update_fields=["worker", "supervisor"])
        if before - new:
            close_notifications(alert, kinds=notices.ASKS_TO_ACKNOWLEDGE,
                                recipients=list(before - new))
        notify(list(new - before), organization=alert.organization,
               kind="alert_handed_over", urgent=alert.status == AlertStatus.OPEN,
               message=notices.HANDED_OVER, params={"rule": alert.rule},
               url=alert.get_absolute_url(), subject=alert)
        record("safety.alert.handed_over", actor=acting_user, target=alert, client=alert.client,
               data={"from": sorted(u.pk for u in before), "to": sorted(u.pk for u in new)})
        moved += 1
    return moved


def _may_handle(user, alert: Alert) -> bool:
    if not user.can(ALERT_HANDLE) or user.organization != alert.organization:
        return False
    return Alert.objects.visible_to(user).filter(pk=alert.pk).exists()


def _lock(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().get(pk=alert.pk)


@transaction.atomic
def do_acknowledge_alert(alert: Alert, *, acting_user, now=None) -> Alert:
    """Someone takes the alert: the requests to acknowledge it (and the escalation) close for
    everybody they went to."""
    if not _may_handle(acting_user, alert):
        raise NotPermitted
    alert = _lock(alert)
    if alert.status != AlertStatus.OPEN:
        return alert
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.acknowledged_at = now or timezone.now()
    alert.acknowledged_by = acting_user
    alert.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    close_notifications(alert, kinds=notices.ASKS_TO_ACKNOWLEDGE, now=alert.acknowledged_at)
    record("safety.alert.acknowledged", actor=acting_user, target=alert, client=alert.client,
           data={"minutes_to_acknowledge": int(
               (alert.acknowledged_at - alert.raised_at).total_seconds() // 60)})
    return alert


@transaction.atomic
def do_record_alert_step(alert: Alert, *, acting_user, protocol_item: str = "", note: str = "",
                         now=None) -> AlertStep:
    """Log one step. Logging a step on an unacknowledged alert acknowledges it: whoever acts has
    seen it."""
    if not _may_handle(acting_user, alert):
        raise NotPermitted
    alert = _lock(alert)
    if alert.status == AlertStatus.RESOLVED:
        raise ValidationError(_("This alert is resolved; steps can no longer be added."))
    errors = {}
    if protocol_item and protocol_item not in alert.rule_definition.protocol:
        errors["protocol_item"] = _("Choose a step of this alert's protocol.")
    if not protocol_item and not note.strip():
        errors["note"] = _("Tick a protocol step or describe what was done.")
    if errors:
        raise ValidationError(errors)
    if alert.status == AlertStatus.OPEN:
        do_acknowledge_alert(alert, acting_user=acting_user, now=now)
    step = AlertStep.objects.create(alert=alert, protocol_item=protocol_item, note=note.strip(),
                                    taken_at=now or timezone.now(), taken_by=acting_user)
    record("safety.alert.step", actor=acting_user, target=alert, client=alert.client,
           data={"step": step.pk, "protocol_item": protocol_item})
    return step


def unticked_items(alert: Alert) -> list[protocol.ProtocolItem]:
    """The alert's protocol items with no step logged yet (done, or found not applicable)."""
    logged = set(alert.steps.exclude(protocol_item="").values_list("protocol_item", flat=True))
    return [item for item in protocol_for(alert) if item.code not in logged]


@transaction.atomic
def do_resolve_alert(alert: Alert, *, acting_user, resolution: str,
                     not_applicable: dict[str, str] | None = None, now=None) -> Alert:
    """Resolve the alert, saying how. Every protocol item still unticked needs a reason why it
    did not apply (`not_applicable`: item code → reason); each is logged as a step of the alert,
    so the log shows for every item either that it was done or why not (CMH-8.2.2b). Open
    notifications about the alert close. A rehabilitation emergency needs its referral on
    record first (`_check_referred`, REH-5.4.5)."""
    if not _may_handle(acting_user, alert):
        raise NotPermitted
    alert = _lock(alert)
    if alert.status == AlertStatus.RESOLVED:
        return alert
    reasons = {code: (text or "").strip() for code, text in (not_applicable or {}).items()}
    errors = {}
    if not resolution.strip():
        errors["resolution"] = _("Say how the alert was resolved.")
    unticked = unticked_items(alert)
    for item in unticked:
        if not reasons.get(item.code):
            errors[not_applicable_field(item.code)] = _(
                "This step is not ticked: say why it did not apply.")
    known = {item.code for item in unticked}
    for code in reasons:
        if code not in known:
            errors[not_applicable_field(code)] = _(
                "Not an unticked step of this alert's protocol.")
    _check_referred(alert, errors)
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    if alert.status == AlertStatus.OPEN:
        do_acknowledge_alert(alert, acting_user=acting_user, now=now)
        alert.refresh_from_db()
    skipped = AlertStep.objects.bulk_create(
        AlertStep(alert=alert, organization_id=alert.organization_id,
                  protocol_item=item.code, not_applicable=True,
                  note=reasons[item.code], taken_at=now, taken_by=acting_user)
        for item in unticked)
    alert.status = AlertStatus.RESOLVED
    alert.resolved_at = now
    alert.resolved_by = acting_user
    alert.resolution = resolution.strip()
    alert.save(update_fields=["status", "resolved_at", "resolved_by", "resolution"])
    close_notifications(alert, now=now)
    # The reasons are in the step log (encrypted); the event names which items were skipped.
    record("safety.alert.resolved", actor=acting_user, target=alert, client=alert.client,
           data={"not_applicable": [step.protocol_item for step in skipped]})
    return alert


def escalate_due_alerts(now: datetime.datetime | None = None) -> int:
    """Escalate every alert still unacknowledged at its `escalate_at`: tell the supervisor (or,
    with none, the organisation's admins) that nobody has taken it. Each alert escalates once.
    Run every minute (`manage.py safety_checks`); safe to run concurrently."""
    now = now or timezone.now()
    count = 0
    due = Alert.objects.filter(status=AlertStatus.OPEN, escalated_at__isnull=True,
                               escalate_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            alert = (Alert.objects.select_for_update().select_related("organization")
                     .filter(pk=pk, status=AlertStatus.OPEN, escalated_at__isnull=True).first())
            if alert is None:
                continue
            alert.escalated_at = now
            alert.save(update_fields=["escalated_at"])
            recipients = ([alert.supervisor] if alert.supervisor
                          else _org_admins(alert.organization))
            notify(recipients, organization=alert.organization, kind="alert_escalated",
                   urgent=True, message=notices.ESCALATED, params={"rule": alert.rule},
                   url=alert.get_absolute_url(), subject=alert)
            record("safety.alert.escalated", organization=alert.organization, target=alert,
                   client=alert.client, data={"to": [u.pk for u in recipients]})
            count += 1
    return count


# --- Incidents (CMH-8.2.2b) -------------------------------------------------------------------

INCIDENT_FIELDS = ("kind", "occurred_at", "place", "people", "description", "immediate_actions",
                   "departments_notified", "follow_up")


@transaction.atomic
def do_record_incident(client, *, acting_user, case=None, now=None, **data) -> Incident:
    """Record an incident; it raises a risk review on the client's case (an alert to the case's
    worker and supervisor asking for the risk level to be reassessed). An emergency of
    REH-5.4.5 (REHAB_EMERGENCIES) for a client in an open rehabilitation case also raises a
    critical `rehab_emergency` alert on that case, resolved only after a referral."""
    from anxin.clients.models import Client

    if (not acting_user.can(INCIDENT_RECORD)
            or acting_user.organization != client.organization
            or not Client.objects.visible_to(acting_user).filter(pk=client.pk).exists()):
        raise NotPermitted
    if case is not None and case.client_id != client.pk:
        raise NotPermitted
    now = now or timezone.now()
    errors = {}
    for name in ("kind", "occurred_at", "place", "people", "description"):
        if not data.get(name) or (isinstance(data[name], str) and not data[name].strip()):
            errors[name] = _("This field is required.")
    if data.get("kind") and data["kind"] not in IncidentKind.values:
        errors["kind"] = _("Choose a kind of incident.")
    actions = list(data.get("immediate_actions") or [])
    if any(a not in ImmediateAction.values for a in actions):
        errors["immediate_actions"] = _("Choose from the listed actions.")
    if data.get("occurred_at") and data["occurred_at"] > now:
        errors["occurred_at"] = _("The time cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    incident = Incident.objects.create(
        organization=client.organization, client=client, case=case, recorded_by=acting_user,
        kind=data["kind"], occurred_at=data["occurred_at"], place=data["place"].strip(),
        people=data["people"].strip(), description=data["description"].strip(),
        immediate_actions=actions,
        departments_notified=(data.get("departments_notified") or "").strip(),
        follow_up=(data.get("follow_up") or "").strip(),
    )
    record("safety.incident.recorded", actor=acting_user, target=incident, client=client,
           data={"kind": incident.kind, "case": getattr(case, "pk", None)})
    detail_params = {"kind": incident.kind,
                     "date": f"{timezone.localtime(incident.occurred_at):%Y-%m-%d}"}
    raise_alert("incident_risk_review", organization=client.organization, client=client,
                case=case, source=incident, acting_user=acting_user, now=now,
                worker=None if case else acting_user, detail_code=details.INCIDENT,
                detail_params=detail_params)
    rehab_case = _open_rehab_case(client, given=case) if incident.kind in REHAB_EMERGENCIES \
        else None
    if rehab_case is not None:
        # REH-5.4.5: emergency handling and immediate referral, told to the rehabilitation
        # case's team whichever case the incident was recorded on.
        raise_alert(REHAB_EMERGENCY_RULE, organization=client.organization, client=client,
                    case=rehab_case, source=incident, acting_user=acting_user, now=now,
                    detail_code=details.INCIDENT, detail_params=detail_params)
    return incident


REHAB_PATHWAY = "reh"
REHAB_EMERGENCY_RULE = "rehab_emergency"


def _open_rehab_case(client, *, given=None):
    """The client's open rehabilitation case, the one the incident names first; None when the
    client is in none (or the REH pathway is not installed)."""
    from anxin.cases.models import Case
    from anxin.cases.workflow.pathways import PATHWAYS

    table = PATHWAYS.get(REHAB_PATHWAY)
    if table is None:
        return None
    if given is not None and given.pathway == REHAB_PATHWAY and given.stage in table.open_stages:
        return given
    return (Case.objects.filter(organization_id=client.organization_id, client=client,
                                pathway=REHAB_PATHWAY, stage__in=table.open_stages)
            .order_by("-opened_on", "-pk").first())


def _check_referred(alert: Alert, errors: dict) -> None:
    """A rehabilitation emergency is resolved only once the client has been referred: a
    referral of its case recorded since the alert was raised (REH-5.4.5 立即转介)."""
    from anxin.cases.models import Referral

    if alert.rule != REHAB_EMERGENCY_RULE:
        return
    # A draft begun before the emergency and prepared or sent since counts: the referral is
    # what was done about it, whenever its row was first made. A declined one does not.
    from django.db.models import Q

    from anxin.cases.choices import ReferralStatus

    if alert.case_id is not None and Referral.objects.filter(
            Q(created_at__gte=alert.raised_at) | Q(updated_at__gte=alert.raised_at),
            organization_id=alert.organization_id, case_id=alert.case_id).exclude(
            status=ReferralStatus.DECLINED).exists():
        return
    errors["referral"] = _("The client must be referred at once (REH-5.4.5): record the "
                           "referral on the case before resolving this alert.")


def protocol_for(alert: Alert):
    return [protocol.BY_CODE[c] for c in alert.rule_definition.protocol]


@transaction.atomic
def do_update_safety_settings(organization, *, acting_user, **changes) -> SafetySettings:
    """Change the organisation's safety settings: any of `validation.SETTINGS_FIELDS`, as plain
    values (`duty_worker` a user or None). The page, the API and the demo data call it alike;
    the checks are `validation.clean_settings`, which the page's form runs too. The first save
    creates the row; the audit event lists what changed."""
    if (not acting_user.can(SAFETY_SETTINGS)
            or getattr(acting_user.organization, "pk", None) != organization.pk):
        raise NotPermitted
    values = clean_settings(organization, changes)  # ValidationError naming each field
    saved = (SafetySettings.objects.select_for_update().filter(organization=organization)
             .first())
    instance = saved or SafetySettings(organization=organization)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if saved is None:
        instance.save()
    elif changed:
        instance.save(update_fields=changed)
    record("safety.settings.changed", actor=acting_user, organization=organization,
           target=instance, data={"fields": changed})
    return instance
