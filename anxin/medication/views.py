"""The medication pages, made for a phone: the centre's list, a client's medication record (with
today's day sheet and adherence at a residential centre), the prescription forms, and the
residential centre's doses of today.

Only rehabilitation centres keep this record (rules.py): elsewhere the pages answer 403, checked
before any lookup like a capability. Each view parses, fetches through `access_client` or
`visible_to`, calls an action and shows the action's refusal next to its fields; a failed form
saves nothing (the action is one transaction).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anxin.accounts.capabilities import CLIENT_VIEW, REHAB_RECORD
from anxin.clients.access import access_client
from anxin.clients.models import Client
from anxin.core.access import require
from anxin.core.exceptions import NotPermitted
from anxin.core.form_views import submitted

from . import actions, rules, selectors
from .adherence import client_adherence
from .forms import DoseForm, EndPrescriptionForm, PrescriptionForm
from .models import Prescription


def _at_centre(user, *, doses: bool = False) -> None:
    if not (rules.gives_doses(user) if doses else rules.keeps_prescriptions(user)):
        raise NotPermitted


def _reader(request, *capabilities, doses: bool = False) -> None:
    require(request.user, CLIENT_VIEW, *capabilities)
    _at_centre(request.user, doses=doses)


@login_required
@require_GET
def index(request):
    """The clients with a current prescription, and a way to open anyone's by file number."""
    _reader(request)
    user = request.user
    file_number = request.GET.get("file_number", "").strip()
    if file_number:
        client = Client.objects.visible_to(user).filter(file_number=file_number).first()
        if client is not None:
            return redirect("medication:client", client.pk)
    return render(request, "medication/index.html", {
        "residents": selectors.centre_day(user, timezone.localdate()),
        "file_number": file_number, "not_found": bool(file_number),
        "gives_doses": rules.gives_doses(user)})


def _client_context(request, client, *, dose_form=None) -> dict:
    user = request.user
    today = timezone.localdate()
    prescriptions = selectors.client_prescriptions(client)
    context = {
        "client": client,
        "current": [p for p in prescriptions if p.is_current_on(today)],
        "past": [p for p in prescriptions if not p.is_current_on(today)],
        "can_record": user.can(REHAB_RECORD), "gives_doses": rules.gives_doses(user),
        "dose_form": dose_form, "today": today,
    }
    if context["gives_doses"]:
        adherence = client_adherence(client, days=(7, 30), today=today)
        context.update(doses=selectors.day_sheet(client, prescriptions, today),
                       adherence_7=adherence[7], adherence_30=adherence[30])
    return context


@login_required
@require_GET
def client_detail(request, client_id):
    _reader(request)
    client = access_client(request.user, client_id)
    actions.record_medication_view(client, acting_user=request.user)
    return render(request, "medication/client.html", _client_context(request, client))


def _form_page(request, form, perform, *, title: str, done: str, client):
    back = reverse("medication:client", args=[client.pk])
    finished = submitted(request, form, perform, done=done, then=back)
    if finished:
        return finished
    return render(request, "medication/form.html", {
        "form": form, "title": title, "back": back, "client": client})


def _writer(request, client_id):
    _reader(request, REHAB_RECORD)
    return access_client(request.user, client_id)


@login_required
def prescription_add(request, client_id):
    client = _writer(request, client_id)
    form = PrescriptionForm(request.POST or None)
    return _form_page(request, form, lambda data: actions.do_add_prescription(
        client, acting_user=request.user, **data), title=_("Add a prescription"),
        done=_("Prescription recorded."), client=client)


@login_required
def prescription_end(request, client_id, prescription_id):
    client = _writer(request, client_id)
    prescription = get_object_or_404(
        Prescription.objects.filter(organization_id=client.organization_id, client=client),
        pk=prescription_id)
    form = EndPrescriptionForm(request.POST or None)
    return _form_page(request, form, lambda data: actions.do_end_prescription(
        prescription, acting_user=request.user, **data),
        title=_("End the prescription of %(drug)s") % {"drug": prescription.drug},
        done=_("Prescription ended."), client=client)


@login_required
@require_POST
def dose_record(request, client_id):
    """A button of the day sheet. A refusal shows the client's page again with the message and
    nothing saved; `next=today` returns to the centre's day sheet instead."""
    _reader(request, REHAB_RECORD, doses=True)
    client = access_client(request.user, client_id)
    form = DoseForm(request.POST)
    back = (reverse("medication:today") if request.POST.get("next") == "today"
            else reverse("medication:client", args=[client.pk]))

    def perform(data):
        prescription = get_object_or_404(Prescription.objects.filter(
            organization_id=client.organization_id, client=client), pk=data["prescription"])
        return actions.do_record_administration(
            prescription, acting_user=request.user, scheduled_for=data["scheduled_for"],
            outcome=data["outcome"], note=data["note"])

    finished = submitted(request, form, perform, done=_("Dose recorded."), then=back)
    if finished:
        return finished
    return render(request, "medication/client.html",
                  _client_context(request, client, dose_form=form))


@login_required
@require_GET
def today(request):
    """The residential centre's doses of today, resident by resident, the unrecorded first."""
    _reader(request, doses=True)
    residents = selectors.centre_day(request.user, timezone.localdate())
    residents.sort(key=lambda r: (not r.overdue, not r.unrecorded, r.client.file_number))
    actions.record_medication_list_view([r.client.pk for r in residents],
                                        acting_user=request.user, where=request.path)
    return render(request, "medication/today.html", {
        "residents": residents, "now": timezone.now(),
        "can_record": request.user.can(REHAB_RECORD),
        "unrecorded": sum(len(r.overdue) for r in residents)})
