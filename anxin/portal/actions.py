"""Saving a public self-assessment, adding contact details to it afterwards, and staff reads.

The public has no account: audit events carry no actor, and no client address either (the
request context's IP is withheld while these actions write), so the trail says what happened
without saying who or from where. An alert goes to the duty worker only when the person asked to
be contacted (PSY-measure-2, PSY-measure-7): without consent nobody can act on it, and nothing
identifying is kept.
"""

import contextlib
import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from anxin.audit.actions import record
from anxin.core import request_context
from anxin.core.exceptions import NotPermitted
from anxin.instruments.registry import latest
from anxin.instruments.scoring import score
from anxin.safety.actions import raise_alert
from anxin.safety.selectors import settings_for

from .constants import MAIN_SCALE, PUBLIC_INSTRUMENTS, SELF_HARM_FLAG, SELF_HARM_ITEM
from .models import SelfAssessment
from .texts import SHORT_NAMES
from .validators import MOBILE, MOBILE_ERROR

RULE_SELF_HARM = "self_assessment_self_harm"
RULE_CONTACT = "self_assessment_contact"
RULE_SEVERE = "self_assessment_severe"
DETAIL_CODE = "self_assessment"  # the alert detail renderer, `alert_detail`


@contextlib.contextmanager
def _address_withheld():
    """Write audit events of a public request without its client address."""
    current = request_context.current()
    token = request_context.set_current(
        dataclasses.replace(current, ip=None) if current is not None else None)
    try:
        yield
    finally:
        request_context.reset(token)


def _check_contact(name: str, phone: str) -> None:
    if not MOBILE.match(phone or ""):
        raise ValidationError({"contact_phone": ValidationError(MOBILE_ERROR,
                                                                code="invalid_mobile")})
    if len(name) > 32:
        raise ValidationError({"contact_name": ValidationError(
            gettext("Keep the name to 32 characters."), code="max_length")})


def _detail_params(assessment: SelfAssessment) -> dict:
    """What the alert says raised it, as codes and numbers; `alert_detail` puts it into the
    reader's words (the instrument's band and answer texts are bilingual)."""
    answer = assessment.self_harm_answer
    return {"instrument": assessment.instrument, "version": assessment.version,
            "total": assessment.total, "maximum": assessment.maximum,
            "band": assessment.band, "item_9": None if answer is None else answer.value}


def alert_detail(params) -> str:
    """The self-assessment alert's detail line in the active language (registered with
    safety's detail renderers in `apps.ready`)."""
    from anxin.instruments.registry import get

    definition = get(params["instrument"], params["version"])
    band = next((b for b in definition.scale(MAIN_SCALE).bands if b.code == params["band"]),
                None)
    text = gettext("%(instrument)s: total %(total)s of %(maximum)s (%(band)s)") % {
        "instrument": SHORT_NAMES.get(definition.code, definition.code),
        "total": params["total"], "maximum": params["maximum"],
        "band": str(band.text) if band else "—"}
    if params.get("item_9") is not None:
        answer = definition.item(SELF_HARM_ITEM).option(params["item_9"])
        text += gettext("; item 9 (thoughts of self-harm): %(answer)s") % {
            "answer": str(answer.text)}
    return text


def _alert_if_needed(assessment: SelfAssessment, *, now: datetime.datetime):
    """With consent, the duty worker is told: at once and urgently for thoughts of self-harm or
    the severe band; as a request to call back for any other result (PSY-measure-2: those who
    need it are encouraged to seek support, and someone must answer when they do)."""
    if not assessment.contact_consent:
        return None
    if assessment.self_harm_thoughts:
        rule = RULE_SELF_HARM
    elif assessment.needs_help_now:
        rule = RULE_SEVERE
    else:
        rule = RULE_CONTACT
    # Codes, not words: staff read the alert and its notification in their own language.
    return raise_alert(rule, organization=assessment.organization, source=assessment,
                       detail_code=DETAIL_CODE, detail_params=_detail_params(assessment),
                       now=now)


