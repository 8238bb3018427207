"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

ACTIONS = {
    "document.saved": _("Document saved"),
    "document.submitted": _("Document submitted"),
    "document.approved": _("Document approved"),
    "document.returned": _("Document returned"),
    "document.printed": _("Document printed"),
    "document.file_read": _("Document file opened"),
    "document.revision_begun": _("Document revision begun"),
    "document.superseded": _("Document superseded"),
}

TARGETS = {
    "documents.document": TargetLabel(("case__case_number", "kind")),
}
