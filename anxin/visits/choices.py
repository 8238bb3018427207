"""Where a home visit stands, and the groups of statuses the pages and checks ask about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitStatus(models.TextChoices):
    """A visit is planned; one to a client above the organisation's risk threshold waits for a
    supervisor's approval (or refusal); the staff leave, telling the station worker; they check
    in on return. A visit that does not happen is cancelled."""

    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    READY = "ready", _("Ready to leave")
    REFUSED = "refused", _("Not approved")
    OUT = "out", _("Out on the visit")
    RETURNED = "returned", _("Back, checked in")
    CANCELLED = "cancelled", _("Cancelled")


# Not yet left: the visit may still be cancelled.
NOT_LEFT = frozenset({VisitStatus.AWAITING_APPROVAL, VisitStatus.READY})
# Nothing more happens to the visit.
FINISHED = frozenset({VisitStatus.REFUSED, VisitStatus.RETURNED, VisitStatus.CANCELLED})


class RiskSource(models.TextChoices):
    """Where the risk level captured at planning came from (instruments.selectors)."""

    INSTRUMENT = "instrument", _("Risk assessment (危险性评估)")
    ASSESSMENT = "assessment", _("Assessment form C")
