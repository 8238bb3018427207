"""Every change to placements, relapse admissions and disability assessments: one function
each, its checks, its row and its audit event in one transaction. Pages and the API call these.

Each needs REHAB_RECORD, re-checked here, and a client the acting user sees. A refusal is a
ValidationError naming its field. Audit data holds codes and dates only, never the workplace,
the hospital, a note or a certificate number.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import REHAB_RECORD
from anxin.audit.actions import record
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted, NotVisible
from anxin.documents.models import FINAL, Document

from .choices import DisabilityGrade, PlacementKind
from .kinds import EMPLOYMENT_AGREEMENT
from .models import DisabilityAssessment, Placement, RelapseAdmission

MAX_HOURS_PER_WEEK = Decimal("84")


def _require(user) -> None:
    if not user.is_authenticated or user.membership is None or not user.can(REHAB_RECORD):
        raise NotPermitted


def _visible_client(user, client) -> Client:
    if client is None or not Client.objects.visible_to(user).filter(pk=client.pk).exists():
        raise ValidationError({"client": _("Choose a client you follow.")})
    return client


def _date(value: datetime.date | None, field: str, missing: str) -> datetime.date:
    if value is None:
        raise ValidationError({field: missing})
    if value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})
    return value


def _text(value: str | None, field: str, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: missing})
    return value


# --- Placements (REH-5.5.2.5, REH-6.4.4) --------------------------------------------------------

def _agreement(user, client, agreement, kind: str) -> Document | None:
    """The agreement must be a finished employment agreement of one of the client's cases that
    the acting user may read, for the same kind of work. Assisted work needs one
    (REH-5.5.2.5.3)."""
    if agreement is None:
        if kind == PlacementKind.ASSISTED:
            raise ValidationError({"agreement": _(
                "Assisted employment needs the signed employment agreement with the client or "
                "guardian, completed first (REH-5.5.2.5.3).")})
        return None
    found = (Document.objects.visible_to(user)
             .filter(pk=agreement.pk, kind=EMPLOYMENT_AGREEMENT, case__client=client).first())
    if found is None:
        raise ValidationError({"agreement": _(
            "Choose an employment agreement of this client's case.")})
    if found.status not in FINAL:
        raise ValidationError({"agreement": _(
            "The employment agreement is not completed yet: sign and submit it first.")})
    if found.coded.get("placement_kind") not in (None, kind):
        raise ValidationError({"agreement": _(
            "The agreement is for another kind of employment.")})
    return found


@transaction.atomic
def do_add_placement(client, *, acting_user, kind: str, workplace: str, job: str,
                     hours_per_week: Decimal, started_on: datetime.date,
                     ended_on: datetime.date | None = None, agreement=None) -> Placement:
    """The client starts (or started) work; with `ended_on`, a past spell recorded whole."""
    _require(acting_user)
    _visible_client(acting_user, client)
    # The client's row, locked: two people adding the same kind at once check one after the
    # other (the partial unique constraint backs this up).
    Client.objects.select_for_update().filter(pk=client.pk).first()
    if kind not in PlacementKind.values:
        raise ValidationError({"kind": _("Choose the kind of employment.")})
    workplace = _text(workplace, "workplace", _("Give the employer or workplace."))
    job = _text(job, "job", _("Give the job."))
    if hours_per_week is None or not 0 < hours_per_week <= MAX_HOURS_PER_WEEK:
        raise ValidationError({"hours_per_week": _(
            "Give the hours a week, more than 0 and at most 84.")})
    started_on = _date(started_on, "started_on", _("Give the date the work started."))
    if ended_on is not None:
        _date(ended_on, "ended_on", _("Give the date the work ended."))
        if ended_on < started_on:
            raise ValidationError({"ended_on": _("The end is on or after the start.")})
    elif Placement.objects.filter(client=client, kind=kind, ended_on__isnull=True).exists():
        raise ValidationError({"kind": _(
            "This client already has an ongoing placement of this kind: end it first.")})
    agreement = _agreement(acting_user, client, agreement, kind)
    placement = Placement(client=client, kind=kind, workplace=workplace, job=job,
                          hours_per_week=hours_per_week, started_on=started_on,
                          ended_on=ended_on, agreement=agreement, recorded_by=acting_user)
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError:
        raise ValidationError({"kind": _(
            "This client already has an ongoing placement of this kind: end it first.")}) \
            from None
    record("placement.added", actor=acting_user, target=placement, client=client,
           data={"kind": kind, "agreement": getattr(agreement, "pk", None),
                 "ongoing": ended_on is None})
    return placement


@transaction.atomic
def do_end_placement(placement: Placement, *, acting_user, ended_on: datetime.date) -> Placement:
    _require(acting_user)
    placement = Placement.objects.select_for_update().select_related("client").get(
        pk=placement.pk)
    if not Placement.objects.visible_to(acting_user).filter(pk=placement.pk).exists():
        raise NotVisible
    if placement.ended_on is not None:
        raise ValidationError({"ended_on": _("This placement has already ended.")})
    _date(ended_on, "ended_on", _("Give the date the work ended."))
    if ended_on < placement.started_on:
        raise ValidationError({"ended_on": _("The end is on or after the start.")})
    placement.ended_on = ended_on
    placement.save(update_fields=["ended_on"])
    record("placement.ended", actor=acting_user, target=placement, client=placement.client,
           data={"kind": placement.kind, "days": (ended_on - placement.started_on).days + 1})
    return placement


# --- Relapse admissions (REH-6.4.5) ------------------------------------------------------------

@transaction.atomic
def do_record_relapse_admission(client, *, acting_user, admitted_on: datetime.date,
                                hospital: str, discharged_on: datetime.date | None = None,
                                note: str = "") -> RelapseAdmission:
    _require(acting_user)
    _visible_client(acting_user, client)
    admitted_on = _date(admitted_on, "admitted_on", _("Give the date of admission."))
    hospital = _text(hospital, "hospital", _("Give the hospital the client was admitted to."))
    if discharged_on is not None:
        _date(discharged_on, "discharged_on", _("Give the date of discharge."))
        if discharged_on < admitted_on:
            raise ValidationError({"discharged_on": _(
                "The discharge is on or after the admission.")})
    if RelapseAdmission.objects.filter(client=client, admitted_on=admitted_on).exists():
        raise ValidationError({"admitted_on": _(
            "An admission of this client on this date is already recorded.")})
    admission = RelapseAdmission.objects.create(
        client=client, admitted_on=admitted_on, hospital=hospital, discharged_on=discharged_on,
        note=(note or "").strip(), recorded_by=acting_user)
    record("relapse_admission.recorded", actor=acting_user, target=admission, client=client,
           data={"admitted_on": admitted_on.isoformat(),
                 "discharged": discharged_on is not None})
    return admission


# --- Disability assessments (REH-6.4.6, GB/T 26341-2010) ---------------------------------------

@transaction.atomic
def do_record_disability_assessment(client, *, acting_user, assessed_on: datetime.date,
                                    grade: int, assessing_body: str,
                                    certificate_number: str = "") -> DisabilityAssessment:
    _require(acting_user)
    _visible_client(acting_user, client)
    assessed_on = _date(assessed_on, "assessed_on", _("Give the date of the assessment."))
    if grade not in DisabilityGrade.values:
        raise ValidationError({"grade": _(
            "Choose a grade of mental disability, 1 to 4 (GB/T 26341-2010).")})
    assessing_body = _text(assessing_body, "assessing_body", _(
        "Give the body that assessed the disability."))
    if len(assessing_body) > 128:
        raise ValidationError({"assessing_body": _("At most 128 characters.")})
    if DisabilityAssessment.objects.filter(client=client, assessed_on=assessed_on).exists():
        raise ValidationError({"assessed_on": _(
            "An assessment of this client on this date is already recorded.")})
    assessment = DisabilityAssessment.objects.create(
        client=client, assessed_on=assessed_on, grade=grade, assessing_body=assessing_body,
        certificate_number=(certificate_number or "").strip(), recorded_by=acting_user)
    # The grade is health information: the event says an assessment was recorded, not which.
    record("disability_assessment.recorded", actor=acting_user, target=assessment,
           client=client, data={"assessed_on": assessed_on.isoformat()})
    return assessment
