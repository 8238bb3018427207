from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The top floor: the home dashboard, the navigation, the demo data and the test personas.

    They read every domain app, so they live above all of them and nothing imports them back.
    """

    name = "anxin.workspace"
    label = "workspace"
    verbose_name = _("Workspace")
