"""Caseload, supervisor queue, case page, opening a case and moving it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anxin.accounts.capabilities import (
    CASE_APPROVE,
    CASE_CREATE,
    CASE_PRINT,
    CASE_REASSIGN,
    CASE_TRANSITION,
    CASE_VIEW,
    REFERRAL_DECIDE,
)
from anxin.clients.access import access_client
from anxin.core.exceptions import NotPermitted
from anxin.core.paging import CappedPaginator, SectionPage
from anxin.documents.models import Document

from .. import actions, facts, selectors
from ..access import access_case
from ..actions.cases import default_supervisor
from ..case_forms import FollowUpForm, OpenCaseForm, TransitionForm
from ..deadlines import deadline_status
from ..models import Case, FollowUp, PlanRow, StageChange
from ..models.case import visible_cases_q
from ..workflow import engine
from ..workflow.engine import WorkflowError
from ..workflow.pathways import for_organization

PAGE_SIZE = 25
RECORDS_SHOWN = 8  # service records listed on the case page (cases/_documents.html)
# Actions that need more than a button: they have their own page.
ACTION_PAGES = {"record_follow_up": "cases:follow_up", "refer_out": "cases:referral_prepare"}


def _with_deadlines(cases, today):
    return [(case, deadline_status(case, today)) for case in cases]


# Overdue first (the earliest due dates), then the nearest deadlines, then cases without one.
DEADLINE_ORDER = (F("due_on").asc(nulls_last=True), "-stage_changed_at")


@login_required
@require_GET
def case_list(request):
    """A worker's caseload by default; supervisors may switch to their team's cases and
    organisation-wide roles see every case, filtered by stage."""
    user = request.user
    if not user.can(CASE_VIEW):
        raise NotPermitted
    scope = request.GET.get("scope") or ("mine" if user.can(CASE_TRANSITION) else "all")
    stage = request.GET.get("stage", "")
    cases = selectors.with_list_relations(Case.objects.visible_to(user))
    if scope == "mine":
        cases = cases.filter(worker=user)
    if stage in ("", "active"):
        cases = cases.filter(stage__in=selectors.active_stages())
    elif stage != "all_stages":
        cases = cases.filter(stage=stage)
    cases = cases.order_by(*DEADLINE_ORDER)
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    # The stages of the organisation's own pathway (a rehabilitation centre's are REH's).
    stages = for_organization(user.membership.organization).stages
    return render(request, "cases/list.html", {
        "page": page, "rows": _with_deadlines(page.object_list, today), "scope": scope,
        "stage": stage, "stages": stages, "can_team": user.can(CASE_APPROVE),
        "can_transition": user.can(CASE_TRANSITION),
        "can_reassign": user.can(CASE_REASSIGN) or user.can(CASE_APPROVE)})


@login_required
@require_GET
def queue(request):
    """What waits for a supervisor: forms to approve, overdue cases of the team, referrals to
    answer, follow-ups due."""
    user = request.user
    if not (user.can(CASE_APPROVE) or user.can(REFERRAL_DECIDE)):
        raise NotPermitted
    today = timezone.localdate()
    context = {"today": today}
    if user.can(CASE_APPROVE):
        plans, closures = selectors.awaiting_approval(user)
        overdue = (selectors.with_list_relations(Case.objects.visible_to(user))
                   .filter(stage__in=selectors.active_stages(), due_on__lt=today)
                   .order_by("due_on", "id"))
        visible = visible_cases_q(user, prefix="case__") or Q(pk__in=[])
        follow_ups = (FollowUp.objects.filter(visible,
                                              organization_id=user.membership.organization_id,
                                              case__stage="closed", done_on__isnull=True,
                                              planned_on__lte=today)
                      .select_related("case__client", "case__worker")
                      .only("organization", "planned_on", *selectors.QUEUE_CASE_FIELDS)
                      .order_by("planned_on", "id"))
        overdue_section = SectionPage(request, "overdue", overdue)
        overdue_section.rows = _with_deadlines(overdue_section.rows, today)
        from anxin.documents.selectors import awaiting_approval

        documents = SectionPage(request, "documents", awaiting_approval(user))
        for document in documents.rows:
            document.subject_line = document.subject.describe(document.subject_object)
        context.update(plans=SectionPage(request, "plans", plans),
                       closures=SectionPage(request, "closures", closures),
                       documents=documents,
                       overdue=overdue_section,
                       follow_ups=SectionPage(request, "follow_ups", follow_ups))
    context["referrals"] = SectionPage(request, "referrals", selectors.incoming_referrals(user))
    return render(request, "cases/queue.html", context)


FORMS_A_G = frozenset({"consent", "application", "assessment", "plan", "service_record",
                       "evaluation", "closure"})


def _documents(case):
    """Every document the case page shows, each read once: lists, because the page reads some
    twice and `facts.Loaded` answers the pathway's requirements from the same rows."""
    # Each read names the case's organisation too: on a database sharded by organisation it
    # goes to that one shard (core/tenancy.py).
    own = {"organization_id": case.organization_id}
    return {
        "consents": list(case.consents.filter(**own)
                         .select_related("informed_by", "worker_signed_by")
                         .order_by("-created_at", "-id")),
        "application": getattr(case, "application", None),
        "assessments": list(case.assessments.filter(**own).order_by("-episode")),
        "plans": list(case.plans.filter(**own)
                      .select_related("approved_by", "worker_confirmed_by")
                      .prefetch_related(Prefetch("rows", queryset=PlanRow.objects.filter(**own)
                                                 .order_by("position")))
                      .order_by("-version")),
        # The page lists the latest sessions by number, date and mode: a long case's records
        # are neither all loaded nor their notes decrypted.
        "records": list(case.service_records.filter(**own)
                        .only("organization", "case", "episode", "session_number", "mode",
                              "started_at")
                        .order_by("-session_number")[:RECORDS_SHOWN]),
        "evaluations": list(case.evaluations.filter(**own).order_by("-episode")),
        "closures": list(case.closures.filter(**own).select_related("approved_by")
                         .order_by("-episode")),
        "follow_ups": list(case.follow_ups.filter(**own).select_related("recorded_by")),
        "referrals": list(case.referrals.filter(**own).select_related("to_organization")),
        # Documents of the engine's kinds (documents/), listed after A–G.
        "engine": list(Document.objects.filter(**own, case=case)
                       .only("organization", "case", "kind", "version", "episode", "status",
                             "created_at").order_by("kind", "-episode", "-created_at")),
    }


