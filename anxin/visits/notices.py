"""What home visits tell people, as message codes put into words when read, in the reader's
language (`anxin.notifications.messages`), and the overdue alert's detail (`safety.details`).

Parameters are times (ISO, shown in the site's time zone) and staff names: never the client or
health details, since a notification may leave by e-mail (ADR 0007).
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anxin.notifications.messages import Message, register
from anxin.safety import details

AWAITS_APPROVAL = "visits.awaits_approval"
APPROVED = "visits.approved"
REFUSED = "visits.refused"
STATION_WORKER = "visits.station_worker"
CHECKED_IN_LATE = "visits.checked_in_late"
OVERDUE = "visits.overdue"

# Notification kinds that ask someone to act; the action that settles it closes them.
ASKS_TO_APPROVE = "home_visit_approval"  # closed by the decision, or by cancelling
ASKS_TO_WATCH = "home_visit_station"  # the station worker's watch, closed by the check-in


def moment(value: datetime.datetime) -> str:
    return value.isoformat()


def at(value: datetime.datetime) -> str:
    """A moment as the pages show it: site time, to the minute."""
    return formats.date_format(timezone.localtime(value), "Y-m-d H:i")


def _time(value: str) -> str:
    return at(datetime.datetime.fromisoformat(value))


TIMES = {"time": _time, "left": _time, "back": _time}

register(
    Message(AWAITS_APPROVAL, _("A home visit awaits your approval"),
            _("Planned for %(time)s."), words=TIMES),
    Message(APPROVED, _("Home visit approved"), _("Planned for %(time)s."), words=TIMES,
            informational=True),
    Message(REFUSED, _("Home visit not approved"),
            _("Open the visit to read the supervisor's reason."), informational=True),
    Message(STATION_WORKER, _("You are the station worker for a home visit"),
            _("%(names)s left at %(left)s and expect to be back by %(back)s. If nobody checks "
              "in, you will get a crisis alert."), words=TIMES),
    Message(CHECKED_IN_LATE, _("The overdue home visit has checked in"),
            _("%(name)s checked in at %(time)s. The crisis alert stays open until someone "
              "resolves it on the alert page."), words=TIMES, informational=True),
)


def _overdue(params) -> str:
    return gettext("%(names)s left at %(left)s and were expected back by %(back)s; nobody has "
                   "checked in. Phone: %(phone)s.") % {
        "names": params["names"], "left": _time(params["left"]),
        "back": _time(params["back"]), "phone": params["phone"]}


details.register(OVERDUE, _overdue)
