from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "anxin.outcomes"
    verbose_name = _("Employment and health events")

    def ready(self):
        # The employment agreement (REH-5.5.2.5.3) joins the document engine's kinds.
        from . import kinds  # noqa: F401
