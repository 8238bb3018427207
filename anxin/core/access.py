"""From a model's visibility rule to the one object a page or endpoint works on.

The rule of who sees what lives in each model's queryset (`visible_to(user)`); `access` is the
only place that turns it into a lookup, so every `access_*` answers alike: 403 when the user's
role lacks a capability the action needs — checked before any lookup, so the answer says nothing
about the id — and 404 for an id that does not exist, that the user may not see (another
organisation's included) or that is not an id at all.
"""

from .exceptions import NotPermitted, NotVisible

_SEEN = "_anxin_seen_by"


def mark_seen(obj, user) -> None:
    """Note on `obj` that `user` was found allowed to see it, so that the panels of its page
    can read its rows without building the visibility rule again (`seen`)."""
    setattr(obj, _SEEN, user.pk)


def seen(obj, user) -> bool:
    """Whether `obj` came to this request through `access` (or `mark_seen`) for `user`."""
    return obj is not None and user.is_authenticated and getattr(obj, _SEEN, None) == user.pk


def require(user, *capabilities: str) -> None:
    """403 unless the signed-in `user` holds every one of `capabilities`."""
    if not user.is_authenticated or not all(user.can(cap) for cap in capabilities):
        raise NotPermitted


def access(user, rows, pk, *capabilities: str):
    """The row `pk` of `rows` (a manager or queryset whose model's queryset has
    `visible_to`) if `user` holds `capabilities` and may see it."""
    require(user, *capabilities)
    try:
        obj = rows.visible_to(user).get(pk=pk)
    except (rows.model.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
    mark_seen(obj, user)
    return obj
