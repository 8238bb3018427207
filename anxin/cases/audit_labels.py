"""Readable names of this app's audit events and targets (discovered by anxin.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from anxin.audit.labels import TargetLabel

from .workflow.pathways import PATHWAYS

ACTIONS = {
    "case.viewed": _("Case file viewed"),
    "case.document.printed": _("Case form printed"),
    "case.file.printed": _("Whole case file printed"),
    "case.document_viewed": _("Case form viewed"),
    "case.opened": _("Case opened"),
    "case.reassigned": _("Worker or supervisor changed"),
    "consent.recorded": _("Informed consent recorded"),
    "application.saved": _("Case application saved"),
    "assessment.saved": _("Assessment saved"),
    "assessment.completed": _("Assessment completed"),
    "plan.saved": _("Service plan saved"),
    "plan.submitted": _("Service plan submitted for approval"),
    "plan.approved": _("Service plan approved"),
    "plan.returned": _("Service plan returned"),
    "service_record.added": _("Service record added"),
    "evaluation.saved": _("Evaluation saved"),
    "closure.saved": _("Closing form saved"),
    "closure.submitted": _("Closing form submitted for approval"),
    "closure.approved": _("Closing form approved"),
    "closure.returned": _("Closing form returned"),
    "referral.prepared": _("Referral prepared"),
    "referral.accepted": _("Referral accepted"),
    "referral.declined": _("Referral declined"),
    "referral.feedback": _("Referral feedback recorded"),
    "referral.received": _("Referral received from outside"),
    # Each move is audited as "case.<action>" and named by the pathway table's label, so the
    # audit log cannot drift from the pathways.
    **{f"case.{transition.code}": transition.label
       for pathway in PATHWAYS.values() for transition in pathway.transitions},
}

_CASE = TargetLabel(("case__case_number",))

TARGETS = {
    "cases.case": TargetLabel(("case_number",)),
    "cases.caseapplication": TargetLabel(("application_number",)),
    "cases.consent": _CASE,
    "cases.assessment": _CASE,
    "cases.serviceplan": _CASE,
    "cases.evaluation": _CASE,
    "cases.closure": _CASE,
    "cases.servicerecord": TargetLabel(
        ("case__case_number", "session_number"),
        lambda r: f"{r.case.case_number} E{r.session_number}"),
    # A received referral has no case of its own until accepted.
    "cases.referral": TargetLabel(("case__case_number", "new_case__case_number")),
}
