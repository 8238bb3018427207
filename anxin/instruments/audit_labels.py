"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "instrument.response.recorded": _("Instrument response recorded"),
    "instrument.response.viewed": _("Instrument response viewed"),
    "instrument.link.issued": _("Client link for an instrument issued"),
    "instrument.link.used": _("Instrument filled in by the client through a link"),
}

TARGETS = {
    "instruments.instrumentresponse": TargetLabel(
        ("instrument", "client__file_number", "administered_on")),
    "instruments.clientlink": TargetLabel(("instrument", "case__case_number")),
}
