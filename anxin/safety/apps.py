from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "anxin.safety"
    label = "safety"
    verbose_name = _("Safety")

    def ready(self):
        from anxin.clients.emergency import register_opener

        from . import (
            notices,  # noqa: F401  (the notification messages safety sends)
            receivers,  # noqa: F401  (alert rules listen for recorded responses)
        )
        from .actions import escalate_due_alerts
        from .periodic import register
        from .selectors import is_duty_worker

        register(escalate_due_alerts)
        register_opener(is_duty_worker)
