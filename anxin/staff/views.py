"""Organisation administration pages: the staff directory, a member's record, adding and
changing members, hand-over of cases, and the compliance view.

Each view parses, fetches through `access_member` or `visible_to`, calls an action and shows
the action's refusals next to the fields.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anxin.accounts.capabilities import STAFF_MANAGE
from anxin.accounts.choices import Role
from anxin.accounts.models import Team, User
from anxin.cases.selectors import with_list_relations as case_list_relations
from anxin.core.access import require
from anxin.core.exceptions import NotPermitted, NotVisible

from . import actions, compliance
from .forms import (
    DeactivateForm,
    MemberAddForm,
    MemberRoleForm,
    OrganizationForm,
    QualificationForm,
    StaffRecordForm,
    TeamForm,
    TrainingForm,
)
from .models import Qualification, TrainingRecord
from .rules import QUALIFICATION_RULES, TRAINING_RULES, rules_for, supervisor_requirement
from .selectors import access_member, with_directory_relations

PAGE_SIZE = 50


@login_required
@require_GET
def directory(request):
    """Every member of the organisation: name, role, team, status, last sign-in, locked."""
    require(request.user, STAFF_MANAGE)
    members = with_directory_relations(User.objects.visible_to(request.user))
    role = request.GET.get("role", "")
    if role in Role.values:
        members = members.filter(_membership__role=role)
    status = request.GET.get("status", "active")
    if status == "active":
        members = members.filter(_membership__is_active=True)
    elif status == "inactive":
        members = members.filter(_membership__is_active=False)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    locked = compliance.locked_usernames(m.username for m in page.object_list)
    organization = request.user.organization
    return render(request, "staff/directory.html", {
        "page": page, "locked": locked, "role": role, "status": status,
        "roles": Role.choices, "organization": organization,
        "teams": Team.objects.filter(organization=organization).select_related("supervisor"),
        "ratio": compliance.staffing_ratio(organization)})


@login_required
def member_add(request):
    require(request.user, STAFF_MANAGE)
    organization = request.user.organization
    form = MemberAddForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            member, password = actions.do_add_member(
                organization, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            return render(request, "staff/password_issued.html", {
                "member": member, "password": password, "new": True})
    return render(request, "staff/member_form.html", {
        "form": form, "title": _("Add a member"), "multipart": False})


@login_required
@require_GET
def member_detail(request, member_id):
    member = access_member(request.user, member_id)
    organization = request.user.organization
    today = timezone.localdate()
    status = next(iter(compliance.member_statuses(organization, today=today, member=member)),
                  None)
    return render(request, "staff/member_detail.html", {
        "member": member, "membership": member.membership, "status": status,
        "locked": member.username in compliance.locked_usernames([member.username]),
        "qualifications": Qualification.objects.filter(member=member),
        "trainings": TrainingRecord.objects.filter(member=member)[:50],
        "open_cases": actions.open_cases_of(member).count(),
        "is_self": member == request.user, "year": today.year,
        "supervisor_rule": supervisor_requirement(organization)})


@login_required
def member_role(request, member_id):
    member = access_member(request.user, member_id)
    membership = member.membership
    form = MemberRoleForm(request.POST or None, organization=membership.organization,
                          initial={"role": membership.role, "team": membership.team})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_member_role(member, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Role and team saved."))
            return redirect("staff:member", member.pk)
    return render(request, "staff/member_form.html", {
        "form": form, "member": member, "title": _("Role and team")})


@login_required
def member_record(request, member_id):
    member = access_member(request.user, member_id)
    membership = member.membership
    form = StaffRecordForm(request.POST or None, initial={
        "full_name": member.full_name, "mobile": membership.mobile,
        "education_level": membership.education_level, "major": membership.major,
        "in_field_since": membership.in_field_since})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_staff_record(member, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Staff record saved."))
            return redirect("staff:member", member.pk)
    return render(request, "staff/member_form.html", {
        "form": form, "member": member, "title": _("Staff record")})


@login_required
def member_deactivate(request, member_id):
    """Deactivating asks where the member's open cases go first."""
    member = access_member(request.user, member_id)
    organization = request.user.organization
    open_cases = case_list_relations(actions.open_cases_of(member)).order_by("case_number")
    form = DeactivateForm(request.POST or None, organization=organization, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_deactivate_member(member, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("%(name)s is deactivated.") % {"name": member})
            return redirect("staff:member", member.pk)
    return render(request, "staff/deactivate.html", {
        "form": form, "member": member, "open_cases": open_cases})


def _post_action(request, member_id, perform, success: str):
    member = access_member(request.user, member_id)
    try:
        perform(member)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, success % {"name": member})
    return redirect("staff:member", member.pk)


