"""The rehabilitation centre's pages: a case's admission criteria and the supervisor's override,
the rehabilitation file on one page, the reception register, the centre's profile and medical
partners, and the list of overrides. Each view fetches through `access_*` or the selectors,
calls an action and shows its refusal next to the field; nothing is half-saved."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anxin.accounts.capabilities import (
    CASE_APPROVE,
    CASE_PRINT,
    CASE_TRANSITION,
    CASE_VIEW,
    CENTRE_SETTINGS,
)
from anxin.cases.access import access_case
from anxin.core.access import require
from anxin.core.exceptions import NotPermitted, NotVisible
from anxin.core.form_views import submitted
from anxin.core.paging import CappedPaginator
from anxin.documents.registry import kinds as registry

from . import actions, eligibility, kinds, selectors
from .forms import EnquiryForm, OverrideForm, PartnerEndForm, PartnerForm, ProfileForm
from .models import MedicalPartner

PAGE_SIZE = 50


def _centre(user, *capabilities):
    require(user, *capabilities)
    organization = user.membership.organization
    if not actions.is_centre(organization):
        raise NotPermitted
    return organization


def _reh_case(user, case_id, **kwargs):
    case = access_case(user, case_id, **kwargs)
    if case.pathway != "reh":
        raise NotVisible
    return case


@login_required
def eligibility_page(request, case_id):
    """Each admission criterion, met or not, with its clause; a supervisor may override."""
    case = _reh_case(request.user, case_id)
    results = eligibility.evaluate(eligibility.gather(case.client, case=case))
    overrides = list(case.eligibility_overrides.filter(organization_id=case.organization_id,
                                                       episode=case.episode)
                     .select_related("decided_by"))
    covered = {code for o in overrides for code in o.rules}
    may_override = (request.user.can(CASE_APPROVE)
                    and case.stage in ("screening", "admission_assessment")
                    and any(not r.met for r in results)
                    and not {r.rule.code for r in results if not r.met} <= covered)
    form = OverrideForm(request.POST or None)
    if request.method == "POST":
        if not may_override:
            raise NotPermitted
        done = submitted(request, form, lambda data: actions.do_override_eligibility(
            case, acting_user=request.user, reason=data["reason"]),
            done=_("Override recorded; the administrators are told."),
            then=reverse("rehab:eligibility", args=[case.pk]))
        if done:
            return done
    return render(request, "rehab/eligibility.html", {
        "case": case, "results": results, "overrides": overrides, "covered": covered,
        "form": form if may_override else None,
        "all_met": all(r.met for r in results)})


def _label(kind_code: str, field: str, value) -> str:
    if value in (None, ""):
        return ""
    try:
        definition = registry.latest(kind_code).field(field)
    except KeyError:
        return str(value)
    for choice in definition.choices:
        if choice.code == value:
            return str(choice.label)
    return str(value)


@login_required
@require_GET
def rehabilitation_file(request, case_id):
    """The rehabilitation file (康复档案) on one page, in the order REH-4.7.3.1 lists it."""
    case = _reh_case(request.user, case_id)
    from anxin.cases.actions.reads import record_case_view

    # The file shows the client's scores and stages: a reading of it is on the record.
    record_case_view(case, acting_user=request.user, channel="rehabilitation_file")
    by_kind = selectors.file_documents(case)
    sections = []
    for code in kinds.FILE_ORDER:
        kind = registry.latest(code)
        sections.append({"code": code, "title": kind.title, "clause": kind.clause,
                         "documents": by_kind[code]})
        if code == kinds.PLAN:
            # 服药记录 comes after the plan in the standard's list; the medication app holds it.
            sections.append({"code": "medication", "link": "medication"})
        if code == kinds.EVALUATION:
            sections.append({"code": "activities", "link": "activities"})
    progress = selectors.progress(by_kind, case.episode)
    for row in progress:
        for measure in ("self_care", "social_relations"):
            cell = row["values"][measure]
            cell["label"] = _label(kinds.EVALUATION, measure, cell["value"])
    return render(request, "rehab/file.html", {
        "case": case, "sections": sections, "progress": progress,
        "can_print": request.user.can(CASE_PRINT),
        # Kept by their own apps, in the file where the standard lists them.
        "medication_url": reverse("medication:client", args=[case.client_id]),
        "activities_url": reverse("programmes:sessions", args=[case.pk])})


# --- The reception register (REH-5.3.1, 5.3.2) -------------------------------------------

@login_required
@require_GET
def enquiry_list(request):
    _centre(request.user, CASE_VIEW)
    page = CappedPaginator(selectors.enquiries(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "rehab/enquiries.html", {
        "page": page, "can_record": request.user.can(CASE_TRANSITION)})


@login_required
def enquiry_new(request):
    organization = _centre(request.user, CASE_VIEW, CASE_TRANSITION)
    form = EnquiryForm(request.POST or None)
    done = submitted(request, form, lambda data: actions.do_record_enquiry(
        organization, acting_user=request.user, **data), done=_("Enquiry registered."),
        then=reverse("rehab:enquiries"))
    return done or render(request, "rehab/form.html", {
        "form": form, "title": _("Register an enquiry"), "back": reverse("rehab:enquiries")})


# --- The centre's profile and medical partners (REH-4.7.3.6, 4.9.2.2, 5.2.1.1.3) ----------

@login_required
def centre(request):
    organization = _centre(request.user, CENTRE_SETTINGS)
    profile = actions.profile_of(organization)
    form = ProfileForm(request.POST or None, instance=profile)
    done = submitted(request, form, lambda data: actions.do_update_centre_profile(
        organization, acting_user=request.user, **data), done=_("Centre profile saved."),
        then=reverse("rehab:centre"))
    if done:
        return done
    return render(request, "rehab/centre.html", {
        "form": form, "partners": list(selectors.partners(organization)),
        "partner_form": PartnerForm(), "organization": organization})


@login_required
@require_POST
def partner_add(request):
    organization = _centre(request.user, CENTRE_SETTINGS)
    form = PartnerForm(request.POST)
    done = submitted(request, form, lambda data: actions.do_add_medical_partner(
        organization, acting_user=request.user, **data), done=_("Medical partner added."),
        then=reverse("rehab:centre"))
    if done:
        return done
    return render(request, "rehab/form.html", {
        "form": form, "title": _("Add a medical partner"), "back": reverse("rehab:centre")})


@login_required
def partner_end(request, partner_id):
    organization = _centre(request.user, CENTRE_SETTINGS)
    partner = get_object_or_404(MedicalPartner, pk=partner_id, organization=organization)
    form = PartnerEndForm(request.POST or None)
    done = submitted(request, form, lambda data: actions.do_end_medical_partner(
        partner, acting_user=request.user, **data), done=_("Partnership ended."),
        then=reverse("rehab:centre"))
    return done or render(request, "rehab/form.html", {
        "form": form, "title": _("End the partnership with %(name)s") % {"name": partner.name},
        "back": reverse("rehab:centre")})


@login_required
@require_GET
def override_list(request):
    """Every override of the cases the user sees: reported (REH-4.7.1) to administrators and
    quality officers, who read each reason."""
    _centre(request.user, CASE_VIEW)
    page = CappedPaginator(selectors.overrides(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    labels = {rule.code: rule.label for rule in eligibility.RULES}
    for row in page.object_list:
        row.rule_labels = [labels.get(code, code) for code in row.rules]
    return render(request, "rehab/overrides.html", {"page": page})
