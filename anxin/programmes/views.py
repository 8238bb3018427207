"""The centre's pages, made for a phone: the weekly participation record, a case's training
sessions and the form that records one, and a residential centre's daily log.

Each view parses, fetches through `access_*` or `visible_to`, calls an action and shows the
action's refusal next to the fields; a failed form saves nothing (the action is one
transaction). The weekly record and the daily log belong to rehabilitation centres (the daily
log to residential ones): elsewhere they answer 403, like a capability the role lacks.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anxin.accounts.capabilities import CASE_VIEW, REHAB_RECORD
from anxin.accounts.choices import OrganizationKind
from anxin.cases.access import access_case
from anxin.core.access import require
from anxin.core.exceptions import NotPermitted, NotVisible
from anxin.core.form_views import submitted
from anxin.core.paging import CappedPaginator
from anxin.rehab.kinds import PROGRAMMES

from . import actions, selectors
from .choices import DAILY_SERVICE_CLAUSES, DailyServiceKind
from .forms import DailyServiceForm, TrainingSessionForm
from .participation import Week, weekly_participation
from .rules import DAILY_SERVICE_CLAUSE

PAGE_SIZE = 50
REHAB_CENTRES = (OrganizationKind.REHAB_DAY, OrganizationKind.REHAB_RESIDENTIAL)


def _centre(user, *kinds: str) -> None:
    organization = user.organization
    if organization is None or organization.kind not in (kinds or REHAB_CENTRES):
        raise NotPermitted


def _reh_case(user, case_id, *capabilities: str):
    """A rehabilitation case the user sees; any other case is as good as absent (404)."""
    require(user, CASE_VIEW, *capabilities)
    case = access_case(user, case_id)
    if case.pathway != actions.REH:
        raise NotVisible
    return case


@login_required
@require_GET
def participation(request):
    user = request.user
    require(user, CASE_VIEW)
    _centre(user)
    try:
        week = Week.parse(request.GET.get("week"))
    except ValidationError:
        week = Week.containing(timezone.localdate())
    record = weekly_participation(user, week)
    return render(request, "programmes/participation.html", {
        "record": record, "week": week, "programmes": PROGRAMMES,
        "this_week": Week.containing(timezone.localdate())})


@login_required
@require_GET
def session_list(request, case_id):
    case = _reh_case(request.user, case_id)
    page = CappedPaginator(selectors.with_people(selectors.case_sessions(case, request.user)),
                           PAGE_SIZE).get_page(request.GET.get("page"))
    if page.object_list:
        actions.record_sessions_view(case, acting_user=request.user)
    return render(request, "programmes/session_list.html", {
        "case": case, "page": page,
        "can_record": request.user.can(REHAB_RECORD) and actions.is_resident(case)})


@login_required
def session_add(request, case_id):
    user = request.user
    case = _reh_case(user, case_id, REHAB_RECORD)
    back = reverse("programmes:sessions", args=[case.pk])
    form = TrainingSessionForm(request.POST or None, organization_id=case.organization_id,
                               user=user)

    def perform(data):
        actions.do_record_training_session(
            case, acting_user=user, programme=data["programme"], delivery=data["delivery"],
            started_at=data["started_at"], minutes=data["minutes"], lead=data["lead"],
            lead_sex=data["lead_sex"], staff=list(data["staff"]),
            chaperone=data["chaperone"], note=data["note"])
        return back

    finished = submitted(request, form, perform, done=_("Training session recorded."))
    if finished:
        return finished
    return render(request, "programmes/session_form.html", {
        "form": form, "case": case, "back": back, "title": _("Record individual training")})


def _day(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
@require_GET
def daily_log(request):
    user = request.user
    require(user, CASE_VIEW)
    _centre(user, OrganizationKind.REHAB_RESIDENTIAL)
    day = _day(request.GET.get("date"))
    entries = list(selectors.day_services(user, day))
    if entries:
        actions.record_daily_view(day, acting_user=user)
    by_kind = {kind: [] for kind in DailyServiceKind}
    for entry in entries:
        by_kind[entry.kind].append(entry)
    sections = [{"kind": kind, "clause": DAILY_SERVICE_CLAUSES[kind], "entries": rows}
                for kind, rows in by_kind.items()]
    one_day = datetime.timedelta(days=1)
    return render(request, "programmes/daily_log.html", {
        "day": day, "sections": sections, "clause": DAILY_SERVICE_CLAUSE,
        "previous": day - one_day,
        "next": day + one_day if day < timezone.localdate() else None,
        "can_record": user.can(REHAB_RECORD)})


@login_required
def daily_add(request):
    user = request.user
    require(user, CASE_VIEW, REHAB_RECORD)
    _centre(user, OrganizationKind.REHAB_RESIDENTIAL)
    form = DailyServiceForm(request.POST or None, user=user,
                            initial={"date": _day(request.GET.get("date"))})

    def perform(data):
        entry = actions.do_record_daily_service(acting_user=user, **data)
        return f"{reverse('programmes:daily')}?date={entry.date.isoformat()}"

    finished = submitted(request, form, perform, done=_("Daily service recorded."))
    if finished:
        return finished
    return render(request, "programmes/daily_form.html", {
        "form": form, "back": reverse("programmes:daily"),
        "title": _("Record a daily service")})
