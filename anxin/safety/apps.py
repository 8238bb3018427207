from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "anxin.safety"
    label = "safety"
    verbose_name = _("Safety")

    def ready(self):
        from anxin.audit.labels import ACTION_LABELS

        from . import (
            notices,  # noqa: F401  (the notification messages safety sends)
            receivers,  # noqa: F401  (alert rules listen for recorded responses)
        )
        from .actions import escalate_due_alerts
        from .labels import LABELS
        from .periodic import register

        register(escalate_due_alerts)
        for action, label in LABELS.items():
            ACTION_LABELS.setdefault(action, label)
