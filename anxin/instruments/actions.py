"""State changes of instruments: recording a response, issuing a client link and filling it in.

Every page, the API and the client link call these; nothing else writes a response. A response
is scored on the server with the latest definition and keeps that definition's version, its
totals, bands and flags as computed: a later version of the definition never rewrites it.
"""

import datetime
import hashlib
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import INSTRUMENT_ADMINISTER
from anxin.audit.actions import record
from anxin.cases.models import Assessment, Case, Evaluation
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted

from . import registry
from .models import AttachTo, ClientLink, InstrumentResponse, Via
from .scoring import ScoringError, clean, score
from .signals import response_recorded

LINK_LIFETIME = datetime.timedelta(days=7)
CLIENT_ACTOR = "client"  # the audit trail's name for a client filling in a link


class LinkUnavailable(Exception):
    """The link is unknown, used or expired: the page says so and nothing is saved."""

    def __init__(self, reason: str):
        self.reason = reason  # "unknown", "used" or "expired"
        super().__init__(reason)


# --- Checks -------------------------------------------------------------------------------------

def require_administer(user, client: Client, case: Case | None) -> None:
    """The capability, the organisation, the client among those the user sees and, given a
    case, the client's case among those the user sees."""
    if not user.can(INSTRUMENT_ADMINISTER):
        raise NotPermitted
    if getattr(user.organization, "pk", None) != client.organization_id:
        raise NotPermitted
    if not Client.objects.visible_to(user).filter(pk=client.pk).exists():
        raise NotPermitted
    if case is not None and case.client_id != client.pk:
        raise NotPermitted
    if case is not None and not Case.objects.visible_to(user).filter(pk=case.pk).exists():
        raise NotPermitted


def _still_served(case: Case | None, errors: dict) -> None:
    """A case that ended (not accepted, referred away, service ended) takes no new results; a
    closed one still does, for its follow-up visits (CMH-6.6)."""
    if case is not None and case.is_terminal:
        errors["case"] = _("The case is %(stage)s: instruments can no longer be given in it.") % {
            "stage": case.get_stage_display()}


def _definition(code: str, errors: dict):
    try:
        return registry.latest(code)
    except registry.UnknownInstrument:
        errors["instrument"] = _("Unknown instrument.")
        return None


def _self_report(definition, errors: dict) -> None:
    """Only a questionnaire the person answers themselves goes to them: a rating the worker
    makes (the risk level, the follow-up classification, BMI) filled in by the client would be
    recorded as the worker's judgement."""
    if definition is not None and not definition.self_report:
        errors["instrument"] = _("%(instrument)s is rated by the worker: it cannot be sent to "
                                 "the client to fill in.") % {"instrument": definition.name}


def _attachment(case: Case | None, attach_to: str | None, errors: dict):
    """The current episode's assessment (form C) or evaluation (form F) the response joins."""
    if not attach_to:
        return None
    if attach_to not in AttachTo.values:
        errors["attach_to"] = _("Choose the assessment or the evaluation.")
        return None
    if case is None:
        errors["attach_to"] = _("Only a response given in a case can join its forms.")
        return None
    model = Assessment if attach_to == AttachTo.ASSESSMENT else Evaluation
    document = model.objects.filter(case=case, episode=case.episode).first()
    if document is None:
        errors["attach_to"] = (
            _("This case has no assessment (form C) in its current episode yet.")
            if attach_to == AttachTo.ASSESSMENT
            else _("This case has no evaluation (form F) in its current episode yet."))
    return document


def _stored(value: Any) -> Any:
    """JSON for a number: ints stay ints, Decimals become exact strings."""
    return str(value) if isinstance(value, Decimal) else value


# --- Recording a response -----------------------------------------------------------------------

