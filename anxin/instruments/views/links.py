"""Client links: the worker issues one for an instrument in a case; the client opens it without
signing in (on their phone, or on the worker's tablet) and fills the instrument in once."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .. import actions, selectors
from ..access import access_case_to_administer, access_link
from ..forms import IssueLinkForm, ResponseForm

SESSION_KEY = "instruments.link_token.%d"
# What the fill page shows of a worker signed in on the tablet it is opened on: nothing (no
# nav, no name, no pending messages).
PUBLIC_CONTEXT = {"user": AnonymousUser(), "membership": None, "nav": {}, "messages": ()}


@login_required
@require_http_methods(["GET", "POST"])
def issue_link(request, case_id):
    case = access_case_to_administer(request.user, case_id)
    available = selectors.attach_choices(case)
    form = IssueLinkForm(request.POST or None, attach_choices=available,
                         initial={"instrument": request.GET.get("instrument", "")})
    if request.method == "POST" and form.is_valid():
        try:
            link, token = actions.do_issue_client_link(
                case, instrument_code=form.cleaned_data["instrument"],
                attach_to=form.cleaned_data["attach_to"] or None, acting_user=request.user)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            # Only the hash is stored: the token is shown once, on the next page.
            request.session[SESSION_KEY % link.pk] = token
            return redirect("instruments:link", link.pk)
    return render(request, "instruments/issue_link.html", {
        "case": case, "client": case.client, "form": form, "has_attach": bool(available)})


@login_required
@require_GET
@never_cache
def link_detail(request, link_id):
    link = access_link(request.user, link_id)
    token = request.session.pop(SESSION_KEY % link.pk, None)
    url = (request.build_absolute_uri(reverse("instruments:fill", args=[token]))
           if token and link.is_open else "")
    return render(request, "instruments/link_detail.html", {
        "link": link, "case": link.case, "client": link.case.client, "url": url,
        "definition": link.definition})


def _unavailable(request, reason: str):
    status = 404 if reason == "unknown" else 410
    return render(request, "instruments/fill_unavailable.html",
                  {"reason": reason, **PUBLIC_CONTEXT}, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def fill(request, token):
    """The public page a link opens: the instrument in the visitor's language, one submit."""
    try:
        link = actions.open_link(token)
    except actions.LinkUnavailable as exc:
        return _unavailable(request, exc.reason)
    definition = link.definition
    form = ResponseForm(definition, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_fill_client_link(token, answers=form.answers())
        except actions.LinkUnavailable as exc:
            return _unavailable(request, exc.reason)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            return redirect("instruments:fill_done")
    return render(request, "instruments/fill.html", {
        "definition": definition, "form": form, "organization": link.organization,
        "expires_at": link.expires_at, **PUBLIC_CONTEXT})


@require_GET
def fill_done(request):
    return render(request, "instruments/fill_done.html", PUBLIC_CONTEXT)


urlpatterns = [
    path("cases/<int:case_id>/link/", issue_link, name="issue_link"),
    path("links/<int:link_id>/", link_detail, name="link"),
    path("fill/done/", fill_done, name="fill_done"),
    path("fill/<str:token>/", fill, name="fill"),
]
