from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "anxin.documents"
    verbose_name = "Documents"