@login_required
@require_POST
def member_reactivate(request, member_id):
    return _post_action(request, member_id, lambda m: actions.do_reactivate_member(
        m, acting_user=request.user), _("%(name)s is active again."))


@login_required
@require_POST
def member_unlock(request, member_id):
    return _post_action(request, member_id, lambda m: actions.do_unlock_member(
        m, acting_user=request.user), _("%(name)s can sign in again."))


@login_required
@require_POST
def member_reset_password(request, member_id):
    member = access_member(request.user, member_id)
    try:
        password = actions.do_reset_password(member, acting_user=request.user)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("staff:member", member.pk)
    return render(request, "staff/password_issued.html", {"member": member,
                                                          "password": password})


def _record_form(request, member_id, form_class, perform, title):
    member = access_member(request.user, member_id)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            perform(member, form.cleaned_data)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("staff:member", member.pk)
    return render(request, "staff/member_form.html", {
        "form": form, "member": member, "title": title, "multipart": True})


@login_required
def qualification_add(request, member_id):
    return _record_form(request, member_id, QualificationForm, lambda member, data: (
        actions.do_add_qualification(member, acting_user=request.user, **data)),
        _("Add a qualification"))


@login_required
def training_add(request, member_id):
    return _record_form(request, member_id, TrainingForm, lambda member, data: (
        actions.do_add_training(member, acting_user=request.user, **data)),
        _("Add a training"))


@login_required
@require_GET
def attachment(request, member_id, kind, record_id):
    """A scanned certificate, to the organisation's admins only; every download is audited."""
    member = access_member(request.user, member_id)
    model, field = {"qualification": (Qualification, "scan"),
                    "training": (TrainingRecord, "certificate")}.get(kind, (None, None))
    if model is None:
        raise NotVisible
    obj = model.objects.filter(pk=record_id, member=member,
                               organization=request.user.organization).first()
    file = getattr(obj, field, None) if obj else None
    if not file:
        raise NotVisible
    actions.record_attachment_download(obj, acting_user=request.user)
    return FileResponse(file.open("rb"), as_attachment=True,
                        filename=file.name.rsplit("/", 1)[-1])


@login_required
def team_add(request):
    require(request.user, STAFF_MANAGE)
    organization = request.user.organization
    form = TeamForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_create_team(organization, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Team created."))
            return redirect("staff:directory")
    return render(request, "staff/member_form.html", {"form": form, "title": _("Add a team")})


@login_required
@require_GET
def compliance_view(request):
    """Who lacks a qualification, who is below this year's training target, whether the
    hospital's staffing ratio is met."""
    require(request.user, STAFF_MANAGE)
    organization = request.user.organization
    today = timezone.localdate()
    statuses = compliance.member_statuses(organization, today=today)
    return render(request, "staff/compliance.html", {
        "statuses": statuses, "year": today.year, "organization": organization,
        "gaps": [s for s in statuses if s.findings],
        "qualification_rules": rules_for(QUALIFICATION_RULES, organization.kind),
        "training_rules": rules_for(TRAINING_RULES, organization.kind),
        "supervisor_rule": supervisor_requirement(organization),
        "ratio": compliance.staffing_ratio(organization)})


@login_required
def organization_add(request):
    """The platform admin registers an organisation."""
    if not (request.user.is_active and request.user.is_superuser):
        raise NotPermitted
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization, admin, password = actions.do_create_organization(
                acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": organization})
            if admin is not None:
                return render(request, "staff/password_issued.html", {
                    "member": admin, "password": password, "new": True})
            return redirect("staff:organization_add")
    return render(request, "staff/member_form.html", {
        "form": form, "title": _("Register an organisation")})