@transaction.atomic
def do_submit_self_assessment(organization, *, instrument: str, answers: dict,
                              contact_consent: bool = False, contact_name: str = "",
                              contact_phone: str = "", source_hash: str = "",
                              submission_key: str | None = None,
                              now: datetime.datetime | None = None) -> SelfAssessment:
    """Score the answers with the latest definition and keep them, with contact details only if
    the person ticked "contact me". Refuses incomplete or invalid answers (`ScoringError`, keyed
    by item code) and saves nothing then. A `submission_key` seen before returns the
    self-assessment it saved, unchanged."""
    if instrument not in PUBLIC_INSTRUMENTS:
        raise ValidationError({"instrument": gettext("Not a public questionnaire.")})
    if not settings_for(organization).self_assessment_enabled:
        raise NotPermitted
    now = now or timezone.now()
    definition = latest(instrument)
    result = score(definition, answers)
    if contact_consent:
        _check_contact(contact_name, contact_phone)
    else:
        contact_name = contact_phone = ""  # never kept without consent
    bands = {code: (band.code if band else None) for code, band in result.bands.items()}
    flags = [flag.code for flag in result.flags]
    if submission_key and (sent := _sent_before(organization, submission_key)):
        return sent
    try:
        with transaction.atomic():
            assessment = SelfAssessment.objects.create(
                organization=organization, instrument=definition.code,
                version=definition.version,
                answers={code: value for code, value in answers.items() if value is not None},
                totals={code: (None if v is None else str(v))
                        for code, v in result.totals.items()},
                bands=bands, flags=flags, band=bands.get(MAIN_SCALE) or "",
                self_harm_thoughts=SELF_HARM_FLAG in flags, contact_consent=contact_consent,
                contact_name=contact_name, contact_phone=contact_phone,
                contact_given_at=now if contact_consent else None, source_hash=source_hash,
                submission_key=submission_key or None, created_at=now)
    except IntegrityError:
        # The same form sent twice at once: the other request saved it first.
        sent = _sent_before(organization, submission_key) if submission_key else None
        if sent is None:
            raise
        return sent
    with _address_withheld():
        record("portal.self_assessment.submitted", organization=organization,
               target=assessment, data={"instrument": definition.code,
                                        "version": definition.version,
                                        "contact_consent": contact_consent})
        _alert_if_needed(assessment, now=now)
    return assessment


def _sent_before(organization, submission_key: str) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(organization=organization,
                                         submission_key=submission_key).first()


@transaction.atomic
def do_add_contact(assessment: SelfAssessment, *, contact_name: str, contact_phone: str,
                   now: datetime.datetime | None = None) -> SelfAssessment:
    """The person asks to be contacted after seeing the result. The first consent stands: a
    second one changes nothing."""
    now = now or timezone.now()
    assessment = SelfAssessment.objects.select_for_update().select_related(
        "organization").get(pk=assessment.pk)
    if assessment.contact_consent:
        return assessment
    _check_contact(contact_name, contact_phone)
    assessment.contact_consent = True
    assessment.contact_name = contact_name
    assessment.contact_phone = contact_phone
    assessment.contact_given_at = now
    assessment.save(update_fields=["contact_consent", "contact_name", "contact_phone",
                                   "contact_given_at"])
    with _address_withheld():
        record("portal.self_assessment.contact_given", organization=assessment.organization,
               target=assessment)
        _alert_if_needed(assessment, now=now)
    return assessment


def record_staff_view(assessment: SelfAssessment, *, acting_user) -> None:
    """A staff member opened one self-assessment (its answers, and contact details if any)."""
    record("portal.self_assessment.viewed", actor=acting_user,
           organization=assessment.organization, target=assessment,
           data={"contact_shown": assessment.contact_consent})
