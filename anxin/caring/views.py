"""Caring-team, coverage and peer-supporter pages, made for a phone: the lists, one team with its
members, clients and meetings, the forms that change them, and one peer supporter's records.

Each view parses, fetches through `access_*` or `visible_to`, calls an action and shows the
action's refusal next to the fields; a failed form saves nothing (the action is one
transaction).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anxin.accounts.capabilities import (
    CARING_TEAM_MANAGE,
    COMMUNITY_VIEW,
    REGION_INDICATORS_VIEW,
    VOLUNTEER_MANAGE,
)
from anxin.clients.models import Client
from anxin.core.access import require
from anxin.core.exceptions import NotPermitted, NotVisible
from anxin.core.form_views import submitted
from anxin.core.paging import CappedPaginator

from . import actions, coverage, selectors
from .access import access_peer, access_team
from .choices import PeerStatus
from .forms import (
    AssessmentForm,
    EndForm,
    MeetingForm,
    MemberForm,
    PeerRegisterForm,
    StatusForm,
    SupervisionForm,
    TeamClientForm,
    TeamForm,
    TrainingForm,
)
from .rules import ACTIVE_GATE, STREET_COVERAGE

PAGE_SIZE = 50


def _form_page(request, form, perform, *, title: str, done: str, back: str,
               stay: bool = False, **context):
    """GET shows the form; a valid POST runs `perform(cleaned_data)` and goes to what it
    returns, or back to `back` (the page the form belongs to) with `stay`; a refusal comes
    back next to its field with nothing saved."""
    finished = submitted(request, form, perform, done=done, then=back if stay else None)
    if finished:
        return finished
    return render(request, "caring/form.html", {
        "form": form, "title": title, "back": back, **context})


# --- Caring teams -------------------------------------------------------------------------------

@login_required
@require_GET
def team_list(request):
    require(request.user, COMMUNITY_VIEW)
    page = CappedPaginator(selectors.team_list(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "caring/team_list.html", {
        "page": page, "can_manage": request.user.can(CARING_TEAM_MANAGE)})


@login_required
def team_add(request):
    require(request.user, COMMUNITY_VIEW, CARING_TEAM_MANAGE)
    form = TeamForm(request.POST or None)
    return _form_page(request, form, lambda data: actions.do_create_team(
        acting_user=request.user, **data), title=_("Form a caring team"),
        done=_("Caring team formed."), back=reverse("caring:teams"))


@login_required
@require_GET
def team_detail(request, team_id):
    team = access_team(request.user, team_id)
    user = request.user
    return render(request, "caring/team_detail.html", {
        "team": team, "members": selectors.team_members(team),
        "clients": selectors.team_clients(team, user),
        "hidden_clients": selectors.hidden_client_count(team, user),
        "meetings": selectors.team_meetings(team, user)[:20],
        "can_manage": user.can(CARING_TEAM_MANAGE)})


@login_required
def team_edit(request, team_id):
    team = access_team(request.user, team_id, for_write=True)
    form = TeamForm(request.POST or None, initial={
        "name": team.name, "street": team.street, "formed_on": team.formed_on,
        "active": team.active})
    return _form_page(request, form, lambda data: actions.do_update_team(
        team, acting_user=request.user, **data), title=_("Change the caring team"),
        done=_("Caring team saved."), back=team.get_absolute_url())


@login_required
def member_add(request, team_id):
    team = access_team(request.user, team_id, for_write=True)
    form = MemberForm(request.POST or None, organization=team.organization_id)
    return _form_page(request, form, lambda data: actions.do_add_team_member(
        team, acting_user=request.user, **data), title=_("Add a team member"),
        done=_("Member added."), back=team.get_absolute_url(), stay=True,
        team=team)


@login_required
@require_POST
def member_end(request, team_id, member_id):
    team = access_team(request.user, team_id, for_write=True)
    member = get_object_or_404(team.members, pk=member_id)
    return _end(request, team, lambda until: actions.do_end_team_member(
        member, acting_user=request.user, until=until), _("The member has left the team."))


@login_required
def client_add(request, team_id):
    team = access_team(request.user, team_id, for_write=True)
    form = TeamClientForm(request.POST or None, user=request.user)
    return _form_page(request, form, lambda data: actions.do_add_team_client(
        team, data["client"], acting_user=request.user, since=data["since"]),
        title=_("Add a client the team supports"), done=_("Client added."),
        back=team.get_absolute_url(), stay=True, team=team)


@login_required
@require_POST
def client_end(request, team_id, row_id):
    team = access_team(request.user, team_id, for_write=True)
    row = selectors.team_clients(team, request.user).filter(pk=row_id).first()
    if row is None:
        raise NotVisible
    return _end(request, team, lambda until: actions.do_end_team_client(
        row, acting_user=request.user, until=until), _("The team's support has ended."))


def _end(request, team, perform, done: str):
    form = EndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"until": form.errors.get("until", [_("Give a date.")])})
        perform(form.cleaned_data["until"])
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(team)


@login_required
def meeting_add(request, team_id):
    team = access_team(request.user, team_id, for_write=True)
    form = MeetingForm(request.POST or None, team=team, user=request.user)
    return _form_page(request, form, lambda data: actions.do_record_meeting(
        team, acting_user=request.user, **data), title=_("Record a meeting"),
        done=_("Meeting recorded."), back=team.get_absolute_url(), stay=True,
        team=team)


@login_required
@require_GET
def meeting_detail(request, team_id, meeting_id):
    team = access_team(request.user, team_id)
    meeting = selectors.team_meetings(team, request.user).defer(None).filter(
        pk=meeting_id).first()
    if meeting is None:
        raise NotVisible
    actions.record_meeting_view(meeting, acting_user=request.user)
    return render(request, "caring/meeting_detail.html", {"team": team, "meeting": meeting})


# --- Coverage (REH-6.4.1.6) ---------------------------------------------------------------------

@login_required
@require_GET
def coverage_view(request):
    """An organisation's staff see their own teams' coverage of their district(s); a regional
    viewer sees every organisation's, for the districts of their region, as counts and street
    names only."""
    user = request.user
    membership = user.membership
    if membership is None:
        raise NotPermitted
    if user.can(REGION_INDICATORS_VIEW):
        rows = coverage.coverage_of(coverage.districts_in_region(membership.region))
        regional = True
    elif user.can(COMMUNITY_VIEW):
        organization = membership.organization
        rows = coverage.coverage_of(coverage.districts_of_organization(organization),
                                    organization=organization)
        regional = False
    else:
        raise NotPermitted
    return render(request, "caring/coverage.html", {
        "rows": rows, "regional": regional, "threshold": STREET_COVERAGE,
        "region": membership.region if regional else None})


# --- Peer supporters (CMH-7.2.2) ----------------------------------------------------------------

@login_required
@require_GET
def peer_list(request):
    require(request.user, COMMUNITY_VIEW)
    page = CappedPaginator(selectors.peer_list(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "caring/peer_list.html", {
        "page": page, "can_manage": request.user.can(VOLUNTEER_MANAGE), "gate": ACTIVE_GATE})


@login_required
def peer_add(request):
    require(request.user, COMMUNITY_VIEW, VOLUNTEER_MANAGE)
    form = PeerRegisterForm(request.POST or None, user=request.user)
    return _form_page(request, form, lambda data: actions.do_register_peer_supporter(
        data["client"], acting_user=request.user), title=_("Put forward a peer supporter"),
        done=_("Peer supporter registered as a candidate."), back=reverse("caring:peers"))


@login_required
@require_GET
def peer_detail(request, supporter_id):
    supporter = access_peer(request.user, supporter_id)
    actions.record_peer_view(supporter, acting_user=request.user)
    supervisions = list(supporter.supervisions.select_related("supervisor", "supported_client"))
    visible = set(Client.objects.visible_to(request.user).filter(
        pk__in=[s.supported_client_id for s in supervisions if s.supported_client_id])
        .values_list("pk", flat=True))
    for supervision in supervisions:
        # The person supported is named only to those who may see them.
        supervision.shown_client = (supervision.supported_client
                                    if supervision.supported_client_id in visible else None)
    can_manage = request.user.can(VOLUNTEER_MANAGE)
    return render(request, "caring/peer_detail.html", {
        "supporter": supporter, "client": supporter.client,
        "assessments": supporter.assessments.select_related("assessor"),
        "trainings": supporter.trainings.all(), "supervisions": supervisions,
        "can_manage": can_manage and supporter.status != PeerStatus.ENDED,
        "status_form": StatusForm(), "gate": ACTIVE_GATE})


@login_required
def assessment_add(request, supporter_id):
    supporter = access_peer(request.user, supporter_id, for_write=True)
    form = AssessmentForm(request.POST or None, organization=supporter.organization_id)
    return _form_page(request, form, lambda data: actions.do_record_peer_assessment(
        supporter, acting_user=request.user, **data),
        title=_("Record an assessment"), done=_("Assessment recorded."),
        back=supporter.get_absolute_url(), stay=True, supporter=supporter)


@login_required
def training_add(request, supporter_id):
    supporter = access_peer(request.user, supporter_id, for_write=True)
    form = TrainingForm(request.POST or None)
    return _form_page(request, form, lambda data: actions.do_record_peer_training(
        supporter, acting_user=request.user, **data),
        title=_("Record a training"), done=_("Training recorded."),
        back=supporter.get_absolute_url(), stay=True, supporter=supporter)


@login_required
def supervision_add(request, supporter_id):
    supporter = access_peer(request.user, supporter_id, for_write=True)
    form = SupervisionForm(request.POST or None, supporter=supporter, user=request.user)
    return _form_page(request, form, lambda data: actions.do_record_peer_supervision(
        supporter, acting_user=request.user, **data),
        title=_("Record a supervision"), done=_("Supervision recorded."),
        back=supporter.get_absolute_url(), stay=True, supporter=supporter)


@login_required
@require_POST
def peer_status(request, supporter_id):
    supporter = access_peer(request.user, supporter_id, for_write=True)
    form = StatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"status": _("Choose a status.")})
        actions.do_change_peer_status(supporter, acting_user=request.user,
                                      **form.cleaned_data)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Status saved."))
    return redirect(supporter)
