"""Group work's pages: the organisation's groups, a group (leaders, members, sessions, its
documents and the members' change), and the steps of running one — members joining, planning a
session, the attendance of a session on a phone, the before- and after-measures, closing.

Each view fetches through `access_*`, calls an action and shows its refusal beside the fields.
The group's documents (plan, session records, evaluation) are the document engine's pages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anxin.accounts.capabilities import CASE_APPROVE, COMMUNITY_VIEW, GROUP_RUN
from anxin.core.access import access, require
from anxin.core.exceptions import NotVisible

from . import actions, selectors
from .forms import GroupForm, MemberForm, SessionForm, attendance_marks
from .kinds import GROUP_EVALUATION, GROUP_PLAN, SESSION_RECORD
from .models import Attendance, Group, GroupMember, GroupSession, GroupStatus, Phase


def access_group(user, group_id, *, for_write: bool = False) -> Group:
    needs = (COMMUNITY_VIEW, GROUP_RUN) if for_write else (COMMUNITY_VIEW,)
    return access(user, Group.objects.all(), group_id, *needs)


def _session(group, session_id) -> GroupSession:
    try:
        return GroupSession.objects.select_related("group").get(pk=session_id, group=group)
    except (GroupSession.DoesNotExist, ValueError):
        raise NotVisible from None


def _staff(organization_id):
    from anxin.accounts.models import User

    return (User.objects.filter(_membership__organization_id=organization_id,
                                _membership__is_active=True, is_active=True)
            .order_by("full_name", "username"))


@login_required
@require_GET
def group_list(request):
    require(request.user, COMMUNITY_VIEW)
    status = request.GET.get("status", "")
    if status not in GroupStatus.values:
        status = ""
    page = Paginator(selectors.group_list(request.user, status=status), 50).get_page(
        request.GET.get("page"))
    return render(request, "groups/list.html", {
        "page": page, "status": status, "statuses": GroupStatus.choices,
        "can_run": request.user.can(GROUP_RUN)})


@login_required
@require_http_methods(["GET", "POST"])
def group_new(request):
    require(request.user, COMMUNITY_VIEW, GROUP_RUN)
    organization_id = request.user.membership.organization_id
    form = GroupForm(request.POST or None,
                     staff=_staff(organization_id).exclude(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = actions.do_create_group(
                acting_user=request.user, type=data["type"], title=data["title"],
                programme=data["programme"], goals=data["goals"],
                target_population=data["target_population"],
                course_weeks=data["course_weeks"], measure=data["measure"],
                leaders=[request.user, *data["co_leaders"]],
                external_leaders=data["external_leaders"])
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Group created. Write its plan for a supervisor to "
                                        "approve before the first session."))
            return redirect("groups:detail", group.pk)
    return render(request, "groups/form.html", {"form": form})


@login_required
@require_GET
def group_detail(request, group_id):
    group = access_group(request.user, group_id)
    user = request.user
    page = selectors.group_page(group)
    plan = page["plans"][-1] if page["plans"] else None
    evaluation = page["evaluations"][-1] if page["evaluations"] else None
    can_run = user.can(GROUP_RUN) and group.status != GroupStatus.CLOSED
    return render(request, "groups/detail.html", {
        "group": group, **page, "plan": plan, "evaluation": evaluation,
        "can_run": can_run, "can_approve": user.can(CASE_APPROVE),
        "plan_approved": plan is not None and plan.status == "approved",
        "evaluation_approved": evaluation is not None and evaluation.status == "approved",
        "plan_url": reverse("documents:new_for", args=["group", group.pk, GROUP_PLAN]),
        "evaluation_url": reverse("documents:new_for",
                                  args=["group", group.pk, GROUP_EVALUATION]),
        "record_kind": SESSION_RECORD,
        "phases": Phase,
    })


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, group_id):
    from anxin.clients.models import Client

    group = access_group(request.user, group_id, for_write=True)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client = (Client.objects.visible_to(request.user)
                  .filter(file_number=data["client"].strip()).first())
        if client is None:
            form.add_error("client", _("No client of yours has this file number."))
        else:
            try:
                actions.do_add_member(group, client, acting_user=request.user,
                                      joined_on=data["joined_on"],
                                      consent_mode=data["consent_mode"],
                                      consented_on=data["consented_on"])
            except ValidationError as exc:
                form.apply_action_error(exc)
            else:
                messages.success(request, _("%(name)s joined the group.") % {"name": client.name})
                return redirect("groups:detail", group.pk)
    # The user's own clients first: the picker offers them, any other visible one by number.
    offered = (Client.objects.visible_to(request.user).only("file_number", "name")
               .order_by("name")[:200])
    return render(request, "groups/member_form.html", {"group": group, "form": form,
                                                       "offered": offered})


@login_required
@require_POST
def member_leave(request, group_id, member_id):
    from django.utils import timezone

    group = access_group(request.user, group_id, for_write=True)
    member = get_object_or_404(GroupMember.objects.select_related("client", "group"),
                               pk=member_id, group=group)
    try:
        actions.do_remove_member(member, acting_user=request.user,
                                 left_on=timezone.localdate())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s left the group.") % {"name": member.client.name})
    return redirect("groups:detail", group.pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request, group_id):
    group = access_group(request.user, group_id, for_write=True)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = actions.do_plan_session(group, acting_user=request.user,
                                              starts_at=data["starts_at"],
                                              minutes=data["minutes"], place=data["place"])
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Session %(number)s planned.")
                             % {"number": session.number})
            return redirect("groups:detail", group.pk)
    return render(request, "groups/session_form.html", {"group": group, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request, group_id, session_id):
    """Who came, one row per member with big buttons, for a phone in the group room."""
    group = access_group(request.user, group_id, for_write=True)
    session = _session(group, session_id)
    members = selectors.session_members(session)
    errors, marks = {}, {}
    if request.method == "POST":
        marks = attendance_marks(request.POST, members)
        try:
            actions.do_record_attendance(session, marks, acting_user=request.user)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: v[0].messages[0] for k, v in exc.error_dict.items()}
            else:
                errors = {"__all__": " ".join(exc.messages)}
        else:
            messages.success(request, _("Attendance of session %(number)s recorded.")
                             % {"number": session.number})
            return redirect("groups:detail", group.pk)
    else:
        marks = {pk: (a.status, a.reason) for pk, a in selectors.attendance_of(session).items()}
    rows = [{"member": m, "status": marks.get(m.pk, ("", ""))[0],
             "reason": marks.get(m.pk, ("", ""))[1], "error": errors.get(f"member_{m.pk}"),
             "reason_error": errors.get(f"member_{m.pk}_reason")} for m in members]
    return render(request, "groups/attendance.html", {
        "group": group, "session": session, "rows": rows, "choices": Attendance.choices,
        "form_error": errors.get("__all__")})


@login_required
@require_POST
def session_cancel(request, group_id, session_id):
    group = access_group(request.user, group_id, for_write=True)
    session = _session(group, session_id)
    try:
        actions.do_cancel_session(session, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Session %(number)s cancelled.") % {"number": session.number})
    return redirect("groups:detail", group.pk)


@login_required
@require_GET
def session_record(request, group_id, session_id):
    """The session's record: the one begun, or a new one."""
    group = access_group(request.user, group_id)
    session = _session(group, session_id)
    from anxin.documents.models import Document

    document = Document.objects.filter(organization_id=group.organization_id,
                                       group_session=session, kind=SESSION_RECORD).first()
    if document is not None:
        return redirect("documents:detail", document.pk)
    return redirect("documents:new_for", "group_session", session.pk, SESSION_RECORD)


@login_required
@require_http_methods(["GET", "POST"])
def measure(request, group_id, member_id, phase):
    """A member's before- or after-measure on the group's instrument."""
    from anxin.instruments import registry
    from anxin.instruments.forms import ResponseForm

    group = access_group(request.user, group_id, for_write=True)
    member = get_object_or_404(GroupMember.objects.select_related("client"), pk=member_id,
                               group=group)
    if phase not in Phase.values or not group.measure:
        raise NotVisible
    definition = registry.latest(group.measure)
    form = ResponseForm(definition, request.POST or None, attach_choices=[])
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_measure(member, phase, form.answers(), acting_user=request.user,
                                      administered_on=form.cleaned_data["administered_on"])
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("%(instrument)s recorded.")
                             % {"instrument": definition.name})
            return redirect("groups:detail", group.pk)
    return render(request, "groups/measure.html", {
        "group": group, "member": member, "client": member.client, "definition": definition,
        "form": form, "phase": Phase(phase)})


@login_required
@require_POST
def group_close(request, group_id):
    group = access_group(request.user, group_id, for_write=True)
    try:
        actions.do_close_group(group, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The group is closed."))
    return redirect("groups:detail", group.pk)
