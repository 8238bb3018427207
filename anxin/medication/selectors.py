"""Reads of the medication record: a client's prescriptions, the doses of a day (one client's,
or the whole centre's) with what is recorded of each, and the centre's list. Each costs a fixed
number of queries however many rows there are."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from anxin.clients.models import Client

from .models import Administration, Prescription, scheduled_at


@dataclass
class Dose:
    """One scheduled dose of a day, and its record if there is one."""

    prescription: Prescription
    time: str
    scheduled_for: datetime.datetime
    record: Administration | None = None

    @property
    def is_due(self) -> bool:
        return self.scheduled_for <= timezone.now()

    @property
    def is_unrecorded(self) -> bool:
        return self.record is None


@dataclass
class Resident:
    """A client with a current prescription, and their doses of the day."""

    client: Client
    prescriptions: list[Prescription] = field(default_factory=list)
    doses: list[Dose] = field(default_factory=list)

    @property
    def unrecorded(self) -> list[Dose]:
        return [dose for dose in self.doses if dose.is_unrecorded]

    @property
    def overdue(self) -> list[Dose]:
        return [dose for dose in self.unrecorded if dose.is_due]


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = scheduled_at(day, "00:00")
    return start, scheduled_at(day + datetime.timedelta(days=1), "00:00")


def client_prescriptions(client: Client) -> list[Prescription]:
    return list(Prescription.objects.filter(
        organization_id=client.organization_id, client=client).select_related("recorded_by"))


def _doses(prescriptions: list[Prescription], day: datetime.date,
           records: list[Administration]) -> list[Dose]:
    by_key = {(r.prescription_id, r.scheduled_for): r for r in records}
    doses = []
    for prescription in prescriptions:
        for time in prescription.times:
            when = scheduled_at(day, time)
            doses.append(Dose(prescription=prescription, time=time, scheduled_for=when,
                              record=by_key.get((prescription.pk, when))))
    return sorted(doses, key=lambda dose: (dose.scheduled_for, dose.prescription.pk))


def day_sheet(client: Client, prescriptions: list[Prescription],
              day: datetime.date) -> list[Dose]:
    """The client's doses scheduled on `day`, from their prescriptions already read, with one
    query for the day's records."""
    current = [p for p in prescriptions if p.times and p.is_current_on(day)]
    if not current:
        return []
    start, end = _day_bounds(day)
    records = list(Administration.objects.filter(
        organization_id=client.organization_id, client=client, scheduled_for__gte=start,
        scheduled_for__lt=end).select_related("given_by"))
    return _doses(current, day, records)


def centre_day(user, day: datetime.date) -> list[Resident]:
    """Every client `user` sees with a prescription current on `day`, with the day's doses and
    what is recorded of each: two queries in all."""
    prescriptions = list(Prescription.objects.visible_to(user).current_on(day)
                         .select_related("client").order_by("client__file_number", "pk"))
    residents: dict[int, Resident] = {}
    for prescription in prescriptions:
        resident = residents.setdefault(prescription.client_id,
                                        Resident(client=prescription.client))
        resident.prescriptions.append(prescription)
    if not residents:
        return []
    start, end = _day_bounds(day)
    records = list(Administration.objects.filter(
        organization_id=user.membership.organization_id,
        prescription__in=[p.pk for p in prescriptions if p.times],
        scheduled_for__gte=start, scheduled_for__lt=end).select_related("given_by"))
    for resident in residents.values():
        timed = [p for p in resident.prescriptions if p.times]
        resident.doses = _doses(timed, day, records)
    return list(residents.values())
