from django.utils.translation import gettext_lazy as _

# Readable names of this app's audit actions (registered in apps.py).
LABELS = {
    "home_visit.planned": _("Home visit planned"),
    "home_visit.approved": _("Home visit approved"),
    "home_visit.refused": _("Home visit refused"),
    "home_visit.departed": _("Left on a home visit"),
    "home_visit.checked_in": _("Checked in from a home visit"),
    "home_visit.cancelled": _("Home visit cancelled"),
    "home_visit.overdue": _("Home visit overdue: alert raised"),
    "home_visit.viewed": _("Home visit viewed"),
    "home_visit.service_record_added": _("Service record of a home visit added"),
}
