"""Giving an instrument in a case, and reading one response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import actions, registry, selectors
from ..access import access_case_to_administer, access_response
from ..forms import ResponseForm
from ..models import AttachTo
from ..trends import band_of, number, shown


def _definition_or_404(code: str):
    try:
        return registry.latest(code)
    except registry.UnknownInstrument:
        raise Http404 from None


@login_required
@require_GET
def choose(request, case_id):
    """Which instrument to give: the library, newest definitions."""
    case = access_case_to_administer(request.user, case_id)
    return render(request, "instruments/choose.html", {
        "case": case, "client": case.client,
        "instruments": [registry.latest(code) for code in registry.codes()]})


@login_required
@require_http_methods(["GET", "POST"])
def administer(request, case_id, code):
    """The instrument as a form; the answers are scored on the server by the action."""
    case = access_case_to_administer(request.user, case_id)
    definition = _definition_or_404(code)
    available = selectors.attach_choices(case)
    form = ResponseForm(definition, request.POST or None, attach_choices=available)
    if request.method == "POST" and form.is_valid():
        try:
            response = actions.do_record_response(
                case.client, instrument_code=definition.code, answers=form.answers(),
                acting_user=request.user, case=case,
                attach_to=form.cleaned_data["attach_to"] or None,
                administered_on=form.cleaned_data["administered_on"])
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("%(instrument)s recorded.")
                             % {"instrument": definition.name})
            return redirect(response)
    return render(request, "instruments/administer.html", {
        "case": case, "client": case.client, "definition": definition, "form": form,
        "has_attach": bool(available)})


def _answers(response, definition) -> list[dict]:
    """Each item with its answer; `flagged` when the answer raised one of the flags."""
    flagged = {c.item for f in definition.flags if f.code in response.flags
               for c in f.when_any if response.answers.get(c.item) in c.values}
    rows = []
    for item in definition.items:
        raw = response.answers.get(item.code)
        if raw is None:
            text = ""
        elif item.options:
            option = next((o for o in item.options if o.value == raw), None)
            text = str(option.text) if option else str(raw)
        else:
            text = shown(number(raw))
        rows.append({"item": item, "value": raw, "text": text, "answered": raw is not None,
                     "number": item.number if item.number.isdigit() else "",
                     "flagged": item.code in flagged})
    return rows


def _scores(response, definition) -> list[dict]:
    rows = []
    for scale in definition.scales:
        classified = scale.code not in response.totals
        rows.append({
            "scale": scale,
            "value": "" if classified else shown(number(response.totals.get(scale.code))),
            "band": band_of(definition, scale.code, response.bands.get(scale.code)),
            "range": "" if classified or scale.low is None or scale.high is None
            else f"{scale.low}–{scale.high}",
        })
    return rows


@login_required
@require_GET
def response_detail(request, response_id):
    """Answers, scores, bands and flags as stored, read in the definition of their version;
    reading it is audited."""
    response = access_response(request.user, response_id)
    actions.record_response_view(response, acting_user=request.user)
    definition = response.definition
    latest = registry.latest(response.instrument)
    return render(request, "instruments/response_detail.html", {
        "response": response, "client": response.client, "case": response.case,
        "definition": definition, "answers": _answers(response, definition),
        "scores": _scores(response, definition),
        "flags": [f for f in definition.flags if f.code in response.flags],
        "newer_version": latest.version if latest.version != response.version else None,
        "attached": (AttachTo.ASSESSMENT.label if response.assessment_id
                     else AttachTo.EVALUATION.label if response.evaluation_id else ""),
    })


urlpatterns = [
    path("cases/<int:case_id>/administer/", choose, name="choose"),
    path("cases/<int:case_id>/administer/<slug:code>/", administer, name="administer"),
    path("responses/<int:response_id>/", response_detail, name="response"),
]
