from django.utils.translation import gettext_lazy as _

LABELS = {
    "portal.self_assessment.submitted": _("Public self-assessment submitted"),
    "portal.self_assessment.contact_given": _("Public self-assessment: contact requested"),
    "portal.self_assessment.viewed": _("Public self-assessment viewed"),
}
