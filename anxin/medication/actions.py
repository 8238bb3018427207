"""Every change to a client's medication record: one function each, its checks, its row and its
audit event in one transaction. Pages and the API both call these.

Each needs REHAB_RECORD, a client the acting user sees, and an organisation that keeps this part
of the record (rules.py); all re-checked here, so a caller that forgets cannot go round them. A
refusal is a ValidationError naming its field. Audit data carries dates, counts and codes, never
a drug, a dose or a note.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import REHAB_RECORD
from anxin.audit.actions import record
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted, NotVisible

from . import rules
from .choices import NOT_TAKEN, DoseOutcome
from .models import Administration, Prescription

TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
MAX_TIMES = 12


def _require(user) -> None:
    if not user.is_authenticated or user.membership is None or not user.can(REHAB_RECORD):
        raise NotPermitted


def _visible_client(user, client) -> Client:
    if client is None or not Client.objects.visible_to(user).filter(pk=client.pk).exists():
        raise ValidationError({"client": _("Choose a client you follow.")})
    return client


def _lock(prescription: Prescription, user) -> Prescription:
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    # Another organisation's prescription is one the user may not know of: a 404, as access_*.
    if prescription.organization_id != user.membership.organization_id:
        raise NotVisible
    _visible_client(user, prescription.client)
    return prescription


def _not_future(value: datetime.date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _text(value) -> str:
    return (value or "").strip()


def normalize_times(times) -> list[str]:
    """The times of day as sorted, distinct "HH:MM"; a refusal naming `times` otherwise."""
    result = set()
    for value in times or ():
        match = TIME.match(_text(value))
        if match is None:
            raise ValidationError({"times": _(
                "Give each time of day as HH:MM, from 00:00 to 23:59, e.g. 08:00.")})
        result.add(f"{int(match.group(1)):02d}:{match.group(2)}")
    if len(result) > MAX_TIMES:
        raise ValidationError({"times": _("Give at most %(count)d times of day.")
                               % {"count": MAX_TIMES}})
    return sorted(result)


@transaction.atomic
def do_add_prescription(client: Client, *, acting_user, drug: str, dose: str,
                        started_on: datetime.date, times=(), frequency: str = "",
                        route: str = "", prescriber: str = "", prescriber_hospital: str = "",
                        note: str = "") -> Prescription:
    """A prescription the centre follows from `started_on`, with its daily times of day (the
    doses a residential centre gives) or, for one without fixed times, its frequency."""
    _require(acting_user)
    if not rules.keeps_prescriptions(acting_user):
        raise ValidationError({"client": _(
            "Medication records are kept by rehabilitation centres (%(clause)s).")
            % {"clause": rules.PRESCRIPTION_CLAUSE}})
    _visible_client(acting_user, client)
    drug, dose, frequency = _text(drug), _text(dose), _text(frequency)
    if not drug:
        raise ValidationError({"drug": _("Give the drug's name.")})
    if not dose:
        raise ValidationError({"dose": _("Give the dose, e.g. 100 mg.")})
    times = normalize_times(times)
    if not times and not frequency:
        raise ValidationError({"times": _(
            "Give the times of day the doses are taken, or the frequency.")})
    if started_on is None:
        raise ValidationError({"started_on": _("Give the date the prescription started.")})
    _not_future(started_on, "started_on")
    prescription = Prescription.objects.create(
        client=client, drug=drug, dose=dose, times=times, frequency=frequency,
        route=_text(route), prescriber=_text(prescriber),
        prescriber_hospital=_text(prescriber_hospital), started_on=started_on,
        note=_text(note), recorded_by=acting_user)
    record("medication.prescription_added", actor=acting_user, target=prescription,
           client=client, data={"started_on": started_on.isoformat(),
                                "doses_a_day": len(times)})
    return prescription


@transaction.atomic
def do_end_prescription(prescription: Prescription, *, acting_user,
                        ended_on: datetime.date) -> Prescription:
    """The client stops the drug, or the doctor changes it (the new dose is a new
    prescription). The last day is `ended_on`, never before a dose already recorded."""
    _require(acting_user)
    prescription = _lock(prescription, acting_user)
    if prescription.ended_on is not None:
        raise ValidationError({"ended_on": _("This prescription has already ended.")})
    if ended_on is None:
        raise ValidationError({"ended_on": _("Give the last day of the prescription.")})
    if ended_on < prescription.started_on:
        raise ValidationError({"ended_on": _(
            "The prescription ends on or after the day it started (%(date)s).")
            % {"date": prescription.started_on.isoformat()}})
    _not_future(ended_on, "ended_on")
    after = timezone.make_aware(datetime.datetime.combine(
        ended_on + datetime.timedelta(days=1), datetime.time.min))
    if prescription.administrations.filter(scheduled_for__gte=after).exists():
        raise ValidationError({"ended_on": _(
            "Doses of this prescription are recorded after that day: end it on the day of the "
            "last one or later.")})
    prescription.ended_on = ended_on
    prescription.save(update_fields=["ended_on"])
    record("medication.prescription_ended", actor=acting_user, target=prescription,
           client=prescription.client, data={"ended_on": ended_on.isoformat()})
    return prescription


@transaction.atomic
def do_record_administration(prescription: Prescription, *, acting_user,
                             scheduled_for: datetime.datetime, outcome: str,
                             note: str = "") -> Administration:
    """给药记录 at a residential centre (REH-4.6.2.8): one scheduled dose given, refused or
    missed, by the acting staff member. A dose not taken says why in the note."""
    _require(acting_user)
    if not rules.gives_doses(acting_user):
        raise ValidationError({"prescription": _(
            "Dose records are kept by residential rehabilitation centres (%(clause)s).")
            % {"clause": rules.DOSE_CLAUSE}})
    # The lock also serialises two colleagues recording the same dose at once.
    prescription = _lock(prescription, acting_user)
    if outcome not in DoseOutcome.values:
        raise ValidationError({"outcome": _("Choose given, refused or missed.")})
    if scheduled_for is None:
        raise ValidationError({"scheduled_for": _("Give the time the dose was scheduled for.")})
    if timezone.is_naive(scheduled_for):
        scheduled_for = timezone.make_aware(scheduled_for)
    if scheduled_for > timezone.now():
        raise ValidationError({"scheduled_for": _(
            "This dose is not due yet: record it at or after its time.")})
    local = timezone.localtime(scheduled_for)
    if not prescription.is_current_on(local.date()):
        raise ValidationError({"scheduled_for": _(
            "The prescription was not current on %(date)s.") % {"date": local.date().isoformat()}})
    if prescription.times and (f"{local:%H:%M}" not in prescription.times
                               or local.second or local.microsecond):
        raise ValidationError({"scheduled_for": _(
            "Choose one of the prescription's times of day: %(times)s.")
            % {"times": ", ".join(prescription.times)}})
    note = _text(note)
    if outcome in NOT_TAKEN and not note:
        raise ValidationError({"note": _(
            "Say why the dose was refused or missed, and what was done.")})
    if prescription.administrations.filter(scheduled_for=scheduled_for).exists():
        raise _already_recorded()
    row = Administration(prescription=prescription, client_id=prescription.client_id,
                         scheduled_for=scheduled_for, outcome=outcome, given_by=acting_user,
                         note=note)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise _already_recorded() from None
    record("medication.dose_recorded", actor=acting_user, target=prescription,
           client=prescription.client,
           data={"dose": row.pk, "scheduled_for": scheduled_for.isoformat(), "outcome": outcome})
    return row


def _already_recorded() -> ValidationError:
    return ValidationError({"scheduled_for": _("This dose is already recorded.")})


def record_medication_list_view(client_ids, *, acting_user, where: str) -> None:
    """A list that shows several clients' medication is on the record too: one event naming
    the clients shown (their ids only), so a reading of a whole centre's drugs is traceable."""
    ids = sorted(set(client_ids))
    if ids:
        record("medication.list_viewed", actor=acting_user, data={"clients": ids,
                                                                  "where": where})


def record_medication_view(client: Client, *, acting_user) -> None:
    """A client's medication is clinical data: each reading of it is on the record (the
    confidentiality rule, CMH-4.2)."""
    record("medication.viewed", actor=acting_user, target=client, client=client)
