"""Optimistic concurrency: a record counts its saves, and an edit says which save it read.

Two people may open the same client's file or the same plan. Without this, the second to save
silently replaced what the first had saved (a lost update). Now every edit carries the
`edit_version` it was read at; the action refuses a stale one with `EditConflict`, which names
each field that differs from what is saved now, and who saved it when. See ADR 0013.

The action locks the row and compares versions (`check_version`); `save_version` then writes
with `UPDATE … WHERE edit_version = <the version checked>`, so that even where no row lock is
held (SQLite) two saves of one version cannot both succeed.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _

# An edit of a record that did not exist yet when its form was opened reads version 0, so a
# second person "creating" the same one-per-episode form is refused too.
NOT_YET_SAVED = 0
_BASE_SALT = "anxin.core.concurrency.base"


class Versioned(models.Model):
    """The save counter and the last person who saved."""

    edit_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False,
                                   verbose_name=_("last saved by"))

    class Meta:
        abstract = True


@dataclass(frozen=True)
class FieldChange:
    """One field where the edit differs from what is saved now."""

    field: str
    yours: object
    saved: object


@dataclass(eq=False)
class EditConflict(Exception):
    """The record was saved by someone else after this edit read it; nothing was written."""

    instance: models.Model
    read_version: int
    current_version: int
    saved_by: object = None
    saved_at: datetime.datetime | None = None
    changes: list[FieldChange] = field(default_factory=list)

    def __post_init__(self):
        super().__init__(str(self.message))

    @property
    def message(self) -> str:
        if self.saved_by is None:
            return str(_("Someone else saved this after you opened it; nothing of yours was "
                         "saved. Review the changes and save again."))
        return str(_("%(name)s saved this after you opened it; nothing of yours was saved. "
                     "Review the changes and save again.") % {"name": self.saved_by})


def comparable(value):
    """A value as JSON would hold it, so a form's value, a stored one and a snapshot compare
    alike: a related row by its key, a date as ISO text, a set of choices in sorted order."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        items = [comparable(item) for item in value]
        # Lists of choices are sets: ticked in another order they are the same answer.
        return sorted(items) if all(isinstance(i, str) for i in items) else items
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, str):
        return value.strip()
    return value


def differs(a, b) -> bool:
    """Whether two values differ, treating empty text, None and an empty list as the same."""
    a, b = comparable(a), comparable(b)
    empty = (None, "", [])
    if a in empty and b in empty:
        return False
    return a != b


def check_version(current: Versioned | None, read_version: int | None, *,
                  submitted: dict, saved: dict | None = None, exact: bool = False) -> None:
    """Refuse an edit read at `read_version` when `current` (locked by the caller) has moved
    on. `None` skips the check: internal callers (demo data, commands) that read and write in
    one transaction. `current` None means nothing is saved yet.

    `submitted` holds the edit's values and `saved` the current ones under the same names
    (by default read from `current`), for the fields the edit writes. When none differs (both
    made the same change) the edit goes on, unless `exact`: a confirmation or signature vouches
    for the very version that was read."""
    if read_version is None:
        return
    version = current.edit_version if current is not None else NOT_YET_SAVED
    if version == read_version:
        return
    if saved is None:
        saved = {name: getattr(current, name, None) for name in submitted}
    changes = [FieldChange(name, value, saved.get(name)) for name, value in submitted.items()
               if differs(value, saved.get(name))]
    if not changes and not exact:
        return
    raise EditConflict(
        instance=current, read_version=read_version, current_version=version,
        saved_by=getattr(current, "updated_by", None),
        saved_at=getattr(current, "updated_at", None), changes=changes)


def save_version(instance: Versioned, *, acting_user, update_fields=None) -> None:
    """Save `instance` as its next version, written only if the row still holds the version
    the action checked; otherwise raise EditConflict and the action's transaction rolls back."""
    instance.updated_by = acting_user
    if instance.pk is None:
        instance.edit_version = 1
        instance.save()
        return
    read = instance.edit_version
    model = type(instance)
    claimed = model._default_manager.filter(pk=instance.pk, edit_version=read).update(
        edit_version=read + 1)
    if not claimed:
        current = model._default_manager.get(pk=instance.pk)
        raise EditConflict(instance=current, read_version=read,
                           current_version=current.edit_version,
                           saved_by=current.updated_by,
                           saved_at=getattr(current, "updated_at", None))
    instance.edit_version = read + 1
    if update_fields is not None:
        update_fields = [*update_fields, "edit_version", "updated_by"]
    instance.save(update_fields=update_fields)


# --- The snapshot a form carries of what it read --------------------------------------------

def sign_snapshot(values: dict) -> str:
    """The values a form showed, signed, carried in a hidden input: after a conflict they tell
    the fields the user changed from those someone else changed (a three-way merge)."""
    return signing.dumps({name: comparable(value) for name, value in values.items()},
                         salt=_BASE_SALT, compress=True)


def read_snapshot(token: str) -> dict | None:
    try:
        values = signing.loads(token or "", salt=_BASE_SALT)
    except signing.BadSignature:
        return None
    return values if isinstance(values, dict) else None


@dataclass(frozen=True)
class MergedField:
    """How a field came back after a conflict: `taken` is True when the saved value replaced
    the user's unchanged one, False when the user's own entry was kept although it differs."""

    field: str
    label: str
    yours: str
    saved: str
    taken: bool


def merge(*, mine: dict, base: dict | None, theirs: dict) -> tuple[dict, list[str], list[str]]:
    """Three-way merge of one form: the values to show again, the fields whose saved value
    replaced what the user left unchanged, and the fields both changed (the user's entry kept,
    to review). Without a base every differing field counts as changed by both."""
    merged, taken, both = {}, [], []
    for name, value in mine.items():
        saved = theirs.get(name)
        if not differs(value, saved):
            merged[name] = value
        elif base is not None and not differs(value, base.get(name)):
            merged[name] = saved
            taken.append(name)
        else:
            merged[name] = value
            if base is None or differs(saved, base.get(name)):
                both.append(name)
    return merged, taken, both
