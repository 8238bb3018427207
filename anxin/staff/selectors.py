"""Reads of organisation administration: only an organisation's own admins see its staff."""

from django.db.models import QuerySet

from anxin.accounts.capabilities import STAFF_MANAGE
from anxin.accounts.models import User
from anxin.core.exceptions import NotPermitted, NotVisible


def members_visible_to(user) -> QuerySet:
    """Every member of the admin's organisation, active or not; nobody for anyone else."""
    if not user.is_authenticated or not user.can(STAFF_MANAGE):
        return User.objects.none()
    return User.objects.filter(_membership__organization_id=user.membership.organization_id)


def with_directory_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("_membership", "_membership__team").order_by(
        "-_membership__is_active", "_membership__role", "full_name", "username")


def access_member(user, member_id) -> User:
    """A 403 without the capability, a 404 for anyone outside the admin's organisation."""
    if not user.is_authenticated or not user.can(STAFF_MANAGE):
        raise NotPermitted
    member = with_directory_relations(members_visible_to(user)).filter(pk=member_id).first()
    if member is None:
        raise NotVisible
    return member