@transaction.atomic
def do_record_response(
    client: Client,
    *,
    instrument_code: str,
    answers: dict[str, Any],
    acting_user,
    case: Case | None = None,
    attach_to: str | None = None,
    administered_on: datetime.date | None = None,
    via: str = Via.WORKER,
) -> InstrumentResponse:
    """Score `answers` with the latest definition and keep them with what they scored.

    Refused answers (missing, unknown, out of range) raise a ValidationError keyed by item
    code, as does a missing form to attach to, and nothing is saved. `acting_user` is the
    worker who gives the instrument, or who issued the link a client fills in (via
    CLIENT_LINK: the trail then names the client as actor, and the worker as recorded_by).
    """
    require_administer(acting_user, client, case)
    errors: dict = {}
    _still_served(case, errors)
    definition = _definition(instrument_code, errors)
    document = _attachment(case, attach_to, errors)
    administered_on = administered_on or timezone.localdate()
    if administered_on > timezone.localdate():
        errors["administered_on"] = _("This date cannot be in the future.")
    if via not in Via.values:
        errors["via"] = _("Unknown way of filling in.")
    elif via == Via.CLIENT_LINK:
        _self_report(definition, errors)
    values = {}
    if definition is not None:
        try:
            values = clean(definition, answers)
        except ScoringError as exc:
            if not errors:
                raise
            errors.update({code: messages[0] for code, messages in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    result = score(definition, values)
    response = InstrumentResponse.objects.create(
        organization=client.organization, client=client, case=case,
        assessment=document if attach_to == AttachTo.ASSESSMENT else None,
        evaluation=document if attach_to == AttachTo.EVALUATION else None,
        instrument=definition.code, version=definition.version,
        answers={code: _stored(v) for code, v in values.items() if v is not None},
        totals={code: _stored(v) for code, v in result.totals.items()},
        bands={code: band.code if band else None for code, band in result.bands.items()},
        flags=[flag.code for flag in result.flags],
        administered_on=administered_on, via=via, recorded_by=acting_user,
    )
    by_client = via == Via.CLIENT_LINK
    record("instrument.response.recorded", actor=None if by_client else acting_user,
           actor_label=CLIENT_ACTOR if by_client else "", organization=client.organization,
           target=response, client=client,
           data={"instrument": response.instrument, "version": response.version,
                 "case": getattr(case, "pk", None), "via": via, "attach_to": attach_to or "",
                 "recorded_by": acting_user.pk, "flags": response.flags})
    # Inside the transaction: a crisis alert raised by a listener (safety) commits with the
    # response or not at all.
    response_recorded.send(sender=InstrumentResponse, response=response,
                           acting_user=None if by_client else acting_user)
    return response


# --- Client links -------------------------------------------------------------------------------

def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_issue_client_link(case: Case, *, instrument_code: str, acting_user,
                         attach_to: str | None = None) -> tuple[ClientLink, str]:
    """A single-use link for the case's client to fill in one self-report instrument, valid 7
    days. Returns the link and its token; only the token's hash is kept, so show it now."""
    require_administer(acting_user, case.client, case)
    errors: dict = {}
    _still_served(case, errors)
    definition = _definition(instrument_code, errors)
    _self_report(definition, errors)
    _attachment(case, attach_to, errors)
    if errors:
        raise ValidationError(errors)
    token = secrets.token_urlsafe(32)
    link = ClientLink.objects.create(
        organization=case.organization, client=case.client, case=case,
        instrument=definition.code, attach_to=attach_to or "", token_hash=hash_token(token),
        expires_at=timezone.now() + LINK_LIFETIME, created_by=acting_user)
    record("instrument.link.issued", actor=acting_user, target=link, client=case.client,
           data={"case": case.pk, "instrument": link.instrument,
                 "expires_at": link.expires_at.isoformat()})
    return link, token


def open_link(token: str) -> ClientLink:
    """The link a token opens, if it can still be filled in; LinkUnavailable otherwise."""
    link = (ClientLink.objects.select_related("organization", "case")
            .filter(token_hash=hash_token(token or "")).first())
    _check_open(link)
    return link


def _check_open(link: ClientLink | None) -> None:
    if link is None:
        raise LinkUnavailable("unknown")
    if link.is_used:
        raise LinkUnavailable("used")
    if link.is_expired:
        raise LinkUnavailable("expired")
    if link.case.is_terminal:  # referred away or service ended since the link was issued
        raise LinkUnavailable("withdrawn")


@transaction.atomic
def do_fill_client_link(token: str, *, answers: dict[str, Any]) -> InstrumentResponse:
    """The client's answers through a link: recorded in the link's case as the issuing worker's
    response filled in by the client, and the link is used up, in one transaction. Refused
    answers leave the link open to try again."""
    link = (ClientLink.objects.select_for_update()
            .filter(token_hash=hash_token(token or "")).first())
    _check_open(link)
    link = (ClientLink.objects.select_related("client", "case__organization", "created_by")
            .get(pk=link.pk))
    try:
        response = do_record_response(
            link.client, instrument_code=link.instrument, answers=answers,
            acting_user=link.created_by, case=link.case, attach_to=link.attach_to or None,
            via=Via.CLIENT_LINK)
    except NotPermitted:
        # The issuing worker no longer works on this case: the link died with their access.
        raise LinkUnavailable("withdrawn") from None
    link.used_at = timezone.now()
    link.response = response
    link.save(update_fields=["used_at", "response"])
    record("instrument.link.used", actor=None, actor_label=CLIENT_ACTOR,
           organization=link.case.organization, target=link,
           client=link.client, data={"case": link.case_id, "response": response.pk})
    return response


def record_response_view(response: InstrumentResponse, *, acting_user,
                         channel: str = "web") -> None:
    """Reading a client's scale results is reading their file (CMH-4.2, MSW-A.6)."""
    record("instrument.response.viewed", actor=acting_user, target=response,
           client=response.client, data={"instrument": response.instrument,
                                         "channel": channel})
