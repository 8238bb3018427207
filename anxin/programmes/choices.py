"""The codes of a centre's programmes, how a session is delivered, and the residential daily
services (REH-4.6.2, REH-5.5.2, REH-5.6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from anxin.rehab.kinds import PROGRAMMES

# REH-5.5.2's eight programmes are defined once, with the rehabilitation documents
# (rehab/kinds.py); their codes are what a session stores.
PROGRAMME_CODES: tuple[str, ...] = tuple(choice.code for choice in PROGRAMMES)
PROGRAMME_LABELS = {choice.code: choice.label for choice in PROGRAMMES}
# The API's enum of them (drf-spectacular reads this through ENUM_NAME_OVERRIDES).
PROGRAMME_CHOICES = [(code, code) for code in PROGRAMME_CODES]

# A rehabilitation training group names its programme with the groups app's own codes
# (groups.models.RehabProgramme); the one that differs is mapped to REH-5.5.2's.
GROUP_PROGRAMME_CODES = {"self_management": "health_self_management"}


def programme_label(code: str):
    """The programme's name in the active language (a Text: str() chooses)."""
    return PROGRAMME_LABELS.get(code, code)


class Delivery(models.TextChoices):
    # REH-5.5.1.2: training is one-to-one or in a group (groups app); REH-5.5.2.8: at home.
    ONE_TO_ONE = "one_to_one", _("One-to-one")
    HOME = "home", _("Home rehabilitation")


class DailyServiceKind(models.TextChoices):
    """The residential centre's daily services, REH-4.6.2.1–4.6.2.6 in order."""

    ACCOMMODATION = "accommodation", _("Accommodation care")
    MEALS = "meals", _("Meals")
    HYGIENE = "hygiene", _("Cleaning and hygiene")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    RECREATION = "recreation", _("Culture and recreation")
    SKILLS = "skills", _("Rehabilitation skills training")


DAILY_SERVICE_CLAUSES = {
    DailyServiceKind.ACCOMMODATION: "REH-4.6.2.1",
    DailyServiceKind.MEALS: "REH-4.6.2.2",
    DailyServiceKind.HYGIENE: "REH-4.6.2.3",
    DailyServiceKind.PSYCHOLOGICAL: "REH-4.6.2.4",
    DailyServiceKind.RECREATION: "REH-4.6.2.5",
    DailyServiceKind.SKILLS: "REH-4.6.2.6",
}
