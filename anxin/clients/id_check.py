"""The ID-number check as the number is typed on the registration form (search before create,
CMH-8.3): its rate limit and its audit trail.

The check looks across the whole organisation, since one person has one file there, so it
touches files the user may not open. What it says of such a file is only that it exists and
whom to ask (views._offer); that a colleague's client could be found by trying numbers is why
each lookup is on the record and a user may make only so many. The audit event keeps the
blind index of the number (core.crypto), never the number itself. Saving refuses a duplicate
whatever this check said (actions.do_register_client).
"""

import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from anxin.audit.actions import record

log = logging.getLogger(__name__)

# Lookups per user: registering a client takes one or two; 300 in 15 seconds is a search.
ID_CHECK_RATE = "20/5m"
RATELIMIT_GROUP = "clients.id_number_check"


def over_limit(request) -> bool:
    """Count one lookup against the user. With the cache down no lookup is made: the check is
    a convenience, and saving still refuses a duplicate."""
    try:
        return is_ratelimited(request, group=RATELIMIT_GROUP, key="user", rate=ID_CHECK_RATE,
                              increment=True)
    except Exception:  # any cache backend's connection error
        log.exception("ID number check refused: the rate-limit cache failed")
        return True


def record_id_number_check(*, acting_user, index: str, found) -> None:
    """One lookup, on the record: who, the number's blind index, and the file it hit (if any)."""
    record("clients.id_number_checked", actor=acting_user, target=found, client=found,
           data={"id_number_index": index, "found": found is not None})


# --- What a refusal may say of files the user cannot open ----------------------------------


def openable(user, clients) -> set[int]:
    """The pks among `clients` whose files `user` may open."""
    from .models import Client

    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Client.objects.visible_to(user).filter(pk__in=[c.pk for c in clients])
               .values_list("pk", flat=True))


def duplicate_error(user, existing) -> ValidationError | None:
    """The refusal of a duplicate ID number for a user who may not open the existing file: it
    says whom to ask, not the file number (actions.DuplicateClient's own message names it).
    None when the user may open the file."""
    if openable(user, [existing]):
        return None
    return ValidationError({"id_number": ValidationError(
        _("This person is already registered in your organisation, in a file you cannot open. "
          "Ask %(by)s, who registered them, or your organisation's administrator."),
        code="duplicate_id_number", params={"by": str(existing.registered_by)})})


def possible_duplicate_error(user, candidates) -> ValidationError | None:
    """The same for clients with the same name and birth date: the files the user may open by
    number, the others by who registered them. None when the user may open them all."""
    mine = openable(user, candidates)
    if len(mine) == len(candidates):
        return None
    files = [c.file_number for c in candidates if c.pk in mine] + [
        str(_("a file of %(by)s") % {"by": str(c.registered_by)})
        for c in candidates if c.pk not in mine]
    return ValidationError({"name": ValidationError(
        _("A client with the same name and birth date exists: %(files)s. Check it is not "
          "the same person, then confirm."),
        code="possible_duplicate", params={"files": "、".join(files)})})
