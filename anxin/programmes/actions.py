"""Every change to a centre's training and daily-service records: one function each, its checks,
its rows and its audit event in one transaction. Pages and the API call these.

Each needs REHAB_RECORD (workers and supervisors), re-checked here, and a case the acting user
sees. A refusal is a ValidationError naming its field and the clause it applies. Audit data
holds codes, counts and dates only, never a note.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import CASE_VIEW, REHAB_RECORD
from anxin.accounts.choices import OrganizationKind, Role
from anxin.audit.actions import record
from anxin.cases.models import Case
from anxin.cases.workflow.pathways import get_pathway
from anxin.clients.choices import Sex
from anxin.core.exceptions import NotPermitted, NotVisible

from . import rules
from .choices import PROGRAMME_CODES, DailyServiceKind, Delivery
from .models import DailyServiceLog, TrainingSession, TrainingSessionStaff

REH = "reh"


def _require(user) -> None:
    if not user.is_authenticated or user.membership is None or \
            not user.can(CASE_VIEW) or not user.can(REHAB_RECORD):
        raise NotPermitted


def is_resident(case: Case) -> bool:
    """Admitted and not yet gone: a REH case in one of the pathway's open stages."""
    return case.pathway == REH and case.stage in get_pathway(REH).open_stages


def _resident(user, case: Case | None, *, missing_is_invisible: bool) -> Case:
    found = None
    if case is not None:
        found = (Case.objects.visible_to(user).select_related("client")
                 .filter(pk=case.pk).first())
    if found is None:
        if missing_is_invisible:
            raise NotVisible
        raise ValidationError({"case": _("Choose a resident whose case you follow.")})
    if not is_resident(found):
        raise ValidationError({"case": _(
            "Training and daily services are recorded for residents: rehabilitation cases "
            "from the intake assessment to the end evaluation (%(clause)s).") % {
            "clause": rules.RESIDENT_CLAUSE}})
    return found


def _colleague(user, colleague, field: str):
    """Whoever a record names as staff is an active member of the acting organisation."""
    membership = colleague.membership if colleague is not None else None
    if membership is None or membership.organization_id != user.membership.organization_id \
            or not membership.is_active or not colleague.is_active \
            or membership.role == Role.REGIONAL_VIEWER:
        raise ValidationError({field: _("Choose an active member of your organisation's "
                                        "staff.")})
    return colleague


def _check_minutes(minutes: int | None) -> None:
    limit = rules.SESSION_MINUTES
    if minutes is None or not rules.within(limit, minutes):
        raise ValidationError({"minutes": _(
            "A training session lasts %(low)s to %(high)s minutes, not %(value)s "
            "(%(clause)s).") % {"low": limit.low, "high": limit.high,
                                "value": minutes if minutes is not None else "—",
                                "clause": limit.clause}})


def _check_time(started_at: datetime.datetime | None) -> None:
    if started_at is None:
        raise ValidationError({"started_at": _("Give the time the session started.")})
    if timezone.is_naive(started_at):
        raise ValidationError({"started_at": _("Give the time with its time zone.")})
    if started_at > timezone.now():
        raise ValidationError({"started_at": _(
            "This time is in the future: record a session once it has taken place.")})


def _check_people(user, case: Case, *, delivery: str, lead, lead_sex: str, staff, chaperone):
    """The lead, the others and the chaperone as REH-5.6.2 and REH-5.6.3 want them; the
    others returned without duplicates or the lead."""
    if lead is None:
        raise ValidationError({"lead": _("Choose the member of staff who led the session.")})
    _colleague(user, lead, "lead")
    others = list({person.pk: person for person in staff if person.pk != lead.pk}.values())
    for person in others:
        _colleague(user, person, "staff")
    if chaperone is not None:
        _colleague(user, chaperone, "chaperone")
        if chaperone.pk == lead.pk:
            raise ValidationError({"chaperone": _(
                "The chaperone is someone other than the lead staff.")})
    if lead_sex and lead_sex not in Sex.values:
        raise ValidationError({"lead_sex": _("Choose the lead staff's sex.")})
    if delivery == Delivery.ONE_TO_ONE:
        if not lead_sex:
            raise ValidationError({"lead_sex": _(
                "Give the lead staff's sex: one-to-one service is same-sex in principle "
                "(%(clause)s).") % {"clause": rules.SAME_SEX_CLAUSE}})
        if lead_sex != case.client.sex and chaperone is None:
            raise ValidationError({"chaperone": _(
                "The lead staff's sex differs from the client's: one-to-one service of a "
                "different sex needs another person present; name the chaperone "
                "(%(clause)s).") % {"clause": rules.SAME_SEX_CLAUSE}})
    if delivery == Delivery.HOME and 1 + len(others) < rules.HOME_STAFF.low:
        raise ValidationError({"staff": _(
            "Home rehabilitation is done by at least %(low)s staff: name the others who went "
            "(%(clause)s).") % {"low": rules.HOME_STAFF.low, "clause": rules.HOME_STAFF.clause}})
    return others


