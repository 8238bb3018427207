from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PopulationCategory(models.TextChoices):
    MENTAL_DISORDER = "mental_disorder", _("Mental disorder")
    CHRONIC_DISEASE = "chronic_disease", _("Chronic disease")
    HIGH_RISK = "high_risk", _("High-risk group")
    CAREGIVER = "caregiver", _("Caregiver")
    EPIDEMIC_AFFECTED = "epidemic_affected", _("Epidemic-affected")
    BEREAVED = "bereaved", _("Bereaved")
    OTHER = "other", _("Other")


class ContactKind(models.TextChoices):
    GUARDIAN = "guardian", _("Guardian")
    CAREGIVER = "caregiver", _("Caregiver")
    EMERGENCY = "emergency", _("Emergency contact")
