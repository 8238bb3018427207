"""Client pages. Each view parses, fetches through access_client / visible_to, calls an action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from anxin.accounts.capabilities import (
    CASE_CREATE,
    CLIENT_CREATE,
    CLIENT_EDIT,
    CLIENT_EMERGENCY_REVIEW,
    CLIENT_VIEW,
)
from anxin.core.concurrency import EditConflict
from anxin.core.exceptions import NotPermitted
from anxin.core.paging import CappedPaginator, OneQueryPaginator
from anxin.jobs.engine import may_start, start_job
from anxin.jobs.models import JobKind

from . import actions, emergency, id_check, identity, selectors
from .access import access_client
from .emergency_views import EmergencyAccessForm
from .forms import (
    ClientForm,
    ClientSearchForm,
    ContactForm,
    DiagnosisForm,
    HouseholdMemberForm,
    RemovalForm,
    district_choices,
    street_choices,
)
from .models import Client

PAGE_SIZE = 25


def _filtered_clients(request):
    form = ClientSearchForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    clients = selectors.with_list_relations(Client.objects.visible_to(request.user))
    clients = selectors.search_clients(clients, data.get("q", ""))
    clients = selectors.filter_by_category(clients, data.get("category", ""))
    if data.get("sex"):
        clients = clients.filter(sex=data["sex"])
    return form, clients


@login_required
@require_GET
def client_list(request):
    if not request.user.can(CLIENT_VIEW):
        raise NotPermitted
    form, clients = _filtered_clients(request)
    paginator = (OneQueryPaginator if Client.objects.gathered_whole(request.user)
                 else CappedPaginator)
    page = paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "clients/_list_results.html" if request.htmx else "clients/list.html"
    return render(request, template, {
        "form": form, "page": page,
        "emergency_form": EmergencyAccessForm() if emergency.may_break_glass(request.user)
        else None,
        "can_review_emergency_access": request.user.can(CLIENT_EMERGENCY_REVIEW)})


@login_required
@require_http_methods(["GET", "POST"])
def client_export(request):
    """The CSV of the clients the user sees, with the list's filters, made by a background job
    (anxin.jobs.client_export): a POST starts it and sends the user to the job's page, where
    the file waits. A GET asks first. The export is audited when the file is made."""
    if not may_start(request.user, JobKind.CLIENT_EXPORT):  # the rule start_job applies
        raise NotPermitted
    # The list's button posts the search form's current fields (htmx may have changed them
    # since the page loaded); without them, the query string the page was opened with.
    filters = request.GET.copy()
    for name in ("q", "category", "sex"):
        if name in request.POST:
            filters.setlist(name, request.POST.getlist(name))
    if request.method == "POST":
        job = start_job(JobKind.CLIENT_EXPORT, request.user, {"query": filters.urlencode()})
        if request.htmx:
            return HttpResponseClientRedirect(job.get_absolute_url())
        return redirect(job)
    form = ClientSearchForm(filters)
    form.is_valid()
    return render(request, "jobs/client_export.html", {"form": form,
                                                       "query": filters.urlencode()})


@login_required
def client_create(request):
    if not request.user.can(CLIENT_CREATE):
        raise NotPermitted
    organization = request.user.organization
    form = ClientForm(request.POST or None, organization=organization)
    duplicate = None
    possible = []
    if request.method == "POST" and form.is_valid():
        try:
            client = actions.do_register_client(
                organization, acting_user=request.user, data=form.cleaned_data,
                confirm_not_duplicate=form.cleaned_data.get("confirm_not_duplicate", False))
        except actions.DuplicateClient as exc:
            duplicate = _offer(request.user, exc.existing)
            form.apply_action_error(id_check.duplicate_error(request.user, exc.existing) or exc)
        except actions.PossibleDuplicate as exc:
            possible = [_offer(request.user, c) for c in exc.candidates]
            form.apply_action_error(
                id_check.possible_duplicate_error(request.user, exc.candidates) or exc)
        else:
            messages.success(request, _("Client registered: %(file)s.")
                             % {"file": client.file_number})
            return redirect(client)
    return render(request, "clients/form.html", {
        "form": form, "duplicate": duplicate, "possible": possible, "creating": True})


def _offer(user, client: Client) -> dict:
    """What to show about an existing client. A file the user may open is named and linked;
    of any other only whom to ask is said — its name and file number are a colleague's client's
    (the check looks organisation-wide, CMH-8.3), which the user has no right to read."""
    visible = Client.objects.visible_to(user).filter(pk=client.pk).exists()
    if not visible:
        return {"file_number": None, "name": None, "url": None,
                "registered_by": str(client.registered_by)}
    return {"file_number": client.file_number, "name": client.name,
            "registered_by": str(client.registered_by), "url": client.get_absolute_url()}


@login_required
@require_GET
def id_number_check(request):
    """htmx: as the ID number is typed, say what it encodes or what is wrong, and whether the
    organisation already has this person (search before create). Each lookup counts against
    the user's limit and is audited (id_check)."""
    if not request.user.can(CLIENT_CREATE):
        raise NotPermitted
    raw = request.GET.get("id_number", "")
    context = {"raw": raw}
    status = 200
    if raw.strip():
        try:
            context["parsed"] = identity.parse(raw)
        except ValidationError as exc:
            context["error"] = exc.messages[0]
        else:
            if id_check.over_limit(request):
                context["throttled"] = True
                # htmx swaps only a 2xx answer into the page; a program gets the real status.
                status = 200 if request.htmx else 429
            else:
                # Organisation-wide on purpose: one person, one file (CMH-8.3) needs to know
                # of a colleague's client too; _offer says only whom to ask about it.
                index = selectors.id_number_index(raw)
                existing = Client.objects.filter(
                    organization=request.user.organization,
                    id_number_index=index).select_related("registered_by").first()
                id_check.record_id_number_check(acting_user=request.user, index=index,
                                                found=existing)
                if existing:
                    context["existing"] = _offer(request.user, existing)
    return render(request, "clients/_id_check.html", context, status=status)


