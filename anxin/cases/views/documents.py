"""Pages for forms A–G (CMH appendices): fill in, read, confirm and submit, review.

Each view parses its form, fetches the case through `access_case`, calls the action of
actions/documents.py and puts the action's refusals next to the fields. What a form needs, and
when it is locked, is the actions' business alone.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anxin.accounts.capabilities import CASE_APPROVE, CASE_PRINT, CASE_TRANSITION
from anxin.core.concurrency import EditConflict
from anxin.core.exceptions import NotPermitted, NotVisible

from .. import actions, facts
from ..access import access_case
from ..actions.reads import record_document_view
from ..choices import ReviewDecision, ReviewStatus, SignatureKind
from ..forms import (
    ApplicationForm,
    AssessmentForm,
    ClosureForm,
    ConsentForm,
    EvaluationForm,
    PlanForm,
    ReviewForm,
    ServiceRecordForm,
    SubmitForm,
    plan_rows,
)
from ..models import (
    Assessment,
    CaseApplication,
    Closure,
    Consent,
    Evaluation,
    ServicePlan,
    ServiceRecord,
    Signature,
)

DOCUMENTS = {
    "consent": Consent, "application": CaseApplication, "assessment": Assessment,
    "plan": ServicePlan, "service_record": ServiceRecord, "evaluation": Evaluation,
    "closure": Closure,
}
# Plans and closing forms are confirmed by the client and worker, then approved (CMH-6.3, G).
REVIEWED = {"plan": ServicePlan, "closure": Closure}
RELATED = {
    "plan": ("created_by", "client_signature", "worker_confirmed_by", "approved_by",
             "supersedes"),
    "closure": ("created_by", "client_signature", "worker_confirmed_by", "approved_by"),
    "consent": ("client_signature", "informed_by", "worker_signed_by", "recorded_by"),
    "application": ("decided_by",),
}


# --- Links to pages other modules serve ---------------------------------------------------------

def case_url(case) -> str:
    try:
        return reverse("cases:detail", args=[case.pk])
    except NoReverseMatch:
        return f"/cases/{case.pk}/"


def print_url(case, code: str, document) -> str:
    try:
        return reverse("cases:print", args=[case.pk, code, document.pk])
    except NoReverseMatch:
        return f"/cases/{case.pk}/print/{code}/{document.pk}.pdf"


# --- Saving through an action ----------------------------------------------------------------

def _attempt(request, form, perform, *, elsewhere: tuple[str, ...] = ()):
    """Run `perform`; return (document, errors for `elsewhere`). A refusal leaves the document
    None and its messages next to the fields; a locked form becomes a page message."""
    try:
        return perform(), {}
    except actions.DocumentLocked as exc:
        messages.error(request, " ".join(exc.messages))
    except EditConflict as exc:
        # Saved by someone else since the form was read: the editor shows it merged.
        form.edit_conflict = exc
    except ValidationError as exc:
        return None, form.apply_action_error(exc, elsewhere=elsewhere)
    return None, {}


def _merged(form, current, **extra):
    """After a stale save was refused: the form on the version saved now (`current`), with
    the user's entries kept and what changed meanwhile listed (ADR 0013)."""
    if form.edit_conflict is None or current is None:
        return form
    return form.merged_with(form.edit_conflict, type(form).initial_from(current),
                            current_version=current.edit_version, **extra)


def _signed(request, form, *, signer_name: str, perform, needed: bool = True):
    """`perform(signature)` with the signature from the pad or the scan. The action checks the
    signature with its form and keeps it only if the form is saved; after a refusal the
    signature stays on the page to try again, unless the signature itself was refused."""
    signed, unreadable = None, None
    if needed:
        try:
            payload = form.signature_payload()
        except ValidationError as exc:
            unreadable = exc.messages
        else:
            if payload:
                signed = actions.SignedImage(payload[0], payload[1], signer_name)

    def attempt():
        try:
            return perform(signed)
        except actions.DocumentLocked:
            raise
        except ValidationError as exc:
            # A drawing that could not be read reached the action as "nobody signed": say so.
            if unreadable and hasattr(exc, "error_dict"):
                raise ValidationError({**exc.message_dict,
                                       "client_signature": unreadable}) from None
            raise

    document, _rest = _attempt(request, form, attempt)
    if document is None and signed is not None and not form.errors.get("client_signature"):
        form.keep_signature(signed.data, signed.kind)
    return document


def _saved(request, case, message: str):
    messages.success(request, message)
    return redirect(case_url(case))