def _engine_documents(case, docs, table, writable: bool) -> list[dict]:
    """The engine's kinds on the case page, through the one catalogue (documents/catalogue.py):
    each kind the case has documents of or its pathway names, with those documents and, for a
    kind the pathway names, where to begin one."""
    from anxin.documents.catalogue import catalogue

    named = [d.code for d in table.documents
             if d.code in catalogue and not catalogue.get(d.code).native]
    by_kind: dict[str, list] = {}
    for document in docs["engine"]:
        by_kind.setdefault(document.kind, []).append(document)
    rows = []
    for code in dict.fromkeys([*named, *by_kind]):
        entry = catalogue.get(code)
        rows.append({"entry": entry, "documents": by_kind.get(code, []),
                     "new_url": reverse("documents:new", args=[case.pk, code])
                     if writable and code in named else ""})
    return rows


@login_required
@require_GET
def case_detail(request, case_id):
    case = access_case(request.user, case_id)
    from ..actions.reads import record_case_view
    record_case_view(case, acting_user=request.user)
    table = case.pathway_table
    docs = _documents(case)
    satisfied = facts.satisfied(case, facts.Loaded(case, docs, RECORDS_SHOWN))
    checks = [
        {"check": check, "can": request.user.can(check.transition.capability),
         "page": ACTION_PAGES.get(check.transition.code)}
        for check in engine.evaluate(table, case.stage, satisfied)
    ] if not table.stage(case.stage).terminal else []
    exit_documents = [
        {"document": document, "done": all(
            r.code in satisfied for t in table.transitions_from(case.stage)
            for r in t.requirements if r.document == document.code)}
        for document in table.exit_documents(case.stage)] if checks else []
    # The rows name their stages through the case's pathway: they are given this case rather
    # than a copy of it joined (and decrypted) on every row.
    timeline = list(StageChange.objects.filter(organization_id=case.organization_id, case=case)
                    .select_related("actor"))
    for change in timeline:
        change.case = case
    # The client's group sessions while the case is open belong to its story too.
    from anxin.groups.selectors import timeline_entries

    timeline = sorted([*timeline, *timeline_entries(case, request.user)],
                      key=lambda entry: entry.at)
    return render(request, "cases/detail.html", {
        "case": case, "client": case.client, "deadline": deadline_status(case),
        "checks": checks, "exit_documents": exit_documents, "timeline": timeline,
        "docs": docs,
        "engine_documents": _engine_documents(
            # Before admission too: a centre's screening, application and agreement are
            # filled in while the case is not yet on a caseload (REH-4.7.2).
            case, docs, table, request.user.can(CASE_TRANSITION) and not case.is_terminal),
        "can_write": request.user.can(CASE_TRANSITION) and not case.is_terminal,
        "can_print": request.user.can(CASE_PRINT),
        "writable_open": request.user.can(CASE_TRANSITION) and case.is_open,
        "stage_docs": {d.code for d in table.exit_documents(case.stage)} if checks else set(),
        "is_worker": request.user == case.worker,
        # Forms A–G are the community mental-health pathway's; another pathway's case (REH)
        # lists only the engine's documents its table names.
        "forms_a_g": bool(FORMS_A_G.intersection(d.code for d in table.documents)),
    })


