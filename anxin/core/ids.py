"""Ids that arrive in a query string or a form: whole numbers the database can hold.

Every primary key is a 64-bit integer (BigAutoField; SQLite's INTEGER, PostgreSQL's bigint). A
larger number does not fail validation by itself: it reaches the database driver, which raises
OverflowError on SQLite and an out-of-range error on PostgreSQL — a server error for what is
only a bad request. Zero and negative numbers name no row either. Parse ids here, so they are
refused with a message before any query.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1
NOT_AN_ID = _("Enter an id: a whole number from 1 to %(limit)s.")


class IdField(forms.IntegerField):
    """A form field for one id, refused outside 1…MAX_ID with one clear message."""

    def __init__(self, **kwargs):
        kwargs.update(min_value=1, max_value=MAX_ID)
        super().__init__(**kwargs)

    def clean(self, value):
        # One message for "abc", "1.5", "0" and 2**63: the same thing is wrong with each.
        try:
            return super().clean(value)
        except ValidationError as exc:
            if any(error.code == "required" for error in exc.error_list):
                raise
            raise ValidationError(NOT_AN_ID, code="invalid", params={"limit": MAX_ID}) from None


def is_id(value) -> bool:
    """Whether `value` (a string from a request) names an id the database can hold; for views
    that skip what is not one rather than refuse the request."""
    return isinstance(value, str) and value.isascii() and value.isdigit() \
        and 1 <= int(value) <= MAX_ID


def parse_ids(values, *, limit: int = 500) -> list[int]:
    """Several ids (e.g. request.POST.getlist("id")), each checked as IdField checks one; at
    most `limit` of them. Raises ValidationError naming what is wrong."""
    values = list(values)
    if len(values) > limit:
        raise ValidationError(_("Too many ids at once: at most %(limit)s."), code="too_many",
                              params={"limit": limit})
    field = IdField()
    ids = []
    for value in values:
        if not str(value).strip():  # "id=" is no id either, not "all of them"
            raise ValidationError(NOT_AN_ID, code="invalid", params={"limit": MAX_ID})
        ids.append(field.clean(value))
    return ids
