"""Reads of organisation administration: only an organisation's own admins see its staff."""

from django.db.models import QuerySet

from anxin.accounts.capabilities import STAFF_MANAGE
from anxin.accounts.models import User
from anxin.core.access import access


def with_directory_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("_membership", "_membership__team").order_by(
        "-_membership__is_active", "_membership__role", "full_name", "username")


def access_member(user, member_id) -> User:
    """A 403 without the capability, a 404 for anyone outside the admin's organisation."""
    return access(user, with_directory_relations(User.objects.all()), member_id, STAFF_MANAGE)
