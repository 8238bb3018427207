from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "anxin.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self):
        from . import notices  # noqa: F401  (the notification messages clients send)