@transaction.atomic
def do_record_training_session(case: Case, *, acting_user, programme: str, delivery: str,
                               started_at: datetime.datetime, minutes: int, lead,
                               lead_sex: str = "", staff=(), chaperone=None,
                               note: str = "") -> TrainingSession:
    """One resident's one-to-one or home session of one of the eight programmes (REH-5.5)."""
    _require(acting_user)
    case = _resident(acting_user, case, missing_is_invisible=True)
    if programme not in PROGRAMME_CODES:
        raise ValidationError({"programme": _(
            "Choose one of the rehabilitation programmes (%(clause)s).") % {
            "clause": rules.PROGRAMME_CLAUSE}})
    if delivery not in Delivery.values:
        raise ValidationError({"delivery": _("Choose one-to-one or home rehabilitation.")})
    _check_time(started_at)
    _check_minutes(minutes)
    others = _check_people(acting_user, case, delivery=delivery, lead=lead,
                           lead_sex=lead_sex or "", staff=staff, chaperone=chaperone)
    session = TrainingSession.objects.create(
        case=case, programme=programme, delivery=delivery, started_at=started_at,
        minutes=minutes, lead=lead, lead_sex=lead_sex or "", chaperone=chaperone,
        note=(note or "").strip(), recorded_by=acting_user)
    TrainingSessionStaff.objects.bulk_create([
        TrainingSessionStaff(organization_id=session.organization_id, session=session,
                             user=person) for person in others])
    record("training_session.recorded", actor=acting_user, target=session, client=case.client,
           data={"case": case.pk, "programme": programme, "delivery": delivery,
                 "minutes": minutes, "staff": 1 + len(others),
                 "chaperone": chaperone is not None})
    return session


def record_sessions_view(case: Case, *, acting_user) -> None:
    """The notes speak about the client: each reading of a case's sessions is on the record
    (CMH-4.2)."""
    record("training_session.list_viewed", actor=acting_user, target=case, client=case.client)


@transaction.atomic
def do_record_daily_service(*, acting_user, date: datetime.date, kind: str, case=None,
                            note: str = "") -> DailyServiceLog:
    """A residential centre's daily service on `date`, to one resident or the whole house."""
    _require(acting_user)
    organization = acting_user.membership.organization
    if organization.kind != OrganizationKind.REHAB_RESIDENTIAL:
        # Not one field's fault: the whole record is refused (shown at the top of the form).
        raise ValidationError({NON_FIELD_ERRORS: _(
            "Daily services are recorded by a residential (全日制) rehabilitation centre "
            "(%(clause)s).") % {"clause": rules.DAILY_SERVICE_CLAUSE}})
    if kind not in DailyServiceKind.values:
        raise ValidationError({"kind": _("Choose the service (%(clause)s).") % {
            "clause": rules.DAILY_SERVICE_CLAUSE}})
    if date is None:
        raise ValidationError({"date": _("Give the date of the service.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("This date is in the future.")})
    if case is not None:
        case = _resident(acting_user, case, missing_is_invisible=False)
    entry = DailyServiceLog.objects.create(
        organization=organization, date=date, kind=kind, case=case,
        note=(note or "").strip(), recorded_by=acting_user)
    record("daily_service.recorded", actor=acting_user, target=entry,
           client=case.client if case is not None else None,
           data={"kind": kind, "date": date.isoformat(), "resident": case is not None})
    return entry


def record_daily_view(date: datetime.date, *, acting_user) -> None:
    """A day's entries name residents and notes about them: each reading is recorded."""
    record("daily_service.day_viewed", actor=acting_user,
           data={"date": date.isoformat()})