def _form_page(request, case, code: str, form, template: str, **context):
    return render(request, f"cases/documents/{template}", {
        "case": case, "client": case.client, "code": code, "form": form,
        "title": _document_label(case, code), "case_url": case_url(case), **context},
        status=409 if getattr(form, "conflict", None) else 200)


def _age(client) -> int:
    today, born = timezone.localdate(), client.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _last_review(document):
    if document is None:
        return None
    return document.reviews.select_related("reviewer").order_by("-at", "-id").first()


def _document_label(case, code: str) -> str:
    for document in case.pathway_table.documents:
        if document.code == code:
            return str(document.label)
    return code


# --- Editing, one function per form ----------------------------------------------------------

def _edit_consent(request, case):
    """Form A. Always a new consent: the earlier ones stay on file (CMH-4.1)."""
    form = ConsentForm(request.POST or None, request.FILES or None,
                       initial=ConsentForm.initial_from(facts.latest_consent(case)))
    if request.method == "POST" and form.is_valid():
        signer_name = (form.cleaned_data["signer_name"]
                       if form.cleaned_data["signer"] == "guardian" else case.client.name)
        consent = _signed(request, form, signer_name=signer_name, needed=form.is_written,
                          perform=lambda signature: actions.do_record_consent(
                              case, acting_user=request.user, data=form.action_data(),
                              signature=signature))
        if consent is not None:
                return _saved(request, case, _("Informed consent recorded."))
    return _form_page(request, case, "consent", form, "consent_form.html", multipart=True)


def _edit_application(request, case):
    application = case.application
    form = ApplicationForm(request.POST or None,
                           initial=ApplicationForm.initial_from(application))
    if request.method == "POST" and form.is_valid():
        saved, _rest = _attempt(request, form, lambda: actions.do_save_application(
            case, acting_user=request.user, data=form.action_data(),
            edit_version=form.read_version))
        if saved is not None:
            return _saved(request, case, _("Case application saved."))
        form = _merged(form, CaseApplication.objects.select_related("case", "updated_by")
                       .filter(case=case).first())
    return _form_page(request, case, "application", form, "application_form.html",
                      document=application, show_contact=True, client_age=_age(case.client))


def _edit_assessment(request, case):
    """Form C: a draft, or completed with the "complete" button (then it is locked)."""
    assessment = facts.current_assessment(case)
    form = AssessmentForm(request.POST or None, initial=AssessmentForm.initial_from(assessment))
    complete = "complete" in request.POST
    if request.method == "POST" and form.is_valid():
        saved, _rest = _attempt(request, form, lambda: actions.do_save_assessment(
            case, acting_user=request.user, data=form.action_data(), complete=complete,
            edit_version=form.read_version))
        if saved is not None:
            return _saved(request, case, _("Assessment completed.") if complete
                          else _("Assessment draft saved."))
        form = _merged(form, assessment := facts.current_assessment(case))
    return _form_page(request, case, "assessment", form, "assessment_form.html",
                      document=assessment,
                      locked=bool(assessment and assessment.completed_at))


def _edit_plan(request, case):
    """Form D. "Add a row" posts the form back with one more empty row and saves nothing."""
    plan = facts.current_plan(case)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, initial=PlanForm.initial_from(plan),
                    base_extra={"rows": actions.plan_values(plan)["rows"] if plan else []})
    add_row = "add_row" in request.POST
    rows = plan_rows(data, plan=plan, add_row=add_row)
    row_errors = []
    if data is not None and not add_row and form.is_valid() and rows.is_valid():
        mine = [row.cleaned_data for row in rows]
        saved, elsewhere = _attempt(
            request, form, lambda: actions.do_save_plan(
                case, acting_user=request.user, data=form.action_data(), rows=mine,
                edit_version=form.read_version), elsewhere=("rows",))
        if saved is not None:
            return _saved(request, case, _("Service plan saved. Its confirmations start "
                                           "again."))
        row_errors = elsewhere.get("rows", [])
        if form.edit_conflict is not None and (plan := facts.current_plan(case)):
            form = _merged(form, plan, extra={"rows": (
                _("Service plan rows"), actions.normal_rows(mine),
                actions.plan_values(plan)["rows"], _rows_text)})
            rows = plan_rows(plan=plan, initial=form.merged_extra["rows"])
    return _form_page(request, case, "plan", form, "plan_form.html", document=plan,
                      rows=rows, row_errors=row_errors, last_review=_last_review(plan),
                      has_earlier_plan=ServicePlan.objects.filter(case=case).exists(),
                      locked=bool(plan and not plan.is_editable))


