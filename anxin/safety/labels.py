from django.utils.translation import gettext_lazy as _

LABELS = {
    "safety.alert.raised": _("Crisis alert raised"),
    "safety.alert.acknowledged": _("Crisis alert acknowledged"),
    "safety.alert.step": _("Crisis alert: step recorded"),
    "safety.alert.resolved": _("Crisis alert resolved"),
    "safety.alert.viewed": _("Crisis alert viewed"),
    "safety.alert.escalated": _("Crisis alert escalated"),
    "safety.incident.recorded": _("Safety incident recorded"),
    "safety.settings.changed": _("Safety settings changed"),
}
