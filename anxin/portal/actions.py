"""Saving a public self-assessment, adding contact details to it afterwards, and staff reads.

The public has no account: audit events carry no actor, and no client address either (the
request context's IP is withheld while these actions write), so the trail says what happened
without saying who or from where. An alert goes to the duty worker only when the person asked to
be contacted (PSY-measure-2, PSY-measure-7): without consent nobody can act on it, and nothing
identifying is kept. A shown form can be sent once, and past the organisation's hourly limit
alerts are held back for review instead of raised (ADR 0014).
"""

import contextlib
import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from anxin.audit.actions import record
from anxin.core import request_context
from anxin.core.exceptions import NotPermitted
from anxin.instruments.registry import latest
from anxin.instruments.scoring import score
from anxin.safety.actions import raise_alert_within_limit
from anxin.safety.selectors import settings_for

from .constants import (
    FORM_MAX_AGE_SECONDS,
    MAIN_SCALE,
    PUBLIC_INSTRUMENTS,
    SELF_HARM_FLAG,
    SELF_HARM_ITEM,
    USED_TOKEN_PURGE_SLACK_SECONDS,
)
from .guard import token_hash
from .models import SelfAssessment, UsedFormToken
from .texts import SHORT_NAMES
from .validators import MOBILE, MOBILE_ERROR

RULE_SELF_HARM = "self_assessment_self_harm"
RULE_CONTACT = "self_assessment_contact"
RULE_SEVERE = "self_assessment_severe"
DETAIL_CODE = "self_assessment"  # the alert detail renderer, `alert_detail`


class AlreadySent(Exception):
    """The shown form was sent before: its start token is used. `assessment` is what the first
    sending saved (None once purged)."""

    def __init__(self, assessment: SelfAssessment | None):
        self.assessment = assessment
        super().__init__("form already sent")


def held_back_review_url() -> str:
    """Where the duty worker reviews the self-assessments held back past the alert limit."""
    return reverse("portal:staff_list") + "?held=1"


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
    alert = raise_alert_within_limit(
        rule, organization=assessment.organization, source=assessment,
        review_url=held_back_review_url(), detail_code=DETAIL_CODE,
        detail_params=_detail_params(assessment), now=now)
    if alert is None and not assessment.alert_held_back:
        # Past the hourly limit: kept, flagged, and first in the duty worker's review.
        assessment.alert_held_back = True
        assessment.save(update_fields=["alert_held_back"])
    return alert


@transaction.atomic
def do_submit_self_assessment(organization, *, instrument: str, answers: dict,
                              contact_consent: bool = False, contact_name: str = "",
                              contact_phone: str = "", source_hash: str = "",
                              form_token: str = "",
                              now: datetime.datetime | None = None) -> SelfAssessment:
    """Score the answers with the latest definition and keep them, with contact details only if
    the person ticked "contact me". Refuses incomplete or invalid answers (`ScoringError`, keyed
    by item code) and saves nothing then. The shown form's `form_token` is used up: sent again
    (a double tap, a replayed post, with the same answers or others) it raises `AlreadySent`
    and saves and alerts nothing more."""
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
    used = token_hash(form_token) if form_token else ""
    if used and (earlier := _token_used(organization, used)) is not None:
        raise AlreadySent(earlier.self_assessment)
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
                created_at=now)
            if used:
                # The unique constraint, not the look-up above, is what stops two posts of one
                # token at once: the second insert waits for the first and then fails.
                UsedFormToken.objects.create(organization=organization, token_hash=used,
                                             self_assessment=assessment, used_at=now)
    except IntegrityError:
        earlier = _token_used(organization, used) if used else None
        if earlier is None:
            raise
        raise AlreadySent(earlier.self_assessment) from None
    with _address_withheld():
        _alert_if_needed(assessment, now=now)
        record("portal.self_assessment.submitted", organization=organization,
               target=assessment, data={"instrument": definition.code,
                                        "version": definition.version,
                                        "contact_consent": contact_consent,
                                        "alert_held_back": assessment.alert_held_back})
    return assessment


def _token_used(organization, used: str) -> UsedFormToken | None:
    return (UsedFormToken.objects.select_related("self_assessment")
            .filter(organization=organization, token_hash=used).first())


def purge_used_form_tokens(now: datetime.datetime | None = None) -> int:
    """Forget the used start tokens older than a token's maximum age: the signature refuses
    them by then. Runs with the periodic checks (`manage.py safety_checks`), in batches (once
    the oldest is an hour past due), so it writes one audit event an hour at most."""
    now = now or timezone.now()
    expired = now - datetime.timedelta(seconds=FORM_MAX_AGE_SECONDS)
    oldest = UsedFormToken.objects.order_by("used_at").values_list("used_at", flat=True).first()
    if oldest is None or oldest > expired - datetime.timedelta(
            seconds=USED_TOKEN_PURGE_SLACK_SECONDS):
        return 0
    with transaction.atomic():
        deleted, _by_model = UsedFormToken.objects.filter(used_at__lt=expired).delete()
        if deleted:
            record("portal.used_form_tokens.purged",
                   data={"deleted": deleted, "used_before": expired.isoformat()})
    return deleted


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
        _alert_if_needed(assessment, now=now)
        record("portal.self_assessment.contact_given", organization=assessment.organization,
               target=assessment, data={"alert_held_back": assessment.alert_held_back})
    return assessment


def record_staff_view(assessment: SelfAssessment, *, acting_user) -> None:
    """A staff member opened one self-assessment (its answers, and contact details if any)."""
    record("portal.self_assessment.viewed", actor=acting_user,
           organization=assessment.organization, target=assessment,
           data={"contact_shown": assessment.contact_consent})
