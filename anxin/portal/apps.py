from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "anxin.portal"
    label = "portal"
    verbose_name = _("Public self-assessment")

    def ready(self):
        from anxin.safety import details, periodic

        from .actions import DETAIL_CODE, alert_detail, purge_used_form_tokens

        details.register(DETAIL_CODE, alert_detail)
        periodic.register(purge_used_form_tokens)
