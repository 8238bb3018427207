from django.db import models
from django.utils.translation import pgettext_lazy


class DoseOutcome(models.TextChoices):
    """What became of one scheduled dose: the 服药记录 of the rehabilitation file (REH-4.7.3.1)."""

    GIVEN = "given", pgettext_lazy("medication dose", "given")
    REFUSED = "refused", pgettext_lazy("medication dose", "refused")
    MISSED = "missed", pgettext_lazy("medication dose", "missed")


# A dose not taken is explained: a refusal or a miss is what the psychiatrist and the community
# mental-health worker ask about next (REH-4.6.2.8), and taking medication voluntarily is a
# condition of residence (REH-4.7.1.2).
NOT_TAKEN = frozenset({DoseOutcome.REFUSED, DoseOutcome.MISSED})
