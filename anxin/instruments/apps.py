from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "anxin.instruments"
    label = "instruments"
    verbose_name = _("Instruments")

    def ready(self):
        from anxin.audit.labels import ACTION_LABELS

        for action, label in AUDIT_LABELS.items():
            ACTION_LABELS.setdefault(action, label)


AUDIT_LABELS = {
    "instrument.response.recorded": _("Instrument response recorded"),
    "instrument.response.viewed": _("Instrument response viewed"),
    "instrument.link.issued": _("Client link for an instrument issued"),
    "instrument.link.used": _("Instrument filled in by the client through a link"),
}
