"""The forms of the CMH appendices A–G, as web forms.

They parse and lay out, nothing more: which fields a form needs, and when, is decided by the
actions in actions/documents.py, whose errors `apply_action_error` puts next to the fields. So
almost every field here is optional, and a refused save shows every problem at once.
"""

import base64

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.models import User
from anxin.core.forms import StyledFormMixin, style_widgets
from anxin.core.versioned_forms import VersionedFormMixin

from .actions import signature_from_data_url
from .actions.home_visit_record import visiting_staff
from .choices import (
    ApplicationDecision,
    BriefKind,
    CaseSource,
    ClosingReason,
    ConsentMode,
    GoalAttainment,
    Improvement,
    NotAcceptedGround,
    NotAcceptedHandling,
    ReviewDecision,
    RiskLevel,
    Satisfaction,
    ServiceMode,
    SignatureKind,
    Signer,
    Stability,
)
from .models import (
    HOME_VISIT_CHECKLIST,
    Assessment,
    CaseApplication,
    Closure,
    Consent,
    Evaluation,
    ServicePlan,
    ServiceRecord,
    not_possible,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
IMAGE_TYPES = "image/png,image/jpeg"
# A scan kept across a refused save travels back in a hidden input; above this it would break
# Django's 2.5 MB request limit, so a large scan is uploaded again instead.
KEEP_SCAN_BYTES = 1024 * 1024


def text(label, *, rows: int = 3, help_text="", **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def line(label, *, max_length: int | None = None, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=max_length, **kwargs)


def date(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATE_INPUT, **kwargs)


def pills(label, choices, *, coerce=str, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=choices, coerce=coerce, required=False,
                                  empty_value=None if coerce is not str else "",
                                  widget=forms.RadioSelect, **kwargs)


def ticks(label, choices, **kwargs) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=choices, required=False,
                                     widget=forms.CheckboxSelectMultiple, **kwargs)


class DocumentForm(StyledFormMixin, forms.Form):
    """One of forms A–G. `model` names the document, for labels of errors no field owns."""

    model: type[Model] | None = None

    @classmethod
    def initial_from(cls, instance) -> dict:
        """The form's fields as the instance holds them."""
        if instance is None:
            return {}
        return {name: getattr(instance, name) for name in cls.base_fields
                if hasattr(instance, name)}

    def action_data(self) -> dict:
        """What the action receives: every field of the form, cleaned."""
        return {name: self.cleaned_data.get(name) for name in self.fields}

    def apply_action_error(self, exc: ValidationError, *, elsewhere: tuple[str, ...] = ()) -> dict:
        """Put each message of an action's refusal next to its field. Messages for fields this
        form lacks become form-wide errors naming the field, except those in `elsewhere`, which
        are returned for the page to show where they belong (e.g. the plan's rows)."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return {}
        returned = {}
        for name, errors in exc.error_dict.items():
            messages = [m for error in errors for m in error.messages]
            if name in elsewhere:
                returned[name] = messages
            elif name in self.fields:
                self.add_error(name, messages)
            else:
                label = self._label(name)
                self.add_error(None, [f"{label}：{m}" if label else m for m in messages])
        style_widgets(self)
        return returned

    def _label(self, name: str) -> str:
        if self.model is None or name == "__all__":
            return ""
        try:
            return str(self.model._meta.get_field(name).verbose_name).capitalize()
        except FieldDoesNotExist:
            return ""


class EditedDocumentForm(DocumentForm, VersionedFormMixin):
    """A form edited in place (B, C, D, F, G): it carries the version it was read at, so a save
    over someone else's newer one is refused and merged instead (ADR 0013)."""

    def action_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.tracked}


