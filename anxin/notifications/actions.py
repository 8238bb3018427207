"""Sending notifications. Callers are actions already inside their transaction; the e-mail copy
goes after commit, so a rolled-back alert never reaches anybody's inbox."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)


def notify(recipients, *, organization, kind: str, title: str, body: str = "", url: str = "",
           urgent: bool = False) -> list[Notification]:
    """One notification per distinct recipient (None entries are skipped)."""
    unique = {u.pk: u for u in recipients if u is not None}
    made = Notification.objects.bulk_create(
        Notification(organization=organization, recipient=user, kind=kind, urgent=urgent,
                     title=title, body=body, url=url)
        for user in unique.values()
    )
    if settings.ANXIN_NOTIFY_BY_EMAIL:
        for note, user in zip(made, unique.values(), strict=True):
            if user.email:
                transaction.on_commit(lambda n=note, a=user.email: _email(n, a))
    return made


def _email(note: Notification, address: str) -> None:
    link = f"{settings.ANXIN_SITE_URL.rstrip('/')}{note.url}" if note.url else ""
    try:
        send_mail(f"[安心 Anxin] {note.title}", "\n\n".join(filter(None, [note.body, link])),
                  None, [address])
    except OSError:  # a mail server down must not hide the in-app alert; it is logged
        log.exception("notification %s: e-mail to recipient failed", note.pk)
        return
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def mark_read(user, ids=None) -> int:
    """Mark the user's own notifications read (all unread ones when `ids` is None)."""
    rows = Notification.objects.visible_to(user).unread()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
