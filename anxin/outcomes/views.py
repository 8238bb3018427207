"""The outcome pages, made for a phone: the centre's placements, and the forms that add and end
placements and record relapse admissions and disability assessments on a client's file.

Each view parses, fetches through `access_*`, calls an action and shows the action's refusal
next to the fields; a failed form saves nothing (the action is one transaction).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anxin.accounts.capabilities import REHAB_RECORD
from anxin.clients.access import access_client
from anxin.core.access import require
from anxin.core.exceptions import NotPermitted
from anxin.core.form_views import submitted
from anxin.core.paging import CappedPaginator

from . import actions, selectors
from .access import access_placement
from .forms import (
    DisabilityForm,
    EndPlacementForm,
    PlacementFilterForm,
    PlacementForm,
    RelapseForm,
)
from .models import may_read

PAGE_SIZE = 50


def _form_page(request, form, perform, *, client, title: str, done: str):
    """GET shows the form; a valid POST runs `perform(cleaned_data)` and goes back to the
    client's file; a refusal comes back next to its field with nothing saved."""
    back = client.get_absolute_url()
    finished = submitted(request, form, perform, done=done, then=back)
    if finished:
        return finished
    return render(request, "outcomes/form.html", {
        "form": form, "title": title, "back": back, "client": client})


def _writable_client(request, client_id):
    # The capability first, so a 403 says nothing about whether the client exists.
    require(request.user, REHAB_RECORD)
    return access_client(request.user, client_id)


@login_required
@require_GET
def placement_list(request):
    if not may_read(request.user):
        raise NotPermitted
    filters = PlacementFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.placement_list(request.user, state=chosen.get("state", ""),
                                    kind=chosen.get("kind", ""))
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outcomes/placement_list.html", {
        "page": page, "filters": filters, "can_record": request.user.can(REHAB_RECORD),
        "end_form": EndPlacementForm()})


@login_required
def placement_add(request, client_id):
    client = _writable_client(request, client_id)
    form = PlacementForm(request.POST or None, user=request.user, client=client)
    return _form_page(request, form, lambda data: actions.do_add_placement(
        client, acting_user=request.user, **data), client=client,
        title=_("Add an employment placement"), done=_("Placement added."))


@login_required
@require_POST
def placement_end(request, placement_id):
    placement = access_placement(request.user, placement_id, for_write=True)
    form = EndPlacementForm(request.POST)
    if form.is_valid():
        try:
            actions.do_end_placement(placement, acting_user=request.user,
                                     ended_on=form.cleaned_data["ended_on"])
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Placement ended."))
    else:
        messages.error(request, _("Give the date the work ended."))
    # Ended from the centre's list, back to the list; from the client's file, back there.
    return redirect("outcomes:placements" if request.POST.get("next") == "list"
                    else placement.client)


@login_required
def relapse_add(request, client_id):
    client = _writable_client(request, client_id)
    form = RelapseForm(request.POST or None)
    return _form_page(request, form, lambda data: actions.do_record_relapse_admission(
        client, acting_user=request.user, **data), client=client,
        title=_("Record a relapse admission"), done=_("Relapse admission recorded."))


@login_required
def disability_add(request, client_id):
    client = _writable_client(request, client_id)
    form = DisabilityForm(request.POST or None)
    return _form_page(request, form, lambda data: actions.do_record_disability_assessment(
        client, acting_user=request.user, **data), client=client,
        title=_("Record a disability assessment"), done=_("Disability assessment recorded."))