class SignatureFormMixin(forms.Form):
    """A signature drawn on the pad (a PNG data URL in a hidden input) or a scanned signed page
    (PNG or JPEG). The pad's JavaScript redraws the hidden value, so a refused save loses no
    signature; an uploaded scan is kept the same way."""

    client_signature = forms.CharField(required=False, widget=forms.HiddenInput)
    client_signature_kind = forms.ChoiceField(
        required=False, choices=SignatureKind.choices, widget=forms.HiddenInput)
    client_signature_scan = forms.FileField(
        label=_("Or upload a scan of the signed page (PNG or JPEG)"), required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}))

    def signature_payload(self) -> tuple[bytes, str] | None:
        """The signature's bytes and kind, or None if nobody signed. A data URL that cannot be
        read raises ValidationError."""
        scan = self.cleaned_data.get("client_signature_scan")
        if scan:
            return scan.read(), SignatureKind.SCAN
        url = self.cleaned_data.get("client_signature")
        if not url:
            return None
        data, _content_type = signature_from_data_url(url)
        kind = self.cleaned_data.get("client_signature_kind") or SignatureKind.DRAWN
        return data, kind

    def keep_signature(self, data: bytes, kind: str) -> None:
        """After a refused save, carry an uploaded scan in the hidden input, as a drawing is."""
        if kind != SignatureKind.SCAN or len(data) > KEEP_SCAN_BYTES:
            return
        content_type = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
        self.data = self.data.copy()
        self.data[self.add_prefix("client_signature")] = (
            f"data:{content_type};base64,{base64.b64encode(data).decode()}")
        self.data[self.add_prefix("client_signature_kind")] = SignatureKind.SCAN


# --- A: informed consent ----------------------------------------------------------------------

class ConsentForm(SignatureFormMixin, DocumentForm):
    model = Consent

    mode = pills(_("Form of consent"), ConsentMode.choices)
    exceptions_explained = forms.BooleanField(
        label=_("I have explained the exceptions to confidentiality to the client."),
        required=False)
    audio_recording_allowed = forms.BooleanField(
        label=_("The client agrees to audio recording of sessions."), required=False)
    video_recording_allowed = forms.BooleanField(
        label=_("The client agrees to video recording of sessions."), required=False)
    informed_on = date(_("Date of the verbal notice"))
    signer = pills(_("Signed by"), Signer.choices)
    signer_name = line(_("Guardian's name"), max_length=64)
    client_signed_on = date(_("Date the client or guardian signed"))
    worker_signed_on = date(_("Date the social worker signed"))

    @classmethod
    def initial_from(cls, instance) -> dict:
        """A new consent starts from today and from the recording permissions in force."""
        today = timezone.localdate()
        initial = {"informed_on": today, "client_signed_on": today, "worker_signed_on": today,
                   "signer": Signer.CLIENT}
        if instance is not None:
            initial.update(audio_recording_allowed=instance.audio_recording_allowed,
                           video_recording_allowed=instance.video_recording_allowed)
        return initial

    def action_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in (
            "mode", "exceptions_explained", "audio_recording_allowed", "video_recording_allowed",
            "informed_on", "signer", "signer_name", "client_signed_on", "worker_signed_on")}

    @property
    def is_written(self) -> bool:
        return self.cleaned_data.get("mode") == ConsentMode.WRITTEN


# --- B: application ---------------------------------------------------------------------------

class ApplicationForm(EditedDocumentForm):
    model = CaseApplication

    source = pills(_("How the application came in"), CaseSource.choices)
    source_detail = line(_("Please specify"),
                         help_text=_("Who found or referred the client, or how they came."))
    needs = text(_("Client's needs"), rows=4)
    decision = pills(_("Follow up"), ApplicationDecision.choices)
    not_accepted_grounds = ticks(_("Grounds"), NotAcceptedGround.choices)
    not_accepted_handling = ticks(_("Handling"), NotAcceptedHandling.choices)
    brief_kind = pills(_("Kind of brief help"), BriefKind.choices)
    decision_detail = text(_("Details"), help_text=_(
        "Please specify: the referral, the intervention, or the \"other\" choice."))

    @classmethod
    def initial_from(cls, application) -> dict:
        initial = super().initial_from(application)
        initial.update(source=application.case.source,
                       source_detail=application.case.source_detail)
        return initial


# --- C: assessment ----------------------------------------------------------------------------