@login_required
@require_GET
def street_options(request):
    """htmx: the <option>s of the street list for the chosen district, so the list follows the
    district. Only districts of the user's own organisation's city answer; others are 404."""
    if not (request.user.can(CLIENT_CREATE) or request.user.can(CLIENT_EDIT)):
        raise NotPermitted
    organization = request.user.organization
    code = request.GET.get("district", "")
    if code and not district_choices(organization).filter(code=code).exists():
        raise Http404
    return render(request, "clients/_street_options.html", {
        "streets": street_choices(organization, code) if code else [],
        "district_chosen": bool(code)})


@login_required
@require_GET
def client_detail(request, client_id):
    client = access_client(request.user, client_id)
    actions.record_client_view(client, acting_user=request.user)
    # Named with the client's organisation, so each read goes to its shard (core/tenancy.py).
    own = {"organization_id": client.organization_id}
    return render(request, "clients/detail.html", {
        "client": client,
        "contacts": client.contacts.filter(**own),
        "household": client.household.filter(**own),
        "diagnoses": client.diagnoses.filter(**own),
        "contact_form": ContactForm(),
        "household_form": HouseholdMemberForm(),
        "diagnosis_form": DiagnosisForm(),
        "can_edit": request.user.can(CLIENT_EDIT),
        # The reverse manager carries Case's visible_to, so clients need not import cases.
        "cases": client.cases.visible_to(request.user).select_related("worker"),
        "can_open_case": request.user.can(CASE_CREATE),
        "emergency_access": emergency.active_access(request.user, client),
    })


@login_required
def client_edit(request, client_id):
    client = access_client(request.user, client_id, for_write=True)
    form = ClientForm(request.POST or None, initial=_edit_initial(client),
                      organization=client.organization, editing=True)
    duplicate = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_client(client, acting_user=request.user, data=form.cleaned_data,
                                     reason=form.cleaned_data.get("reason", ""),
                                     edit_version=form.read_version)
        except actions.DuplicateClient as exc:
            duplicate = _offer(request.user, exc.existing)
            form.apply_action_error(id_check.duplicate_error(request.user, exc.existing) or exc)
        except EditConflict as exc:
            # Someone saved the file after this form was opened: the form comes back on the
            # version saved now, with the user's own entries kept and the differences listed.
            client = access_client(request.user, client_id, for_write=True)
            form = form.merged_with(exc, _edit_initial(client),
                                    current_version=client.edit_version)
            status = 409
        else:
            messages.success(request, _("Changes saved."))
            return redirect(client)
    return render(request, "clients/form.html", {
        "form": form, "client": client, "duplicate": duplicate, "creating": False},
        status=status)


def _edit_initial(client: Client) -> dict:
    return {**{field: getattr(client, field) for field in actions.CLIENT_FIELDS},
            "edit_version": client.edit_version}


def _sub_form_post(request, client_id, form_class, perform):
    client = access_client(request.user, client_id, for_write=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            perform(client, form.cleaned_data)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Saved."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
    return redirect(client)


@login_required
@require_POST
def contact_add(request, client_id):
    return _sub_form_post(request, client_id, ContactForm, lambda client, data:
                          actions.do_add_contact(client, acting_user=request.user, **data))


@login_required
@require_POST
def household_add(request, client_id):
    return _sub_form_post(
        request, client_id, HouseholdMemberForm,
        lambda client, data: actions.do_add_household_member(
            client, acting_user=request.user, **data))


@login_required
@require_POST
def diagnosis_add(request, client_id):
    def perform(client, data):
        actions.do_add_diagnosis(
            client, acting_user=request.user,
            code=data["known_code"] or data["other_code"],
            label="" if data["known_code"] else data["other_label"],
            diagnosed_on=data["diagnosed_on"], diagnosed_by=data["diagnosed_by"])

    return _sub_form_post(request, client_id, DiagnosisForm, perform)


def _remove_sub_record(request, client_id, related: str, record_id, perform):
    client = access_client(request.user, client_id, for_write=True)
    record = get_object_or_404(getattr(client, related), pk=record_id)
    perform(record)
    messages.success(request, _("Removed."))
    return redirect(client)


@login_required
@require_POST
def contact_remove(request, client_id, contact_id):
    return _remove_sub_record(request, client_id, "contacts", contact_id, lambda contact:
                              actions.do_remove_contact(contact, acting_user=request.user))


@login_required
@require_POST
def household_remove(request, client_id, member_id):
    return _remove_sub_record(request, client_id, "household", member_id, lambda member:
                              actions.do_remove_household_member(member,
                                                                 acting_user=request.user))


@login_required
@require_POST
def diagnosis_remove(request, client_id, diagnosis_id):
    client = access_client(request.user, client_id, for_write=True)
    diagnosis = get_object_or_404(client.diagnoses, pk=diagnosis_id)
    form = RemovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for removing a diagnosis."))
        return redirect(client)
    actions.do_remove_diagnosis(diagnosis, acting_user=request.user,
                                reason=form.cleaned_data["reason"])
    messages.success(request, _("Removed."))
    return redirect(client)
