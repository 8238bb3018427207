"""Audit labels the audit app still keeps for apps that have not yet moved them into their own
`audit_labels.py` (see labels.py). Each block names the module it belongs in; once that module
registers the same keys, its labels win and the block here should be deleted.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .labels import TargetLabel

ACTIONS = {
    # → anxin/accounts/audit_labels.py
    "auth.login_succeeded": _("Logged in"),
    "auth.login_failed": _("Failed login"),
    "auth.locked_out": _("Account locked after failed logins"),
    "auth.logout": _("Logged out"),
    "api_token.issued": _("API token issued"),
    # → anxin/cases/audit_labels.py ("case.<action>" of each pathway move is added from the
    # pathway tables in cases/apps.py)
    "case.viewed": _("Case file viewed"),
    "case.document.printed": _("Case form printed"),
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
}

_CASE = TargetLabel(("case__case_number",))

TARGETS = {
    # → anxin/accounts/audit_labels.py
    "accounts.user": TargetLabel(("username",)),
    # → anxin/cases/audit_labels.py
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
    # → anxin/records/audit_labels.py
    "visits.homevisit": TargetLabel(
        ("client__file_number", "planned_for"),
        lambda v: f"{v.client.file_number} · "
                  f"{timezone.localtime(v.planned_for):%Y-%m-%d %H:%M}"),
    # → anxin/safety/audit_labels.py
    "safety.alert": TargetLabel(("rule", "client__file_number"), lambda a: " · ".join(
        filter(None, [_rule_label(a.rule), a.client.file_number if a.client else ""]))),
    "safety.incident": TargetLabel(
        ("kind", "occurred_at", "client__file_number"),
        lambda i: f"{i.client.file_number} · {i.get_kind_display()} · "
                  f"{timezone.localtime(i.occurred_at):%Y-%m-%d}"),
    "safety.safetysettings": TargetLabel(("organization__code",)),
    # → anxin/instruments/audit_labels.py
    "instruments.instrumentresponse": TargetLabel(
        ("instrument", "client__file_number", "administered_on")),
    "instruments.clientlink": TargetLabel(("instrument", "case__case_number")),
    # → anxin/portal/audit_labels.py
    "portal.selfassessment": TargetLabel(
        ("instrument", "created_at"),
        lambda s: f"{s.instrument} #{s.pk} · {timezone.localtime(s.created_at):%Y-%m-%d}"),
}


def _rule_label(code: str) -> str:
    from anxin.safety.rules import RULES

    rule = RULES.get(code)
    return str(rule.label) if rule else code