@login_required
def case_open(request, client_id):
    """Receive an application for a client (CMH-B) and open the case."""
    if not request.user.can(CASE_CREATE):
        raise NotPermitted
    client = access_client(request.user, client_id)
    organization = client.organization
    user = request.user
    initial = {"application_date": timezone.localdate(), "source": "sought_help",
               "worker": user.pk if user.role in ("worker", "supervisor") else None}
    supervisor = default_supervisor(user)
    if supervisor:
        initial["supervisor"] = supervisor.pk
    form = OpenCaseForm(request.POST or None, initial=initial, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = actions.do_open_case(
                client, acting_user=user, worker=data["worker"],
                supervisor=data["supervisor"], source=data["source"],
                source_detail=data["source_detail"], application_date=data["application_date"],
                needs=data["needs"])
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Case opened: %(number)s.")
                             % {"number": case.case_number})
            return redirect(case)
    return render(request, "cases/open.html", {"form": form, "client": client})


@login_required
@require_POST
def transition(request, case_id, action):
    """One of the pathway's actions, as a button on the case page."""
    case = access_case(request.user, case_id)
    form = TransitionForm(request.POST)
    form.is_valid()
    try:
        actions.do_transition(case, action, acting_user=request.user,
                              reason=form.cleaned_data.get("reason", ""))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        done = case.pathway_table.transition(action)
        messages.success(request, _("Done: %(action)s.") % {"action": done.label})
    return redirect("cases:detail", case.pk)


@login_required
def follow_up(request, case_id):
    """Record a follow-up visit after closing (CMH-6.6): date, mode, finding, reopen?"""
    case = access_case(request.user, case_id, for_write=True)
    planned = list(case.follow_ups.filter(done_on__isnull=True).order_by("planned_on"))
    form = FollowUpForm(request.POST or None, planned=planned)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_transition(case, "record_follow_up", acting_user=request.user,
                                  payload=form.cleaned_data)
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.apply_action_error(exc)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect(case)
    return render(request, "cases/follow_up.html", {"form": form, "case": case})