class AssessmentForm(EditedDocumentForm):
    model = Assessment

    filled_on = date(_("Date filled in"))
    # CMH-6.2: the disease status, risk level first, before anything else.
    risk_level = pills(_("Risk level (0–5)"), RiskLevel.choices, coerce=int)
    disease_type = line(_("Type of illness"))
    stability = pills(_("Stability of illness"), Stability.choices)
    medication = text(_("Medication"), rows=2)
    social_security = text(_("Social security"), rows=2)
    family_situation = text(_("Family situation"), rows=2)
    bio_psycho_social = text(_("The client's physical, psychological and social background"))
    environment = text(_("The client's micro, meso and macro social environment"))
    client_view = text(_("The client's feelings, ideas and views about self and situation"))
    needs_analysis = text(_("Needs, difficulties or problems, discussed with the client"),
                          help_text=_("Needs-oriented."))
    resources_analysis = text(
        _("Resources, strengths and obstacles of the client and their environment"),
        help_text=_("Resources-oriented."))
    problem_diagnosis = text(_("Problem diagnosis"))
    prioritised_needs = text(_("Needs analysis"), help_text=_(
        "Analyse the client's needs and the order of priority for solving the problems."))

    @classmethod
    def initial_from(cls, assessment) -> dict:
        return super().initial_from(assessment) or {"filled_on": timezone.localdate()}


# --- D: plan ----------------------------------------------------------------------------------

class PlanForm(EditedDocumentForm):
    model = ServicePlan

    overall_goal = text(_("Overall goal"), rows=2)
    goals = text(_("Goals"), rows=4, help_text=_("One goal per line: goal 1, goal 2, goal 3…"))


class PlanRowForm(StyledFormMixin, forms.Form):
    """One row of the 服务计划 table; an empty row is left out when the plan is saved."""

    timing = text(_("Time"), rows=2)
    strategy = text(_("Intervention strategy"), rows=2)
    method = text(_("Method of service"), rows=2)
    client_responsibility = text(_("Client's responsibility"), rows=2)
    roles = text(_("Role of the worker or others"), rows=2)
    evaluation_method = text(_("Evaluation method"), rows=2)


PlanRowFormSet = forms.formset_factory(PlanRowForm, extra=0)
PLAN_ROW_PREFIX = "rows"
EMPTY_ROWS = 3  # form D prints three empty rows


def plan_rows(data=None, *, plan=None, add_row: bool = False, initial: list[dict] | None = None):
    """The plan table: the plan's rows (or `initial`, e.g. after a merge), or three empty
    ones; with `add_row`, one more."""
    if data is not None:
        if add_row:
            data = data.copy()
            key = f"{PLAN_ROW_PREFIX}-TOTAL_FORMS"
            data[key] = str(int(data.get(key) or 0) + 1)
        return PlanRowFormSet(data, prefix=PLAN_ROW_PREFIX)
    rows = initial if initial is not None else [
        {name: getattr(row, name) for name in PlanRowForm.base_fields}
        for row in (plan.rows.all() if plan is not None and plan.pk else [])]
    return PlanRowFormSet(initial=rows or [{}] * EMPTY_ROWS, prefix=PLAN_ROW_PREFIX)


# --- E: service record ------------------------------------------------------------------------

def not_possible_field() -> forms.CharField:
    return forms.CharField(label=_("Not possible? Say why"), required=False,
                           widget=forms.TextInput())



