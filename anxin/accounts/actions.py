"""State changes of accounts. Each writes its audit event in its transaction."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F

from anxin.audit.actions import record

from .models import ApiToken, User

DEFAULT_API_TOKEN_LIFETIME = datetime.timedelta(days=90)
RECOVERY_CODE_COUNT = 10


def api_token_lifetime() -> datetime.timedelta:
    return settings.REST_KNOX.get("TOKEN_TTL") or DEFAULT_API_TOKEN_LIFETIME


@transaction.atomic
def do_issue_api_token(user: User, *, name: str, acting_user: User | None = None,
                       lifetime: datetime.timedelta | None = None) -> tuple[ApiToken, str]:
    """A new named API token for the user; returns the row and the key, which exists only here.

    Only a digest of the key is stored (django-rest-knox), so it cannot be shown again: lose it
    and issue another. The key never enters the trail. Without `acting_user` (the command line)
    the event is attributed to the token's owner, so it lands in their organisation's trail.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name saying what it is for.")})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("The name is too long.")})
    if not user.is_active:
        raise ValidationError({"user": _("The user “%(username)s” is inactive.") % {
            "username": user.get_username()}})
    lifetime = lifetime or api_token_lifetime()
    token, key = ApiToken.objects.create(user=user, expiry=lifetime, name=name)
    record("api_token.issued", actor=acting_user or user, target=user,
           data={"user": user.get_username(), "name": name, "token_key": token.token_key,
                 "expires": token.expiry.isoformat()})
    return token, key


@transaction.atomic
def do_change_own_password(user: User, *, old_password: str, new_password: str) -> User:
    """The signed-in user chooses a new password (at the latest at their first sign-in after an
    admin set a temporary one). Validated by the same validators as everywhere."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("Your current password is wrong.")})
    if new_password == old_password:
        raise ValidationError({"new_password1": _("Choose a password other than the current one.")})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from exc
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record("auth.password_changed", actor=user, target=user)
    return user


@transaction.atomic
def do_sign_out_everywhere(user: User) -> User:
    """End every session of the user, this one included, by raising the epoch their session
    hash is made of (User._get_session_auth_hash)."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    record("auth.signed_out_everywhere", actor=user, target=user)
    return user


def do_enrol_totp(user: User, *, key: str, code: str):
    """Confirm an authenticator app: the first code must match the secret the user was shown.

    Replaces any earlier authenticator and recovery codes of the user, so an enrolment is one
    device and one fresh set of codes, never a mix. Returns (the TOTP device, the recovery
    codes in plain text, to be shown once).
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from . import second_factor

    if not second_factor.code_matches_key(key, code):
        # Its own transaction: the refusal below must not take the record with it.
        with transaction.atomic():
            record("auth.second_factor_failed", actor=user, target=user,
                   data={"stage": "enrolment"})
        raise ValidationError({"code": _("This code does not match. Check the time on your "
                                         "phone and enter the code the app shows now.")})
    with transaction.atomic():
        return _replace_devices(user, key=key, code=code)


def _replace_devices(user: User, *, key: str, code: str):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from . import second_factor

    User.objects.select_for_update().filter(pk=user.pk).first()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="authenticator", key=key,
                                       confirmed=True)
    # The enrolling code is spent: it may not sign in a second time (RFC 6238 §5.2).
    device.verify_token(second_factor.normalise_code(code))
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    record("auth.totp_enrolled", actor=user, target=user,
           data={"recovery_codes": len(codes)})
    return device, codes


@transaction.atomic
def do_verify_second_factor(user: User, *, code: str):
    """Check a sign-in code: the authenticator's six digits, or a recovery code, spent once.

    Returns the device that accepted it, or None; a failure and every recovery-code use are on
    the record. django-otp throttles each device after failures (growing delays).
    """
    from . import second_factor

    code = second_factor.normalise_code(code)
    device = None
    for candidate in second_factor.devices_for_code(user, code):
        if candidate.verify_token(code):
            device = candidate
            break
    if device is None:
        record("auth.second_factor_failed", actor=user, target=user, data={"stage": "sign_in"})
    elif second_factor.is_recovery_device(device):
        record("auth.recovery_code_used", actor=user, target=user,
               data={"remaining": device.token_set.count()})
    return device
