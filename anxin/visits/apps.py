from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "anxin.visits"
    label = "visits"
    verbose_name = _("Home visits")

    def ready(self):
        from anxin.safety.periodic import register

        from .actions import check_overdue_visits

        # `manage.py safety_checks` runs it every minute (CMH-8.2.2a: the team is not back).
        register(check_overdue_visits)
