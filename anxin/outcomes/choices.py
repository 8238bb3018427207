"""The coded values of employment placements and disability assessments."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlacementKind(models.TextChoices):
    """The three kinds of employment REH-6.4.4.1 counts towards the employment rate."""

    FULL_TIME = "full_time", _("Full-time employment")
    FLEXIBLE = "flexible", _("Flexible-hours employment")
    ASSISTED = "assisted", _("Assisted employment in the centre")


class DisabilityGrade(models.IntegerChoices):
    """精神残疾 grades of GB/T 26341-2010: one is the most severe."""

    ONE = 1, _("Mental disability, grade 1")
    TWO = 2, _("Mental disability, grade 2")
    THREE = 3, _("Mental disability, grade 3")
    FOUR = 4, _("Mental disability, grade 4")
