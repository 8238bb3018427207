from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "anxin.community"
    verbose_name = _("Community work")

    def ready(self):
        # The activity record: its subject and its kind join the document engine.
        from anxin.documents.subjects import subjects

        from . import kinds  # noqa: F401  (registers the activity record)
        from .subjects import ActivitySubject

        subjects.register(ActivitySubject())
