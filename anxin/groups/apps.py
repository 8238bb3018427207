from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "anxin.groups"
    verbose_name = "Group work"
