from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "anxin.api"
    label = "api"

    def ready(self):
        from . import schema_extensions  # noqa: F401  (registers the token scheme)
