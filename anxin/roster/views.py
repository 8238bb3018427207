"""The roster pages, made for a phone: the street-months with their counts, the upload form,
and the people of one street-month.

Each view parses, fetches through `access_import` or `visible_to`, calls the action and shows
its refusal: a file with bad rows comes back with every row's problems and nothing saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from anxin.accounts.capabilities import CASE_VIEW, ROSTER_IMPORT
from anxin.core.access import require
from anxin.core.paging import CappedPaginator

from . import actions, importing, selectors
from .access import access_import
from .forms import RosterImportForm

PAGE_SIZE = 50


@login_required
@require_GET
def overview(request):
    require(request.user, CASE_VIEW)
    page = CappedPaginator(selectors.import_list(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "roster/overview.html", {
        "page": page, "can_import": request.user.can(ROSTER_IMPORT)})


@login_required
@require_http_methods(["GET", "POST"])
def import_roster(request):
    require(request.user, CASE_VIEW, ROSTER_IMPORT)
    organization = request.user.organization
    form = RosterImportForm(request.POST or None, request.FILES or None,
                            organization=organization)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            roster_import = actions.do_import_roster(
                organization, street=data["street"], month=data["month"], file=data["file"],
                acting_user=request.user)
        except actions.RosterRowsRefused as exc:
            row_errors = exc.rows
            form.add_error(None, exc)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, ngettext(
                "%(count)d person imported; %(matched)d matched a client.",
                "%(count)d people imported; %(matched)d matched a client.",
                roster_import.row_count) % {"count": roster_import.row_count,
                                            "matched": roster_import.matched_count})
            return redirect(roster_import)
    return render(request, "roster/import.html", {
        "form": form, "row_errors": row_errors, "max_rows": importing.MAX_ROWS,
        "title": _("Import a registered roster")})


@login_required
@require_GET
def entries(request, import_id):
    roster_import = access_import(request.user, import_id)
    page = CappedPaginator(selectors.entries(roster_import), PAGE_SIZE).get_page(
        request.GET.get("page"))
    actions.record_entries_view(roster_import, acting_user=request.user, page=page.number)
    clients = selectors.openable_clients(request.user, page.object_list)
    rows = [(entry, clients.get(entry.matched_client_id)) for entry in page.object_list]
    return render(request, "roster/entries.html", {
        "roster_import": roster_import, "page": page, "rows": rows,
        "counts": selectors.import_counts(roster_import),
        "can_import": request.user.can(ROSTER_IMPORT)})