class ServiceRecordForm(DocumentForm):
    model = ServiceRecord

    mode = pills(_("Mode of service"), ServiceMode.choices)
    mode_detail = line(_("Mode details"), max_length=64,
                       help_text=_("For case management or another mode: which."))
    started_at = forms.DateTimeField(
        label=_("Date and time"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    duration_minutes = forms.IntegerField(label=_("Total (minutes)"), required=False,
                                          widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    place = line(_("Place"), help_text=_("Province, city, district (county), street (town or "
                                         "township), and the place itself."))
    participants = line(_("Client"), help_text=_("The client and anyone else present."))
    staff = line(_("Staff"), max_length=200)
    audio_recorded = forms.BooleanField(label=_("Audio recorded"), required=False)
    audio_reference = line(_("Audio recording number"), max_length=64)
    video_recorded = forms.BooleanField(label=_("Video recorded"), required=False)
    video_reference = line(_("Video recording number"), max_length=64)
    goal = text(_("Goal of the service"), rows=2)
    content = text(_("Content of the service"), rows=5, help_text=_(
        "Mainly the client's own account; truthful and clearly organised."))
    evaluation_of_service = text(_("Evaluation of the service"), rows=2)
    evaluation_of_client = text(_("Evaluation of the client"), rows=2)
    evaluation_of_worker = text(_("Evaluation of the social worker"), rows=2, help_text=_(
        "Mainly the social worker's assessment; neutral, objective and non-judgemental."))
    next_plan = text(_("Next steps"), rows=2)
    # CMH-8.2.2a 家访服务安全管理: shown, and required by the action, for a home visit.
    checked_home_safety = forms.BooleanField(label=_(
        "First checked that the home is safe and the way in and out is clear"), required=False)
    phone_kept_on = forms.BooleanField(label=_(
        "Kept our phones switched on and reachable the whole time"), required=False)
    sat_near_exit = forms.BooleanField(label=_(
        "Talked in the living room, in a place close to the exit"), required=False)
    kept_distance = forms.BooleanField(label=_(
        "Never turned our backs on the client, and kept about 1 metre away"), required=False)
    # Unticked, an item says why it was not possible (MSW-B.1.2: the record stays true).
    checked_home_safety_not_possible = not_possible_field()
    phone_kept_on_not_possible = not_possible_field()
    sat_near_exit_not_possible = not_possible_field()
    kept_distance_not_possible = not_possible_field()
    # CMH-8.2.2a, REH-5.6.3, MSW-9.1.3.2: two staff at least, as accounts, on a home visit.
    staff_members = forms.ModelMultipleChoiceField(
        label=_("Staff who went"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two on a home visit: nobody goes alone."))

    def __init__(self, *args, consent=None, organization=None, **kwargs):
        """The recording boxes say what the consent in force allows (CMH-A 一.3); one it does
        not allow is greyed out, and the action refuses it anyway. The staff who went are
        chosen among `organization`'s."""
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.fields["staff_members"].queryset = visiting_staff(organization)
        self.fields["staff_members"].label_from_instance = lambda u: u.full_name or u.username
        for medium in ("audio", "video"):
            field = self.fields[f"{medium}_recorded"]
            allowed = consent is not None and getattr(consent, f"{medium}_recording_allowed")
            if allowed:
                signed = consent.client_signed_on or consent.informed_on
                field.help_text = _("Allowed by the informed consent of %(date)s.") % {
                    "date": signed.isoformat() if signed else ""}
            else:
                field.help_text = _("The client's informed consent does not allow this.")
                field.widget.attrs["disabled"] = True
            field.recording_allowed = allowed

    def checklist(self) -> list[tuple]:
        """(tick box, reason it was not possible) for each item of the home-visit checklist."""
        return [(self[name], self[not_possible(name)]) for name in HOME_VISIT_CHECKLIST]


# --- F: evaluation ----------------------------------------------------------------------------

IMPROVEMENT_CHOICES = [(n, str(n)) for n in range(1, 11)]


class EvaluationForm(EditedDocumentForm):
    model = Evaluation

    evaluated_on = date(_("Evaluation date"))
    services_received = text(_("1. Which services of the social worker did you receive?"),
                             rows=2)
    coping_improved = pills(_("2. Since receiving the social worker's services, has your "
                              "ability to cope with difficulties and solve problems improved?"),
                            Improvement.choices)
    satisfaction = pills(_("3. Are you satisfied with the social worker's performance?"),
                         Satisfaction.choices, coerce=int)
    improvement = pills(_("4. Since receiving this organisation's services, has your situation "
                          "improved?"), IMPROVEMENT_CHOICES, coerce=int,
                        help_text=_("1 = not improved at all, 10 = completely solved."))
    goal_attainment = pills(_("5. At the end of the service, how far have the goals agreed "
                              "with the social worker been achieved?"), GoalAttainment.choices)
    attainment_reason = text(_("Reasons"), rows=2)
    process_evaluation = text(_("Process evaluation"), rows=3, help_text=_(
        "Total services, e.g. number and time of sessions; the modes of service; how "
        "systematic, feasible and effective the arrangements were."))
    outcome_evaluation = text(_("Outcome evaluation"), rows=3, help_text=_(
        "How far the goals were achieved; the client's progress; the client's present wishes, "
        "mood and expectations."))
    worker_reflection = text(_("Social worker's reflection"), rows=3, help_text=_(
        "Conveying professional values, keeping the code of ethics, using professional "
        "knowledge and skills, linking and integrating resources."))
    stakeholder_evaluation = text(_("Stakeholders' evaluation"), rows=2, help_text=_(
        "Where others took part in the service, their evaluation of its effect."))

    @classmethod
    def initial_from(cls, evaluation) -> dict:
        return super().initial_from(evaluation) or {"evaluated_on": timezone.localdate()}


# --- G: closing form --------------------------------------------------------------------------

YES_NO = [("True", _("Yes")), ("False", _("No"))]


class ClosureForm(EditedDocumentForm):
    model = Closure

    filled_on = date(_("Date filled in"))
    # CMH-6.6: the client is told the closing date in advance, so it comes first.
    planned_closing_date = date(_("Closing date"))
    client_told_on = date(_("Client told of the closing date on"))
    reasons = ticks(_("Reasons for closing"), ClosingReason.choices)
    reason_detail = text(_("Reason details"), rows=2, help_text=_(
        "Required for every reason but \"goal reached\"."))
    client_knows_how_to_return = forms.TypedChoiceField(
        label=_("The client knows the service has ended and how to get help when needed"),
        choices=YES_NO, coerce=lambda value: value == "True", empty_value=None,
        required=False, widget=forms.RadioSelect)
    summary = text(_("Closing summary"), rows=4, help_text=_(
        "Sum up the work, consolidate the changes made, learn the client's own view."))
    follow_up_plan = text(_("Follow-up plan"), rows=3, help_text=_(
        "How often and how the client will be followed up."))
    follow_up_count = forms.IntegerField(
        label=_("Number of follow-ups"), required=False, min_value=0,
        help_text=_("At least one (CMH-6.6); none only when the client died."))
    follow_up_interval_days = forms.IntegerField(label=_("Days between follow-ups"),
                                                 required=False, min_value=0)

    @classmethod
    def initial_from(cls, closure) -> dict:
        initial = super().initial_from(closure) or {
            "filled_on": timezone.localdate(), "follow_up_count": 0,
            "follow_up_interval_days": 30}
        if initial.get("client_knows_how_to_return") is not None:
            initial["client_knows_how_to_return"] = str(initial["client_knows_how_to_return"])
        return initial

    def clean(self):
        data = super().clean()
        # No follow-ups: the interval does not matter, and the model's default stands.
        if not data.get("follow_up_count"):
            data["follow_up_count"] = 0
            if data.get("follow_up_interval_days") is None:
                data["follow_up_interval_days"] = 30
        return data


# --- Confirmation and approval of D and G -----------------------------------------------------

class SubmitForm(SignatureFormMixin, DocumentForm, VersionedFormMixin):
    """服务确认: the client or family signs; the responsible worker confirms. The page carries
    the version of the form shown, so nobody signs a form changed meanwhile (ADR 0013)."""

    tracked_fields = ()

    signer_name = line(_("Name of the client or family member who signs"), max_length=64)
    client_confirmed_on = date(_("Date"))
    worker_confirms = forms.BooleanField(
        label=_("As the responsible social worker, I confirm this form."), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("worker_confirms"):
            self.add_error("worker_confirms", _("Tick to confirm the form as its social worker."))
        return data


class ReviewForm(DocumentForm):
    decision = pills(_("Decision"), ReviewDecision.choices)
    comment = text(_("Comments"), rows=3, help_text=_(
        "Required when the form is returned: say what should change."))
