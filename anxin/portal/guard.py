"""Abuse control for the public form: a burst limit per client address, a daily cap per hashed
address, a honeypot field, and a signed, single-use token of when the form was shown (its use
is recorded by the submitting action, `UsedFormToken`).

None of it needs JavaScript or a puzzle: the people this page is for may be on an old phone and
in distress. A refused submission saves nothing and says why (texts.py).
"""

import datetime
import enum
import logging
import secrets

from django.core import signing
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from anxin.core.crypto import blind_index

from .constants import (
    DAILY_CAP_PER_SOURCE,
    FORM_MAX_AGE_SECONDS,
    FORM_SALT,
    MIN_FILL_SECONDS,
    RATELIMIT_GROUP,
    SOURCE_PURPOSE,
    SUBMIT_RATE,
    USED_TOKEN_PURPOSE,
)

log = logging.getLogger(__name__)


class Refusal(enum.Enum):
    RATE_LIMITED = "rate_limited"
    HONEYPOT = "honeypot"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"
    TAMPERED = "tampered"


class Refused(Exception):
    def __init__(self, reason: Refusal):
        self.reason = reason
        super().__init__(reason.value)


def source_hash(request, now: datetime.datetime | None = None) -> str:
    """A keyed hash of the client address and the local day: counts one address's submissions
    today without keeping the address, and links nothing across days."""
    address = request.META.get("REMOTE_ADDR") or ""
    if not address:
        return ""
    day = timezone.localdate(now or timezone.now())
    return blind_index(f"{day.isoformat()}|{address}", purpose=SOURCE_PURPOSE)


def token_hash(token: str) -> str:
    """How a used start token is recorded: a keyed hash, so the table holds nothing to replay."""
    return blind_index(token, purpose=USED_TOKEN_PURPOSE)


def issue_form_token(org_code: str, instrument: str, *, at: datetime.datetime | None = None):
    """The signed moment the questionnaire was shown, bound to its organisation and form. The
    nonce makes every shown form's token its own, so it can be sent once (ADR 0014)."""
    shown = (at or timezone.now()).timestamp()
    return signing.dumps({"o": org_code, "i": instrument, "t": shown,
                          "n": secrets.token_urlsafe(12)}, salt=FORM_SALT)


def check_form_token(token: str, org_code: str, instrument: str,
                     now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    try:
        data = signing.loads(token or "", salt=FORM_SALT, max_age=FORM_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise Refused(Refusal.EXPIRED) from None
    except signing.BadSignature:
        raise Refused(Refusal.TAMPERED) from None
    if data.get("o") != org_code or data.get("i") != instrument:
        raise Refused(Refusal.TAMPERED)
    if now.timestamp() - float(data.get("t", 0)) < MIN_FILL_SECONDS:
        raise Refused(Refusal.TOO_FAST)


def check_submission(request, *, honeypot: str, token: str, org_code: str, instrument: str,
                     source: str, now: datetime.datetime | None = None) -> None:
    """Raise `Refused` for a submission that looks automated or comes too often."""
    from .models import SelfAssessment

    if _over_burst_limit(request):
        raise Refused(Refusal.RATE_LIMITED)
    # The hash includes the day: counting it counts today's submissions from this address.
    if source and SelfAssessment.objects.filter(source_hash=source).count() >= \
            DAILY_CAP_PER_SOURCE:
        raise Refused(Refusal.RATE_LIMITED)
    if honeypot.strip():
        raise Refused(Refusal.HONEYPOT)
    check_form_token(token, org_code, instrument, now)


def count_contact_attempt(request) -> None:
    """Adding contact details after the result counts against the same burst limit."""
    if _over_burst_limit(request):
        raise Refused(Refusal.RATE_LIMITED)


def _over_burst_limit(request) -> bool:
    """Count this POST against its address. With the cache down the page stays open (the daily
    cap in the database still holds): it may be someone's way to crisis help."""
    try:
        return is_ratelimited(request, group=RATELIMIT_GROUP, key="ip", rate=SUBMIT_RATE,
                              method="POST", increment=True)
    except Exception:  # any cache backend's connection error
        log.exception("self-assessment rate limit not counted: the cache failed")
        return False
