from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "anxin.portal"
    label = "portal"
    verbose_name = _("Public self-assessment")

    def ready(self):
        from anxin.audit.labels import ACTION_LABELS
        from anxin.safety import details

        from .actions import DETAIL_CODE, alert_detail
        from .labels import LABELS

        details.register(DETAIL_CODE, alert_detail)

        for action, label in LABELS.items():
            ACTION_LABELS.setdefault(action, label)