def _rows_text(rows: list[dict]) -> str:
    """The plan's rows in one line each, for the list of what changed meanwhile."""
    if not rows:
        return _("(no rows)")
    return " / ".join(f"{number}. " + " · ".join(v for v in row.values() if v)
                      for number, row in enumerate(rows, start=1))


def _edit_service_record(request, case):
    """Form E: always a new session record."""
    consent = facts.latest_consent(case)
    initial = {"started_at": timezone.localtime().replace(second=0, microsecond=0),
               "staff": str(request.user), "participants": case.client.name,
               "staff_members": [request.user.pk]}
    form = ServiceRecordForm(request.POST or None, initial=initial, consent=consent,
                             organization=case.organization)
    if request.method == "POST" and form.is_valid():
        saved, _rest = _attempt(request, form, lambda: actions.do_add_service_record(
            case, acting_user=request.user, data=form.action_data()))
        if saved is not None:
            return _saved(request, case, _("Service record %(number)s saved.")
                          % {"number": saved.session_number})
    next_number = ServiceRecord.objects.filter(case=case).count() + 1
    return _form_page(request, case, "service_record", form, "service_record_form.html",
                      consent=consent, next_number=next_number)


def _edit_evaluation(request, case):
    evaluation = Evaluation.objects.filter(case=case, episode=case.episode).first()
    form = EvaluationForm(request.POST or None, initial=EvaluationForm.initial_from(evaluation))
    if request.method == "POST" and form.is_valid():
        saved, _rest = _attempt(request, form, lambda: actions.do_save_evaluation(
            case, acting_user=request.user, data=form.action_data(),
            edit_version=form.read_version))
        if saved is not None:
            return _saved(request, case, _("Evaluation form saved."))
        form = _merged(form, evaluation := Evaluation.objects.filter(
            case=case, episode=case.episode).first())
    return _form_page(request, case, "evaluation", form, "evaluation_form.html",
                      document=evaluation)


def _edit_closure(request, case):
    closure = facts.current_closure(case)
    form = ClosureForm(request.POST or None, initial=ClosureForm.initial_from(closure))
    if request.method == "POST" and form.is_valid():
        saved, _rest = _attempt(request, form, lambda: actions.do_save_closure(
            case, acting_user=request.user, data=form.action_data(),
            edit_version=form.read_version))
        if saved is not None:
            return _saved(request, case, _("Closing form saved. Its confirmations start "
                                           "again."))
        form = _merged(form, closure := facts.current_closure(case))
    return _form_page(request, case, "closure", form, "closure_form.html", document=closure,
                      intake_date=_intake_date(case), last_review=_last_review(closure),
                      locked=bool(closure and not closure.is_editable))


EDITORS = {
    "consent": _edit_consent, "application": _edit_application,
    "assessment": _edit_assessment, "plan": _edit_plan,
    "service_record": _edit_service_record, "evaluation": _edit_evaluation,
    "closure": _edit_closure,
}


@login_required
def document_edit(request, case_id, code):
    editor = EDITORS.get(code)
    if editor is None:
        raise Http404
    case = access_case(request.user, case_id, for_write=True)
    return editor(request, case)


# --- Reading ----------------------------------------------------------------------------------

def _document(case, code: str, document_id):
    model = DOCUMENTS.get(code)
    if model is None:
        raise Http404
    queryset = (model.objects.filter(organization_id=case.organization_id, case=case)
                .select_related(*RELATED.get(code, ())))
    if code == "plan":
        queryset = queryset.prefetch_related("rows", "reviews__reviewer")
    elif code == "closure":
        queryset = queryset.prefetch_related("reviews__reviewer")
    elif code == "service_record":
        queryset = queryset.select_related("created_by").prefetch_related("staff_members")
    return get_object_or_404(queryset, pk=document_id)


def _intake_date(case) -> datetime.date | None:
    """接案日期 on form G: the day the intake was completed."""
    value = (case.milestones or {}).get("intake.completed")
    return datetime.date.fromisoformat(value) if value else None


def _document_context(request, case, code: str, document) -> dict:
    user = request.user
    reviewed = code in REVIEWED
    return {
        "case": case, "client": case.client, "code": code, "document": document,
        "title": _document_label(case, code),
        "print_url": print_url(case, code, document) if user.can(CASE_PRINT) else None,
        "case_url": case_url(case), "intake_date": _intake_date(case) if code == "closure"
        else None,
        "can_submit": reviewed and document.is_editable and user == case.worker,
        "can_review": reviewed and document.status == ReviewStatus.SUBMITTED
        and user.can(CASE_APPROVE) and user != case.worker,
        "edit_label": _edit_label(user, case, code, document),
        "rows": document.rows.all() if code == "plan" else (),
        "reviews": document.reviews.all() if reviewed else (),
    }


