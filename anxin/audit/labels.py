"""Readable names of audit actions. An action missing here is shown by its code."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "auth.login_succeeded": _("Logged in"),
    "auth.login_failed": _("Failed login"),
    "auth.locked_out": _("Account locked after failed logins"),
    "auth.logout": _("Logged out"),
    "api_token.issued": _("API token issued"),
    "client.registered": _("Client registered"),
    "client.updated": _("Client details changed"),
    "client.viewed": _("Client file viewed"),
    "clients.exported": _("Client list exported"),
    "client.contact_added": _("Contact added"),
    "client.contact_removed": _("Contact removed"),
    "client.household_member_added": _("Household member added"),
    "client.household_member_removed": _("Household member removed"),
    "client.diagnosis_added": _("Diagnosis added"),
    "client.diagnosis_removed": _("Diagnosis removed"),
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
    # "case.<action>" for each pathway move is added from the pathway tables (cases/apps.py).
}


def label_for(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
