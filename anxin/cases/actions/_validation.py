"""Helpers shared by the document actions: assign allowed fields, validate, name the field."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REQUIRED = _("This field is required.")


def assign(instance, data: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in data:
            value = data[name]
            setattr(instance, name, value.strip() if isinstance(value, str) else value)


def full_clean(instance, errors: dict, exclude: tuple[str, ...] = ()) -> None:
    """Model-level checks (choices, lengths, types) merged with the action's own `errors`;
    raises one ValidationError naming every field at fault."""
    try:
        instance.full_clean(exclude=["case", "created_by", *exclude], validate_unique=False,
                            validate_constraints=False)
    except ValidationError as exc:
        for name, field_errors in exc.error_dict.items():
            first = field_errors[0]
            # Django's "cannot be null/blank" speaks of storage; the user left a field empty.
            message = REQUIRED if first.code in ("null", "blank") else first.messages[0]
            errors.setdefault(name, message)
    if errors:
        raise ValidationError(errors)


def require_filled(instance, fields: tuple[str, ...], errors: dict) -> None:
    for name in fields:
        value = getattr(instance, name)
        if value is None or (isinstance(value, str | list) and not value):
            errors.setdefault(name, REQUIRED)


def not_in_future(instance, fields: tuple[str, ...], errors: dict) -> None:
    today = timezone.localdate()
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, datetime.datetime):
            if value > timezone.now():
                errors.setdefault(name, _("This cannot be in the future."))
        elif isinstance(value, datetime.date) and value > today:
            errors.setdefault(name, _("This date cannot be in the future."))


def choices_subset(values, allowed, field: str, errors: dict) -> list:
    values = list(values or [])
    unknown = [v for v in values if v not in allowed]
    if unknown:
        errors.setdefault(field, _("Unknown choice: %(value)s.") % {"value": unknown[0]})
    return values
