from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "anxin.portal"
    label = "portal"
    verbose_name = _("Public self-assessment")

    def ready(self):
        from anxin.safety import details

        from .actions import DETAIL_CODE, alert_detail

        details.register(DETAIL_CODE, alert_detail)
