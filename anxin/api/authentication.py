"""API token authentication: hashed, named, expiring keys (django-rest-knox), refused while
the owner's account is locked after failed sign-ins, as the sign-in page refuses it."""

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

from anxin.accounts.lockout import is_locked_out


class TokenAuthentication(KnoxTokenAuthentication):
    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        # Someone guessing the password has locked the account: whoever holds a key is not
        # let in either until the cool-off ends or an admin unlocks it (staff.do_unlock_member).
        if is_locked_out(user.get_username()):
            raise exceptions.AuthenticationFailed(
                _("This account is locked after failed sign-ins."))
        return user, token
