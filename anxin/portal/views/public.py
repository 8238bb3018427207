"""The public pages (PSY-measure-2): no login, one set per organisation."""

import logging

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from anxin.instruments.registry import latest

from ..access import access_own_result, owns_result, remember_result, result_token
from ..actions import AlreadySent, do_add_contact, do_submit_self_assessment
from ..constants import EMERGENCY_NUMBERS, PUBLIC_INSTRUMENTS
from ..forms import ContactForm, SelfAssessmentForm
from ..guard import (
    Refusal,
    Refused,
    check_submission,
    count_contact_attempt,
    issue_form_token,
    source_hash,
)
from ..selectors import public_organization
from ..texts import ADVICE, ALREADY_SENT, NOT_A_DIAGNOSIS, REFUSALS, SHORT_NAMES, STEM, TOPICS

log = logging.getLogger(__name__)


def _page(organization, safety, **extra):
    """What every public page shows: whose page it is and where to find help now."""
    return {"organization": organization, "help_lines": safety.help_line_list(),
            "emergency_numbers": EMERGENCY_NUMBERS, **extra}


def _refused(request, organization, safety, reason: Refusal):
    return render(request, "portal/refused.html",
                  _page(organization, safety, message=REFUSALS[reason]), status=429)


def _already_sent(request, organization, safety, definition, assessment):
    """The shown form was sent before (ADR 0014). From the browser that sent it (a double tap,
    a reload) that is its result; from anywhere else, nothing of it is shown, only the way to
    start again."""
    if assessment is not None and owns_result(request, assessment):
        return redirect("portal:result", organization.code, result_token(assessment))
    log.warning("self-assessment refused: form token used (%s)", organization.code)
    return render(request, "portal/refused.html", _page(
        organization, safety, message=ALREADY_SENT,
        start_again=reverse("portal:questionnaire", args=[organization.code, definition.code])),
        status=409)


@require_GET
def landing(request, org_code):
    organization, safety = public_organization(org_code)
    topics = [{"code": code, "short_name": SHORT_NAMES[code], **TOPICS[code]}
              for code in PUBLIC_INSTRUMENTS]
    return render(request, "portal/landing.html", _page(organization, safety, topics=topics))


@never_cache  # the page holds the answers: no shared phone's browser keeps it
@require_http_methods(["GET", "POST"])
def questionnaire(request, org_code, instrument):
    organization, safety = public_organization(org_code)
    definition = latest(instrument)
    refusal = None
    if request.method == "POST":
        form = SelfAssessmentForm(request.POST, instrument=definition)
        source = source_hash(request)
        try:
            check_submission(request, honeypot=request.POST.get("website", ""),
                             token=request.POST.get("started", ""), org_code=organization.code,
                             instrument=definition.code, source=source)
        except Refused as refused:
            log.warning("self-assessment refused: %s (%s)", refused.reason.value,
                        organization.code)
            if refused.reason is Refusal.RATE_LIMITED:
                return _refused(request, organization, safety, refused.reason)
            # Keep the answers, drop the honeypot, and start the clock again.
            data = request.POST.copy()
            data["website"] = ""
            data["started"] = issue_form_token(organization.code, definition.code)
            form = SelfAssessmentForm(data, instrument=definition)
            refusal = REFUSALS[refused.reason]
        else:
            if form.is_valid():
                sent = form.sent()
                try:
                    assessment = do_submit_self_assessment(
                        organization, instrument=definition.code, **sent, source_hash=source,
                        form_token=request.POST.get("started", ""))
                except ValidationError as exc:
                    form.apply_action_error(exc)
                except AlreadySent as already:
                    return _already_sent(request, organization, safety, definition,
                                         already.assessment)
                else:
                    remember_result(request, assessment)
                    return redirect("portal:result", organization.code,
                                    result_token(assessment))
    else:
        form = SelfAssessmentForm(instrument=definition, initial={
            "started": issue_form_token(organization.code, definition.code)})
    return render(request, "portal/questionnaire.html", _page(
        organization, safety, form=form, definition=definition, stem=STEM, refusal=refusal,
        short_name=SHORT_NAMES[definition.code]))


@never_cache
@require_http_methods(["GET", "POST"])
def result(request, org_code, token):
    organization, safety = public_organization(org_code)
    assessment = access_own_result(request, organization, token)
    contact_form = None
    if not assessment.contact_consent:
        contact_form = ContactForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            try:
                count_contact_attempt(request)
            except Refused as refused:
                return _refused(request, organization, safety, refused.reason)
            if contact_form.is_valid():
                try:
                    do_add_contact(assessment,
                                   contact_name=contact_form.cleaned_data["contact_name"],
                                   contact_phone=contact_form.cleaned_data["contact_phone"])
                except ValidationError as exc:
                    contact_form.apply_action_error(exc)
                else:
                    return redirect(request.path)
    elif request.method == "POST":
        return redirect(request.path)
    headline, advice = ADVICE[(assessment.instrument, assessment.band)]
    others = [{"code": code, "short_name": SHORT_NAMES[code], **TOPICS[code]}
              for code in PUBLIC_INSTRUMENTS if code != assessment.instrument]
    return render(request, "portal/result.html", _page(
        organization, safety, assessment=assessment, headline=headline, advice=advice,
        not_a_diagnosis=NOT_A_DIAGNOSIS, contact_form=contact_form, others=others,
        short_name=SHORT_NAMES[assessment.instrument],
        band=assessment.band_definition))
