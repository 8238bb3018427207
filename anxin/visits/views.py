"""Home-visit pages, made for a phone in the street: the day's visits, planning one, the visit
with big buttons to leave and to check in, the supervisor's approval, and form E of the visit.

Each view parses, fetches through `access_*`, calls an action of actions.py and shows its
refusal next to the fields.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anxin.accounts.capabilities import CASE_TRANSITION, VISIT_APPROVE, VISIT_PLAN
from anxin.cases import facts
from anxin.cases.access import access_case
from anxin.cases.forms import ServiceRecordForm
from anxin.cases.models import Case, ServiceRecord
from anxin.clients.access import access_client
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted
from anxin.instruments.selectors import latest_risk_level
from anxin.safety.models import Alert
from anxin.safety.selectors import settings_for

from . import actions, selectors
from .access import access_visit
from .choices import NOT_LEFT, VisitStatus
from .forms import CancelForm, CheckInForm, DecisionForm, DepartForm, PlanVisitForm
from .models import may_see_visits


@login_required
@require_GET
def visit_list(request):
    """Today's visits: out now (overdue first), awaiting approval, planned, back today. Those
    the user takes part in; supervisors and organisation-wide roles may widen it to every
    visit they see."""
    user = request.user
    if not may_see_visits(user):
        raise NotPermitted
    # Supervisors answer for their team's visits; read-only roles take part in none.
    can_widen = user.can(VISIT_APPROVE) or not user.can(VISIT_PLAN)
    scope = request.GET.get("scope") or ("mine" if user.can(VISIT_PLAN) else "all")
    if scope != "all" or not can_widen:
        scope = "mine"
    now = timezone.now()
    visits = list(selectors.board(user, now=now, mine=scope == "mine"))
    sections = {"out": [], "approval": [], "planned": [], "back": []}
    for visit in visits:
        key = {VisitStatus.OUT: "out", VisitStatus.AWAITING_APPROVAL: "approval",
               VisitStatus.READY: "planned"}.get(visit.status, "back")
        visit.late = visit.is_late(now)
        sections[key].append(visit)
    return render(request, "visits/list.html", {
        "sections": sections, "scope": scope, "can_widen": can_widen, "now": now,
        "empty": not visits})


# --- Planning -------------------------------------------------------------------------------------

def _cases_of(user, client):
    return Case.objects.visible_to(user).filter(client=client).order_by("-created_at")


@login_required
def visit_plan(request, client_id):
    """Plan a home visit for a client, within one of the client's cases when there is one."""
    if not request.user.can(VISIT_PLAN):
        raise NotPermitted
    client = access_client(request.user, client_id)
    cases = _cases_of(request.user, client)
    initial = {"staff": [request.user.pk]}
    wanted = request.GET.get("case", "")
    chosen = cases.filter(pk=wanted).first() if wanted.isdigit() else None
    open_cases = [c for c in cases if c.is_open]
    initial["case"] = chosen or (open_cases[0] if len(open_cases) == 1 else None)
    form = PlanVisitForm(request.POST or None, initial=initial, client=client, cases=cases)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = actions.do_plan_home_visit(
                client, acting_user=request.user, case=data["case"],
                planned_for=data["planned_for"], purpose=data["purpose"], place=data["place"],
                staff=data["staff"], companion_name=data["companion_name"],
                companion_role=data["companion_role"],
                suitability_note=data["suitability_note"])
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Home visit planned.") if visit.status ==
                             VisitStatus.READY else
                             _("Home visit planned. It needs a supervisor's approval before "
                               "you leave."))
            return redirect(visit)
    reading = latest_risk_level(client)
    threshold = settings_for(client.organization).companion_above_level
    alert = selectors.urgent_open_alert(client)
    above = reading is not None and reading.level > threshold
    return render(request, "visits/plan.html", {
        "form": form, "client": client, "reading": reading, "threshold": threshold,
        "above_threshold": above, "alert": alert, "needs_companion": above or alert is not None,
        "alert_visible": alert is not None and Alert.objects.visible_to(request.user).filter(
            pk=alert.pk).exists(),
        "back_url": (initial["case"].get_absolute_url() if initial["case"]
                     else client.get_absolute_url())})


# --- One visit ------------------------------------------------------------------------------------

def _detail(request, visit, *, status: int = 200, **forms):
    user = request.user
    in_team = user in visit.staff.all()
    went = user in visit.went.all()
    now = timezone.now()
    context = {
        "visit": visit, "client": visit.client, "case": visit.case, "now": now,
        "late": visit.is_late(now),
        # "Leave now" only on the day the visit is planned for (site time).
        "can_depart": user.can(VISIT_PLAN) and in_team and visit.status == VisitStatus.READY
        and selectors.is_planned_for_day(visit, now),
        "not_today": visit.status in NOT_LEFT and not selectors.is_planned_for_day(visit, now),
        "can_check_in": user.can(VISIT_PLAN) and went and visit.status == VisitStatus.OUT,
        "can_decide": user.can(VISIT_APPROVE) and user != visit.planned_by
        and visit.status == VisitStatus.AWAITING_APPROVAL,
        "can_cancel": visit.status in NOT_LEFT and (
            user.can(VISIT_APPROVE) or (user.can(VISIT_PLAN) and (
                in_team or user == visit.planned_by))),
        "can_write_record": user.can(VISIT_PLAN) and user.can(CASE_TRANSITION)
        and visit.status == VisitStatus.RETURNED and visit.case_id is not None
        and visit.service_record_id is None
        and Case.objects.visible_to(user).filter(pk=visit.case_id).exists(),
        "alert": selectors.overdue_alert_for(visit),
        "check_in_form": forms.get("check_in_form") or CheckInForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        # The station worker sees the visit, not necessarily the client's file.
        "show_client_link": Client.objects.visible_to(user).filter(pk=visit.client_id).exists(),
    }
    return render(request, "visits/detail.html", context, status=status)