def _edit_label(user, case, code: str, document) -> str | None:
    """The page's link to the form of this kind that can still be filled in, if any."""
    if not user.can(CASE_TRANSITION) or code == "service_record":
        return None
    if code == "consent":
        return _("Record a new consent")
    if getattr(document, "episode", case.episode) != case.episode:
        return None
    if code in REVIEWED and not document.is_editable:
        return None
    if code == "assessment" and document.completed_at:
        return None
    return _("Edit")


@login_required
@require_GET
def document_view(request, case_id, code, document_id):
    case = access_case(request.user, case_id)
    document = _document(case, code, document_id)
    # Reading a client's notes is on the record, as reading the file is (CMH-4.2).
    record_document_view(document, case=case, code=code, acting_user=request.user)
    return render(request, "cases/documents/view.html",
                  _document_context(request, case, code, document))


@login_required
@require_GET
def signature_image(request, case_id, signature_id):
    """The image of a signature on one of the case's forms, for those who may read the case."""
    case = access_case(request.user, case_id)
    own = {"organization_id": case.organization_id, "case": case}
    on_case = (Q(pk__in=Consent.objects.filter(**own).values("client_signature"))
               | Q(pk__in=ServicePlan.objects.filter(**own).values("client_signature"))
               | Q(pk__in=Closure.objects.filter(**own).values("client_signature")))
    signature = Signature.objects.filter(on_case, organization_id=case.organization_id,
                                         pk=signature_id).first()
    if signature is None:
        raise NotVisible
    response = HttpResponse(bytes(signature.data), content_type=signature.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- Confirmation and approval of D and G ----------------------------------------------------

def _reviewed_document(case, code: str, document_id):
    if code not in REVIEWED:
        raise Http404
    return _document(case, code, document_id)


@login_required
def document_submit(request, case_id, code, document_id):
    """服务确认: the client or family signs on the pad, the responsible worker confirms."""
    case = access_case(request.user, case_id, for_write=True)
    document = _reviewed_document(case, code, document_id)
    # The action accepts only the responsible worker; refuse before the client signs in vain.
    if request.user != case.worker:
        raise NotPermitted
    initial = {"signer_name": case.client.name, "client_confirmed_on": timezone.localdate(),
               "edit_version": document.edit_version}
    form = SubmitForm(request.POST or None, request.FILES or None, initial=initial)
    form.model = REVIEWED[code]
    if request.method == "POST" and form.is_valid():
        submitted = _signed(
            request, form, signer_name=form.cleaned_data["signer_name"] or "",
            perform=lambda signature: actions.do_submit_for_approval(
                document, acting_user=request.user, client_signature=signature,
                client_confirmed_on=form.cleaned_data["client_confirmed_on"],
                edit_version=form.read_version))
        if submitted is not None:
            return _saved(request, case, _("Confirmed and sent to the supervisor for "
                                           "approval."))
        if form.edit_conflict is not None:
            # The form changed while the client was reading it: they read it again and sign
            # anew; the signature made for the earlier text is not kept.
            exc = form.edit_conflict
            messages.error(request, _(
                "%(name)s changed this form after you opened this page. Read it again with "
                "the client, then sign and confirm.") % {"name": exc.saved_by or _("Someone")})
            document = _reviewed_document(case, code, document_id)
            form = SubmitForm(initial={**initial, "edit_version": document.edit_version})
            form.model = REVIEWED[code]
    context = _document_context(request, case, code, document)
    context.update(form=form, signature_kinds=SignatureKind)
    return render(request, "cases/documents/submit.html", context)


@login_required
def document_review(request, case_id, code, document_id):
    """A supervisor approves the form or returns it with comments (CMH-6.3, CMH-G)."""
    if not request.user.can(CASE_APPROVE):
        raise NotPermitted
    case = access_case(request.user, case_id, for_write=True)
    document = _reviewed_document(case, code, document_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review, _rest = _attempt(request, form, lambda: actions.do_review(
            document, acting_user=request.user, decision=form.cleaned_data["decision"] or "",
            comment=form.cleaned_data["comment"]))
        if review is not None:
            return _saved(request, case, _("Approved.")
                          if review.decision == ReviewDecision.APPROVED
                          else _("Returned to the social worker with your comments."))
    context = _document_context(request, case, code, document)
    context["form"] = form
    return render(request, "cases/documents/review.html", context)
