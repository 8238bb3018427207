from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "anxin.portal"
    label = "portal"
    verbose_name = _("Public self-assessment")

    def ready(self):
        from anxin.audit.labels import ACTION_LABELS

        from .labels import LABELS

        for action, label in LABELS.items():
            ACTION_LABELS.setdefault(action, label)
