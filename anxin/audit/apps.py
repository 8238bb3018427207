from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "anxin.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        # Each app names its own events in its audit_labels module; collect them once here.
        from . import admin_log
        from .labels import discover

        discover()
        # The Django admin's own log of changes becomes audit events (admin_log.py).
        admin_log.connect()