@login_required
@require_GET
def visit_detail(request, visit_id):
    visit = access_visit(request.user, visit_id)
    actions.record_visit_view(visit, acting_user=request.user)
    return _detail(request, visit)


def _attempt(request, visit, form, perform, *, done: str, form_name: str):
    """Run the action; on success back to the visit with `done`, on refusal the visit page
    with the errors next to the form's fields."""
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, done)
            return redirect(visit)
    visit = access_visit(request.user, visit.pk)
    return _detail(request, visit, **{form_name: form})


@login_required
@require_POST
def visit_decide(request, visit_id):
    """A supervisor approves the visit, or refuses it saying why."""
    visit = access_visit(request.user, visit_id, for_approval=True)
    form = DecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"

    def perform(data):
        if approve:
            actions.do_approve_home_visit(visit, acting_user=request.user)
        else:
            actions.do_refuse_home_visit(visit, acting_user=request.user, reason=data["reason"])

    return _attempt(request, visit, form, perform, form_name="decision_form",
                    done=_("Visit approved: the staff may leave.") if approve
                    else _("Visit refused; the planner has been told."))


@login_required
def visit_depart(request, visit_id):
    """Before leaving: who goes, when back, the phone, the station worker told."""
    visit = access_visit(request.user, visit_id, for_write=True)
    if request.user not in visit.staff.all():
        raise NotPermitted
    if request.method != "POST" and visit.status == VisitStatus.READY and \
            not selectors.is_planned_for_day(visit, timezone.now()):
        # Nothing to fill in: the action would refuse (a POST still gets its refusal).
        messages.info(request, actions.not_today_message(visit))
        return redirect(visit)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = DepartForm(request.POST or None, visit=visit, initial={
        "staff": [u.pk for u in visit.staff.all()],
        "expected_return_at": now + datetime.timedelta(hours=2)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_depart_home_visit(
                visit, acting_user=request.user, went=data["staff"],
                expected_return_at=data["expected_return_at"],
                station_worker=data["station_worker"], contact_phone=data["contact_phone"])
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Safe visit. Check in as soon as you are back."))
            return redirect(visit)
    return render(request, "visits/depart.html", {
        "form": form, "visit": visit, "client": visit.client})


@login_required
@require_POST
def visit_check_in(request, visit_id):
    visit = access_visit(request.user, visit_id, for_write=True)
    form = CheckInForm(request.POST)
    # After the overdue alert, the visit page says the alert is still to be resolved.
    late = visit.overdue_alerted_at is not None
    return _attempt(request, visit, form, lambda data: actions.do_check_in_home_visit(
        visit, acting_user=request.user, note=data["note"]), form_name="check_in_form",
        done=_("Checked in late.") if late else _("Checked in: welcome back."))


@login_required
@require_POST
def visit_cancel(request, visit_id):
    visit = access_visit(request.user, visit_id)
    if not (request.user.can(VISIT_PLAN) or request.user.can(VISIT_APPROVE)):
        raise NotPermitted
    form = CancelForm(request.POST)
    return _attempt(request, visit, form, lambda data: actions.do_cancel_home_visit(
        visit, acting_user=request.user, reason=data["reason"]), form_name="cancel_form",
        done=_("Visit cancelled."))


# --- Form E of the visit -------------------------------------------------------------------------

@login_required
def visit_service_record(request, visit_id):
    """Form E in mode 家访, filled in from the visit, with its on-site safety checklist."""
    visit = access_visit(request.user, visit_id, for_write=True)
    if visit.case_id is None or visit.service_record_id is not None or \
            visit.status != VisitStatus.RETURNED:
        messages.info(request, _("This visit has no service record to write."))
        return redirect(visit)
    case = access_case(request.user, visit.case_id, for_write=True)
    consent = facts.latest_consent(case)
    minutes = int((visit.returned_at - visit.departed_at).total_seconds() // 60)
    initial = {"mode": "home_visit", "started_at": timezone.localtime(visit.departed_at)
               .replace(second=0, microsecond=0), "duration_minutes": max(minutes, 1),
               "place": visit.place, "participants": visit.client.name,
               "staff": "、".join(str(u) for u in visit.team()), "goal": visit.purpose,
               "staff_members": [u.pk for u in visit.team()]}
    form = ServiceRecordForm(request.POST or None, initial=initial, consent=consent,
                             organization=visit.organization)
    # A record written from the visit is a home visit's, by the staff who went (the action
    # insists on both).
    form.fields["mode"].disabled = True
    form.fields["staff_members"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.do_add_visit_service_record(visit, acting_user=request.user,
                                                        data=form.action_data())
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Service record %(number)s saved.")
                             % {"number": saved.session_number})
            return redirect(visit)
    return render(request, "cases/documents/service_record_form.html", {
        "case": case, "client": case.client, "code": "service_record", "form": form,
        "title": _("Service record of the home visit"), "case_url": case.get_absolute_url(),
        "consent": consent,
        "next_number": ServiceRecord.objects.filter(case=case).count() + 1})
