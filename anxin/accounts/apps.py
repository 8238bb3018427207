from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "anxin.accounts"
    label = "accounts"
    verbose_name = _("Organisations and staff")

    def ready(self):
        from . import receivers  # noqa: F401
