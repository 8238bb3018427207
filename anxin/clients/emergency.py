"""Break-the-glass (破窗访问): in an emergency, opening a client of one's own organisation that
lies outside one's own work, for a fixed time, with a stated reason, on the record and reviewed.

Who may open: the roles holding CLIENT_EMERGENCY_ACCESS (supervisors), and anyone an app above
clients vouches for through `register_opener` (safety names the organisation's duty worker),
so clients need not import those apps. Roles that see the whole organisation never need it.

Each opening appends its audit event and notifies the organisation's admins in the same
transaction; the admins review every opening (HIPAA §164.312(a)(2)(ii) "emergency access
procedure"; §164.308(a)(1)(ii)(D) "information system activity review").
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CLIENT_EMERGENCY_ACCESS, CLIENT_EMERGENCY_REVIEW
from anxin.accounts.choices import Role
from anxin.audit.actions import record
from anxin.core.exceptions import NotPermitted
from anxin.notifications.actions import close_notifications, notify

from .models import Client, EmergencyAccess

# Long enough to deal with a crisis, short enough that the file closes again by itself.
DURATION = datetime.timedelta(hours=3)
REASON_MIN_LENGTH = 10
OPENED_NOTICE = "clients.emergency_access.opened"

_openers: list[Callable[[object], bool]] = []


def register_opener(predicate: Callable[[object], bool]) -> None:
    """Let an app above clients name further people who may break the glass."""
    if predicate not in _openers:
        _openers.append(predicate)


def may_break_glass(user) -> bool:
    if not user.is_authenticated or user.role is None or user.organization is None:
        return False
    return user.can(CLIENT_EMERGENCY_ACCESS) or any(opener(user) for opener in _openers)


def active_access(user, client: Client) -> EmergencyAccess | None:
    """The user's running opening of this client, if any (the banner on the file)."""
    if not user.is_authenticated:
        return None
    return (EmergencyAccess.objects.filter(user=user, client=client).active()
            .order_by("-expires_at").first())


def _org_admins(organization):
    from anxin.accounts.models import User

    return list(User.objects.filter(_membership__organization=organization,
                                    _membership__role=Role.ORG_ADMIN,
                                    _membership__is_active=True))


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError({"reason": ValidationError(
            _("Reason: say why this file must be opened now (at least %(min)d characters)."),
            code="reason_required", params={"min": REASON_MIN_LENGTH})})
    return reason


@transaction.atomic
def do_open_emergency_access(*, acting_user, file_number: str, reason: str,
                             now: datetime.datetime | None = None) -> EmergencyAccess | None:
    """Open the client with `file_number` in the user's organisation for DURATION.

    Only the user's own organisation is searched, so a wrong number tells nothing about other
    organisations. A client the user already sees needs no opening: None is returned.
    """
    if not may_break_glass(acting_user):
        raise NotPermitted
    reason = clean_reason(reason)
    organization = acting_user.organization
    client = Client.objects.filter(organization=organization,
                                   file_number=(file_number or "").strip().upper()).first()
    if client is None:
        raise ValidationError({"file_number": ValidationError(
            _("File number: no client of your organisation has this number."),
            code="unknown_file_number")})
    if Client.objects.visible_to(acting_user).filter(pk=client.pk).exists():
        return None
    now = now or timezone.now()
    opening = EmergencyAccess.objects.create(
        organization=organization, user=acting_user, client=client, reason=reason,
        opened_at=now, expires_at=now + DURATION)
    record("client.emergency_access_opened", actor=acting_user, target=opening, client=client,
           reason=reason, data={"expires_at": opening.expires_at.isoformat()})
    notify(_org_admins(organization), organization=organization, kind=OPENED_NOTICE,
           message=OPENED_NOTICE, params={"file_number": client.file_number,
                                          "user": str(acting_user)},
           url=reverse("clients:emergency_list"), subject=opening)
    return opening


@transaction.atomic
def do_review_emergency_access(opening: EmergencyAccess, *, acting_user) -> EmergencyAccess:
    """An admin has looked at the opening and its reason: it leaves the to-review list."""
    if (not acting_user.can(CLIENT_EMERGENCY_REVIEW)
            or acting_user.organization != opening.organization):
        raise NotPermitted
    opening = EmergencyAccess.objects.select_for_update().get(pk=opening.pk)
    if opening.reviewed_at is not None:
        return opening
    opening.reviewed_by = acting_user
    opening.reviewed_at = timezone.now()
    opening.save(update_fields=["reviewed_by", "reviewed_at"])
    record("client.emergency_access_reviewed", actor=acting_user, target=opening,
           client=opening.client)
    # Reviewed by one admin is reviewed: the other admins' notices about it close too.
    close_notifications(opening, kinds=[OPENED_NOTICE])
    return opening
