from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "anxin.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        # Each move is audited as "case.<action>"; its readable name is the table's label, so
        # the audit log cannot drift from the pathways.
        from anxin.audit.labels import ACTION_LABELS

        from .workflow.pathways import PATHWAYS

        for pathway in PATHWAYS.values():
            for transition in pathway.transitions:
                ACTION_LABELS.setdefault(f"case.{transition.code}", transition.label)
