from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import StyledFormMixin, style_widgets

from . import validation
from .choices import ImmediateAction, IncidentKind
from .models import SafetySettings
from .protocol import not_applicable_field


class AlertStepForm(StyledFormMixin, forms.Form):
    protocol_item = forms.CharField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("What was done"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(StyledFormMixin, forms.Form):
    """How it was resolved, and for each protocol item not ticked, why it did not apply (the
    fields are named as the action names its refusals: `not_applicable.<item>`)."""

    resolution = forms.CharField(
        label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say how the alert was resolved.")})

    def __init__(self, *args, unticked=(), **kwargs):
        self.unticked = list(unticked)
        # Past the mixin's __init__: the fields are styled once, when they all exist.
        super(StyledFormMixin, self).__init__(*args, **kwargs)
        for item in self.unticked:
            # Not required here: the action refuses a blank reason, naming the step.
            self.fields[not_applicable_field(item.code)] = forms.CharField(
                label=_("Not done: %(step)s. Why did it not apply?") % {"step": item.label},
                required=False, widget=forms.Textarea(attrs={"rows": 2}))
        style_widgets(self)

    def reason_fields(self):
        return [self[not_applicable_field(item.code)] for item in self.unticked]

    def not_applicable(self) -> dict[str, str]:
        return {item.code: self.cleaned_data.get(not_applicable_field(item.code), "")
                for item in self.unticked}


class IncidentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of incident"), choices=IncidentKind.choices)
    occurred_at = forms.DateTimeField(
        label=_("Time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    people = forms.CharField(label=_("People involved"), widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(label=_("What happened"),
                                  widget=forms.Textarea(attrs={"rows": 4}))
    immediate_actions = forms.MultipleChoiceField(
        label=_("Immediate actions"), choices=ImmediateAction.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    departments_notified = forms.CharField(
        label=_("Departments notified"), required=False,
        help_text=_("E.g. the street office, the community, the psychiatric hospital, police."),
        widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = forms.CharField(label=_("Follow-up"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("The time cannot be in the future."))
        return value


class SafetySettingsForm(StyledFormMixin, forms.ModelForm):
    """The settings page. It only parses: the checks are `validation`'s, shared with the action
    (which runs them again), and the action saves."""

    class Meta:
        model = SafetySettings
        fields = list(validation.SETTINGS_FIELDS)
        widgets = {"help_lines": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "help_lines": _("One per line, as “name: number”. Shown on the public "
                            "self-assessment result page."),
            "companion_above_level": _("A client above this risk level (0–5) needs an extra "
                                       "companion and a supervisor's approval for a home visit "
                                       "(CMH-8.2.2a)."),
            "self_assessment_alerts_per_hour": _(
                "Past this many in one hour, public self-assessments raise no alert of their "
                "own: the duty worker is told once and reviews them on the self-assessment "
                "list, those with thoughts of self-harm first."),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["duty_worker"].queryset = validation.duty_worker_choices(organization)
        self.fields["escalate_after_minutes"].min_value = 1
        self.fields["companion_above_level"].widget.attrs.update(min=0, max=5)
        self.fields["self_assessment_alerts_per_hour"].widget.attrs.update(
            min=1, max=validation.MAX_ALERTS_PER_HOUR)

    def _shared(self, name):
        try:
            return validation.CLEANERS[name](self.cleaned_data[name])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def clean_escalate_after_minutes(self):
        return self._shared("escalate_after_minutes")

    def clean_checkin_grace_minutes(self):
        return self._shared("checkin_grace_minutes")

    def clean_companion_above_level(self):
        return self._shared("companion_above_level")

    def clean_help_lines(self):
        return self._shared("help_lines")

    def clean_self_assessment_alerts_per_hour(self):
        return self._shared("self_assessment_alerts_per_hour")

    def settings(self) -> dict:
        """The cleaned values, as `do_update_safety_settings` takes them."""
        return {name: self.cleaned_data[name] for name in validation.SETTINGS_FIELDS}
