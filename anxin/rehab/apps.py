from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RehabConfig(AppConfig):
    name = "anxin.rehab"
    verbose_name = _("Rehabilitation centres")

    def ready(self):
        # The kinds, the pathway table, its effect and its facts (REH), registered once.
        from anxin.cases import facts as case_facts
        from anxin.cases.workflow.pathways import register

        from . import effects, facts, kinds  # noqa: F401
        from .pathway import REH

        register(REH)
        case_facts.register_source("rehab:", facts.answer)
        from . import notices  # noqa: F401
