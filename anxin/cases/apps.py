from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "anxin.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        # Forms A–G (and the referral) in the one catalogue of document kinds, by the codes the
        # pathway tables name them with; ADR 0021 says why they stay hand-made.
        from anxin.documents.catalogue import catalogue
        from anxin.instruments.definitions import Text

        for code, zh, en, clause in NATIVE_DOCUMENTS:
            catalogue.native(code, Text(zh, en), clause)


NATIVE_DOCUMENTS = (
    ("consent", "服务知情同意书", "Informed consent", "CMH-A"),
    ("application", "个案申请表", "Case application", "CMH-B"),
    ("assessment", "预估表", "Assessment form", "CMH-C"),
    ("plan", "个案服务计划书", "Service plan", "CMH-D"),
    ("service_record", "个案服务记录表", "Service record", "CMH-E"),
    ("evaluation", "服务评估表", "Evaluation form", "CMH-F"),
    ("closure", "个案服务结案表", "Closing form", "CMH-G"),
    ("referral", "转介表", "Referral", "CMH-6.4"),
)
