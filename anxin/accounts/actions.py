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
