from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "anxin.api"
    label = "api"
