from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "anxin.groups"
    verbose_name = "Group work"

    def ready(self):
        # The group's documents: their subjects and their kinds join the engine's registries.
        from anxin.documents.subjects import subjects

        from . import kinds  # noqa: F401  (registers the group plan, session record, evaluation)
        from .subjects import GroupSessionSubject, GroupSubject

        subjects.register(GroupSubject())
        subjects.register(GroupSessionSubject())
