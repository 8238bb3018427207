"""Community-work pages: the activity list with filters, recording and changing an activity,
adding participants and materials; the volunteer register, a volunteer's record and hours.

Each view parses, fetches through `access_*` or `visible_to`, calls an action and shows its
refusal next to the fields. Reading needs COMMUNITY_VIEW; recording activities COMMUNITY_RECORD;
the volunteer register VOLUNTEER_MANAGE. Another organisation's row is a 404.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anxin.accounts.capabilities import (
    CASE_PRINT,
    COMMUNITY_RECORD,
    COMMUNITY_VIEW,
    VOLUNTEER_MANAGE,
)
from anxin.core.access import require
from anxin.core.form_views import submitted

from . import actions, selectors
from .choices import ActivityType, VolunteerSkill
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    HoursForm,
    MaterialForm,
    ParticipantForm,
    VolunteerFilterForm,
    VolunteerForm,
)
from .models import ActivityParticipant, CommunityActivity
from .rules import clauses_for

PAGE_SIZE = 25


def _form_page(request, form, *, title: str, back_url: str, back_label: str, submit=None):
    return render(request, "community/form.html", {
        "form": form, "title": title, "back_url": back_url, "back_label": back_label,
        "submit": submit or _("Save")})


# --- Activities -----------------------------------------------------------------------------

@login_required
@require_GET
def activity_list(request):
    require(request.user, COMMUNITY_VIEW)
    organization = request.user.organization
    filter_form = ActivityFilterForm(request.GET, organization=organization)
    filters = filter_form.filters()
    activities = selectors.filter_activities(selectors.activity_list(request.user), **filters)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/activity_list.html", {
        "page": page, "filters": filters, "types": ActivityType.choices,
        "regions": filter_form.fields["region"].queryset,
        "can_record": request.user.can(COMMUNITY_RECORD),
        "can_manage_volunteers": request.user.can(VOLUNTEER_MANAGE)})


@login_required
def activity_create(request):
    require(request.user, COMMUNITY_VIEW, COMMUNITY_RECORD)
    form = ActivityForm(request.POST or None, organization=request.user.organization,
                        initial={"date": timezone.localdate()})
    done = submitted(request, form, lambda data: actions.do_record_activity(
        acting_user=request.user, **data), done=_("Activity recorded."))
    if done:
        return done
    return _form_page(request, form, title=_("Record a community activity"),
                      back_url=_list_url(), back_label=_("Community activities"))


def _list_url():
    return reverse("community:activities")


@login_required
@require_GET
def activity_detail(request, activity_id):
    user = request.user
    activity = selectors.access_activity(user, activity_id)
    participants = list(selectors.visible_participants(activity, user))
    total = ActivityParticipant.objects.filter(activity=activity).count()
    return render(request, "community/activity_detail.html", {
        "activity": activity, "participants": participants,
        "hidden_participants": total - len(participants),
        "materials": list(activity.materials.all()),
        "volunteer_hours": list(activity.volunteer_hours.select_related("volunteer")
                                .order_by("-date", "-pk")),
        "documents": documents_of(activity, user),
        "clauses": clauses_for(activity.type),
        "can_record": user.can(COMMUNITY_RECORD),
        "can_print": user.can(CASE_PRINT)})


def documents_of(activity, user) -> list:
    """The activity's filled documents (its record with photos), oldest first."""
    from anxin.documents.models import Document

    return list(Document.objects.visible_to(user)
                .filter(organization_id=activity.organization_id, activity=activity)
                .order_by("created_at", "pk"))


@login_required
def activity_edit(request, activity_id):
    activity = selectors.access_activity(request.user, activity_id, for_write=True)
    initial = {name: getattr(activity, name) for name in actions.ACTIVITY_FIELDS}
    form = ActivityForm(request.POST or None, organization=request.user.organization,
                        initial=initial)
    done = submitted(request, form, lambda data: actions.do_update_activity(
        activity, acting_user=request.user, **data), done=_("Activity saved."), then=activity)
    if done:
        return done
    return _form_page(request, form, title=_("Change the activity"),
                      back_url=activity.get_absolute_url(), back_label=activity.title)


@login_required
def participant_add(request, activity_id):
    """A client the user may see took part; `q` narrows the choice by name or file number."""
    from anxin.clients.models import Client

    activity = selectors.access_activity(request.user, activity_id, for_write=True)
    clients = (Client.objects.visible_to(request.user)
               .exclude(pk__in=activity.participants.values("client_id")).order_by("name", "pk"))
    q = request.GET.get("q", "").strip()[:60]
    if q:
        clients = clients.filter(Q(name__icontains=q) | Q(file_number__icontains=q))
    form = ParticipantForm(request.POST or None, clients=clients)
    done = submitted(request, form, lambda data: actions.do_add_participant(
        activity, data["client"], acting_user=request.user),
        done=_("Participant added."), then=activity)
    if done:
        return done
    return render(request, "community/participant_form.html", {
        "form": form, "activity": activity, "q": q})


