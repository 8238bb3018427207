"""State changes of accounts. Each writes its audit event in its transaction."""

from django.db import transaction
from rest_framework.authtoken.models import Token

from anxin.audit.actions import record

from .models import User


@transaction.atomic
def do_issue_api_token(user: User, *, acting_user: User | None = None) -> Token:
    """The user's API token, created on first issue and handed out again afterwards.

    Every issue is audited, a reissue too: each is a moment the key left the server. The key
    itself never enters the trail. Without `acting_user` (the command line) the event is
    attributed to the token's owner, so it lands in their organisation's trail.
    """
    token, created = Token.objects.get_or_create(user=user)
    record("api_token.issued", actor=acting_user or user, target=user,
           data={"created": created, "user": user.get_username()})
    return token


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
