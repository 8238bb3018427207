"""Crisis alerts (most urgent first), one alert's protocol and log, incidents, settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anxin.accounts.capabilities import (
    ALERT_HANDLE,
    ALERT_VIEW,
    INCIDENT_RECORD,
    SAFETY_SETTINGS,
)
from anxin.audit.actions import record
from anxin.cases.access import access_case
from anxin.clients.access import access_client
from anxin.clients.choices import ContactKind
from anxin.core.exceptions import NotPermitted

from . import actions
from .access import access_alert, access_incident
from .choices import AlertStatus, ImmediateAction
from .forms import AlertStepForm, IncidentForm, ResolveForm, SafetySettingsForm
from .models import Alert
from .selectors import as_rows, settings_for

# Rows of the alert list: first the most urgent, then, on asking for more, up to the cap.
LIST_FIRST = 50
LIST_MORE = 200


@login_required
@require_GET
def alert_list(request):
    if not request.user.can(ALERT_VIEW):
        raise NotPermitted
    show = request.GET.get("show", "open")
    alerts = as_rows(Alert.objects.visible_to(request.user).most_urgent_first())
    if show != "all":
        show = "open"
        alerts = alerts.exclude(status=AlertStatus.RESOLVED)
    # The most urgent come first, so the first rows are the ones to act on; the rest are a
    # click away. One row more than shown says whether there are more, without a count.
    more = request.GET.get("more") == "1"
    shown = LIST_MORE if more else LIST_FIRST
    rows = list(alerts[:shown + 1])
    return render(request, "safety/alert_list.html", {
        "alerts": rows[:shown], "show": show,
        "has_more": not more and len(rows) > shown})


def _source_template(alert):
    if alert.source_type_id is None:
        return None
    ct = alert.source_type
    return select_template([f"{ct.app_label}/_alert_source_{ct.model}.html",
                            "safety/_alert_source_generic.html"])


def _contacts(user, alert) -> list[dict]:
    """Whom to phone about the alert's client, for those who work alerts: the client, then
    their guardian, caregiver and emergency contacts (CMH-8.2.2b: contact the family)."""
    if alert.client is None or not user.can(ALERT_HANDLE):
        return []
    rows = []
    if alert.client.phone:
        rows.append({"kind": "client", "label": _("Client"), "name": alert.client.name,
                     "phone": alert.client.phone})
    order = {kind: i for i, kind in enumerate(ContactKind.values)}
    contacts = alert.client.contacts.filter(organization_id=alert.client.organization_id)
    for contact in sorted(contacts, key=lambda c: (order.get(c.kind, 99), c.pk)):
        if contact.phone:
            rows.append({"kind": contact.kind, "label": contact.get_kind_display(),
                         "name": f"{contact.name}（{contact.relationship}）"
                         if contact.relationship else contact.name,
                         "phone": contact.phone})
    return rows


def _render_alert(request, alert, *, resolve_form=None, status=200):
    can_handle = request.user.can(ALERT_HANDLE) and alert.is_open
    steps = list(alert.steps.filter(organization_id=alert.organization_id)
                 .select_related("taken_by"))
    done = {s.protocol_item for s in steps if s.protocol_item and not s.not_applicable}
    skipped = {s.protocol_item for s in steps if s.not_applicable}
    checklist = [(item, item.code in done) for item in actions.protocol_for(alert)]
    labels = {item.code: item.label for item, _done in checklist}
    source = alert.source if alert.source_type_id else None
    if resolve_form is None:
        resolve_form = ResolveForm(unticked=actions.unticked_items(alert)) if can_handle \
            else None
    return render(request, "safety/alert_detail.html", {
        "alert": alert, "steps": steps, "checklist": checklist, "skipped": skipped,
        "labels": labels, "can_handle": can_handle, "contacts": _contacts(request.user, alert),
        "step_form": AlertStepForm(), "resolve_form": resolve_form,
        "source": source, "source_template": _source_template(alert) if source else None,
    }, status=status)


@login_required
def alert_detail(request, alert_id):
    alert = access_alert(request.user, alert_id)
    # The page shows health details, phone numbers and, for a self-assessment, contact
    # details (CMH-4.2).
    record("safety.alert.viewed", actor=request.user, target=alert, client=alert.client)
    return _render_alert(request, alert)


@login_required
@require_POST
def alert_acknowledge(request, alert_id):
    alert = access_alert(request.user, alert_id)
    actions.do_acknowledge_alert(alert, acting_user=request.user)
    messages.success(request, _("Alert acknowledged. Work through the protocol below."))
    return redirect(alert)


@login_required
@require_POST
def alert_step(request, alert_id):
    alert = access_alert(request.user, alert_id)
    form = AlertStepForm(request.POST)
    form.is_valid()
    try:
        actions.do_record_alert_step(
            alert, acting_user=request.user,
            protocol_item=form.cleaned_data.get("protocol_item", ""),
            note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Step recorded."))
    return redirect(alert)


@login_required
@require_POST
def alert_resolve(request, alert_id):
    """Resolve, with a reason for every protocol item left unticked; refused, the page comes
    back with what was typed and each refusal next to its field."""
    alert = access_alert(request.user, alert_id)
    form = ResolveForm(request.POST, unticked=actions.unticked_items(alert))
    if form.is_valid():
        try:
            actions.do_resolve_alert(alert, acting_user=request.user,
                                     resolution=form.cleaned_data["resolution"],
                                     not_applicable=form.not_applicable())
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Alert resolved."))
            return redirect(alert)
    return _render_alert(request, alert, resolve_form=form, status=400)


@login_required
def incident_new(request, client_id):
    """Record a safety incident (CMH-8.2.2b) for a client, within one of their cases if given."""
    if not request.user.can(INCIDENT_RECORD):
        raise NotPermitted
    client = access_client(request.user, client_id)
    case = None
    if request.GET.get("case") or request.POST.get("case"):
        case = access_case(request.user, request.GET.get("case") or request.POST.get("case"))
        if case.client_id != client.pk:
            raise NotPermitted
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = actions.do_record_incident(client, acting_user=request.user, case=case,
                                                  **form.cleaned_data)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Incident recorded. A risk review alert was raised "
                                        "for the responsible worker and supervisor."))
            return redirect(incident)
    return render(request, "safety/incident_form.html",
                  {"form": form, "client": client, "case": case})


@login_required
@require_GET
def incident_detail(request, incident_id):
    incident = access_incident(request.user, incident_id)
    alerts = Alert.objects.visible_to(request.user).filter(
        source_type__app_label="safety", source_type__model="incident", source_id=incident.pk)
    labels = dict(ImmediateAction.choices)
    return render(request, "safety/incident_detail.html", {
        "incident": incident, "alerts": alerts,
        "action_labels": [labels[a] for a in incident.immediate_actions if a in labels]})


@login_required
def safety_settings(request):
    if not request.user.can(SAFETY_SETTINGS):
        raise NotPermitted
    organization = request.user.organization
    form = SafetySettingsForm(request.POST or None, instance=settings_for(organization),
                              organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_safety_settings(organization, acting_user=request.user,
                                              **form.settings())
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Safety settings saved."))
            return redirect("safety:settings")
    return render(request, "safety/settings.html", {"form": form})