@login_required
def material_add(request, activity_id):
    activity = selectors.access_activity(request.user, activity_id, for_write=True)
    form = MaterialForm(request.POST or None)
    done = submitted(request, form, lambda data: actions.do_add_material(
        activity, acting_user=request.user, **data), done=_("Materials recorded."), then=activity)
    if done:
        return done
    return _form_page(request, form, title=_("Materials handed out"),
                      back_url=activity.get_absolute_url(), back_label=activity.title)


# --- Volunteers -----------------------------------------------------------------------------

def _volunteers_url():
    return reverse("community:volunteers")


@login_required
@require_GET
def volunteer_list(request):
    require(request.user, COMMUNITY_VIEW)
    filters = VolunteerFilterForm(request.GET).filters()
    volunteers = selectors.filter_volunteers(selectors.volunteer_list(request.user), **filters)
    page = Paginator(volunteers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/volunteer_list.html", {
        "page": page, "filters": filters, "skills": VolunteerSkill.choices,
        "can_manage": request.user.can(VOLUNTEER_MANAGE),
        "show_phone": selectors.may_see_phone(request.user)})


@login_required
def volunteer_create(request):
    require(request.user, COMMUNITY_VIEW, VOLUNTEER_MANAGE)
    form = VolunteerForm(request.POST or None)
    done = submitted(request, form, lambda data: actions.do_register_volunteer(
        acting_user=request.user, **data), done=_("Volunteer registered."))
    if done:
        return done
    return _form_page(request, form, title=_("Register a volunteer"),
                      back_url=_volunteers_url(), back_label=_("Volunteers"))


@login_required
@require_GET
def volunteer_detail(request, volunteer_id):
    volunteer = selectors.access_volunteer(request.user, volunteer_id)
    hours = list(selectors.hours_of(volunteer)[:200])
    return render(request, "community/volunteer_detail.html", {
        "volunteer": volunteer, "hours": hours, "total": sum(h.hours for h in hours),
        "can_manage": request.user.can(VOLUNTEER_MANAGE),
        "show_phone": selectors.may_see_phone(request.user)})


@login_required
def volunteer_edit(request, volunteer_id):
    volunteer = selectors.access_volunteer(request.user, volunteer_id, for_write=True)
    initial = {name: getattr(volunteer, name) for name in actions.VOLUNTEER_FIELDS}
    form = VolunteerForm(request.POST or None, initial=initial)
    done = submitted(request, form, lambda data: actions.do_update_volunteer(
        volunteer, acting_user=request.user, **data), done=_("Volunteer saved."), then=volunteer)
    if done:
        return done
    return _form_page(request, form, title=_("Change the volunteer's record"),
                      back_url=volunteer.get_absolute_url(), back_label=volunteer.name)


@login_required
def hours_add(request, volunteer_id):
    from anxin.groups.models import Group

    volunteer = selectors.access_volunteer(request.user, volunteer_id, for_write=True)
    organization_id = volunteer.organization_id
    activities = CommunityActivity.objects.filter(organization_id=organization_id).order_by(
        "-date", "-pk")[:100]
    # The group's title is all the choice shows; its members stay on its own pages.
    groups = Group.objects.filter(organization_id=organization_id).order_by("-created_at")[:100]
    wanted = request.GET.get("activity", "")
    initial = {"date": timezone.localdate()}
    if wanted.isdigit():
        initial["activity"] = int(wanted)
    form = HoursForm(request.POST or None, activities=_ids_in(activities),
                     groups=_ids_in(groups), initial=initial)
    done = submitted(request, form, lambda data: actions.do_log_volunteer_hours(
        volunteer, acting_user=request.user, **data), done=_("Hours logged."), then=volunteer)
    if done:
        return done
    return _form_page(request, form, title=_("Log volunteer hours"),
                      back_url=volunteer.get_absolute_url(), back_label=volunteer.name)


def _ids_in(sliced):
    """A model choice field cannot filter a sliced queryset when it validates the choice:
    the same rows as a plain queryset of their ids."""
    model = sliced.model
    return model.objects.filter(pk__in=list(sliced.values_list("pk", flat=True))).order_by(
        *sliced.query.order_by)
