"""Sending and closing notifications. Callers are actions already inside their transaction; the
e-mail copy goes after commit, so a rolled-back alert never reaches anybody's inbox."""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from . import messages
from .models import Notification

log = logging.getLogger(__name__)


def notify(recipients, *, organization, kind: str, message: str = "",
           params: Mapping[str, Any] | None = None, title: str = "", body: str = "",
           url: str = "", urgent: bool = False, subject=None) -> list[Notification]:
    """One notification per distinct recipient (None entries are skipped).

    Give a `message` code (see `messages`) with its `params`, so each reader gets it in their
    own language; `title`/`body` free text is kept as written, for senders without a code.
    `subject` is what it is about: `close_notifications(subject)` closes it once dealt with.
    """
    if message and messages.get(message) is None:
        raise ValueError(f"unknown notification message {message!r}")
    if not message and not title:
        raise ValueError("a notification needs a message code or a title")
    unique = {u.pk: u for u in recipients if u is not None}
    subject_type = ContentType.objects.get_for_model(subject) if subject is not None else None
    made = Notification.objects.bulk_create(
        Notification(organization=organization, recipient=user, kind=kind, urgent=urgent,
                     message=message, params=dict(params or {}), title=title, body=body,
                     url=url, subject_type=subject_type,
                     subject_id=getattr(subject, "pk", None))
        for user in unique.values()
    )
    if settings.ANXIN_NOTIFY_BY_EMAIL:
        for note, user in zip(made, unique.values(), strict=True):
            if user.email:
                transaction.on_commit(lambda n=note, a=user.email: _email(n, a))
    return made


def _email(note: Notification, address: str) -> None:
    link = f"{settings.ANXIN_SITE_URL.rstrip('/')}{note.url}" if note.url else ""
    # The organisation's language: the recipient's choice of language is per browser session.
    with translation.override(settings.LANGUAGE_CODE):
        subject, text = note.title_text, note.body_text
    try:
        send_mail(f"[安心 Anxin] {subject}", "\n\n".join(filter(None, [text, link])),
                  None, [address])
    except OSError:  # a mail server down must not hide the in-app alert; it is logged
        log.exception("notification %s: e-mail to recipient failed", note.pk)
        return
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def close_notifications(subject, *, kinds: Iterable[str] | None = None, recipients=None,
                        now=None) -> int:
    """Close the open notifications about `subject` (of the given kinds, to the given people):
    what they asked for is done, whoever did it. Closed is also read, so the bell stops
    counting them. Called by the action that deals with the subject, in its transaction."""
    now = now or timezone.now()
    rows = Notification.objects.about(subject).open()
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    if recipients is not None:
        rows = rows.filter(recipient__in=[u.pk for u in recipients if u is not None])
    return rows.update(closed_at=now, read_at=Coalesce("read_at", now))


def mark_read(user, ids=None) -> int:
    """Mark the user's own notifications read (all unread ones when `ids` is None)."""
    rows = Notification.objects.visible_to(user).unread()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())


def open_notification(user, note: Notification) -> Notification:
    """The recipient opens it: it is read, and one that only informs (an approval) is done."""
    now = timezone.now()
    rows = Notification.objects.visible_to(user).filter(pk=note.pk)
    rows.filter(read_at__isnull=True).update(read_at=now)
    if note.is_informational:
        rows.open().update(closed_at=now)
    return note
