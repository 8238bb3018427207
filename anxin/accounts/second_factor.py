"""TOTP second factor (RFC 6238) through django-otp: secrets, the enrolment QR code, and which
of a user's devices a typed code is for."""

import time
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

# Session keys. The pending sign-in holds who typed a right password and waits for the code;
# the password mark says this session was opened by the password sign-in, which is what the
# requirement of a second factor applies to (a test's force_login is not).
PENDING_SESSION_KEY = "anxin_second_factor_pending"
PASSWORD_SIGN_IN_SESSION_KEY = "anxin_password_sign_in"
ENROL_SECRET_SESSION_KEY = "anxin_totp_enrol_key"
RECOVERY_CODES_SESSION_KEY = "anxin_recovery_codes_to_show"
# How long the code may take after the password, and how many wrong codes end the attempt.
PENDING_SECONDS = 5 * 60
PENDING_MAX_FAILURES = 5


def new_key() -> str:
    """A fresh 160-bit secret, hex as django-otp stores it (RFC 4226 §4 asks for 128 at least)."""
    return default_key()


def base32_secret(key: str) -> str:
    """The secret as authenticator apps take it for manual entry, in groups of four."""
    text = b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def otpauth_uri(user, key: str) -> str:
    """The key URI format authenticator apps read from the QR code."""
    issuer = getattr(settings, "OTP_TOTP_ISSUER", "Anxin").replace(":", "")
    label = f"{issuer}:{user.get_username()}"
    params = urlencode({"secret": b32encode(unhexlify(key)).decode().rstrip("="),
                        "algorithm": "SHA1", "digits": 6, "period": 30})
    return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG (segno): no image request, and nothing the CSP forbids."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, title="QR")


def normalise_code(code: str) -> str:
    """What people type: spaces and dashes between groups, any case."""
    return "".join(ch for ch in (code or "") if ch not in " -\u00a0").lower()


def code_matches_key(key: str, code: str) -> bool:
    code = normalise_code(code)
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = TOTP(unhexlify(key), step=30, digits=6)
    totp.time = time.time()
    # One step either side: a phone clock a little off still enrols.
    return totp.verify(int(code), tolerance=1)


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def devices_for_code(user, code: str) -> list:
    """Six digits are for the authenticator; anything else can only be a recovery code."""
    if code.isdigit() and len(code) == 6:
        return list(TOTPDevice.objects.filter(user=user, confirmed=True))
    return list(StaticDevice.objects.filter(user=user, confirmed=True))


def is_recovery_device(device) -> bool:
    return isinstance(device, StaticDevice)


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0


def required_for(user) -> bool:
    """Whether this user must sign in with a second factor: a role that sees more than their own
    cases, or anyone who may open the Django admin."""
    if not user.is_authenticated or not settings.ANXIN_REQUIRE_TOTP_ROLES:
        return False
    return user.is_staff or user.role in settings.ANXIN_REQUIRE_TOTP_ROLES
