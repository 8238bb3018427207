"""The checks on an organisation's safety settings, shared by the settings page's form and by
`actions.do_update_safety_settings` (which the API and the demo data call with plain values)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SETTINGS_FIELDS = ("escalate_after_minutes", "companion_above_level", "checkin_grace_minutes",
                   "duty_worker", "self_assessment_enabled", "help_lines",
                   "self_assessment_alerts_per_hour")
# Roles that can take a duty call: they handle alerts.
DUTY_ROLES = ("worker", "supervisor")
MAX_MINUTES = 24 * 60
# Alerts per hour from the public page: at least one (none would silence a real crisis), at most
# one a minute and a half — past that nobody can answer them anyway (ADR 0014).
MAX_ALERTS_PER_HOUR = 40


def duty_worker_choices(organization):
    """Who may be the duty worker: active workers and supervisors of the organisation."""
    from anxin.accounts.models import User

    return User.objects.filter(
        _membership__organization=organization, _membership__is_active=True,
        _membership__role__in=DUTY_ROLES).order_by("full_name")


def _minutes(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Enter a whole number of minutes."))
    if value < 1:
        raise ValidationError(_("Enter at least 1 minute."))
    if value > MAX_MINUTES:
        raise ValidationError(_("Enter at most 1440 minutes (a day)."))
    return value


def clean_escalate_after_minutes(value) -> int:
    return _minutes(value)


def clean_checkin_grace_minutes(value) -> int:
    return _minutes(value)


def clean_companion_above_level(value) -> int:
    # CMH-8.2.2a: the 危险性评估 levels run 0–5.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
        raise ValidationError(_("Risk levels run from 0 to 5."))
    return value


def clean_duty_worker(organization, user):
    if user is None:
        return None
    if not duty_worker_choices(organization).filter(pk=user.pk).exists():
        raise ValidationError(_("Choose a social worker or supervisor of this organisation."))
    return user


def clean_self_assessment_enabled(value) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(_("Say yes or no."))
    return value


def clean_self_assessment_alerts_per_hour(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Enter a whole number of alerts."))
    if not 1 <= value <= MAX_ALERTS_PER_HOUR:
        raise ValidationError(_("Enter between 1 and 40 alerts an hour."))
    return value


def clean_help_lines(value) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("Enter the help lines as text."))
    from .models import SafetySettings

    lines = [line.strip() for line in value.splitlines() if line.strip()]
    text = "\n".join(lines)
    probe = SafetySettings(help_lines=text)
    if len(probe.help_line_list()) != len(lines):
        raise ValidationError(
            _("Each help line needs a number: write “name: number”, one per line."))
    return text


def clean_settings(organization, data: dict[str, Any]) -> dict[str, Any]:
    """The given settings, checked and normalised; a ValidationError names every field at
    fault. Unknown names are refused too, so a typo is not silently ignored."""
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in SETTINGS_FIELDS:
            errors[name] = _("Not a safety setting.")
            continue
        try:
            if name == "duty_worker":
                values[name] = clean_duty_worker(organization, value)
            else:
                values[name] = CLEANERS[name](value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return values


CLEANERS = {
    "escalate_after_minutes": clean_escalate_after_minutes,
    "checkin_grace_minutes": clean_checkin_grace_minutes,
    "companion_above_level": clean_companion_above_level,
    "self_assessment_enabled": clean_self_assessment_enabled,
    "help_lines": clean_help_lines,
    "self_assessment_alerts_per_hour": clean_self_assessment_alerts_per_hour,
}
