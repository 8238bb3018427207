from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.models import User
from anxin.core.forms import StyledFormMixin

from .choices import ImmediateAction, IncidentKind
from .models import SafetySettings


class AlertStepForm(StyledFormMixin, forms.Form):
    protocol_item = forms.CharField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("What was done"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(StyledFormMixin, forms.Form):
    resolution = forms.CharField(
        label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say how the alert was resolved.")})


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
    class Meta:
        model = SafetySettings
        fields = ["escalate_after_minutes", "companion_above_level", "checkin_grace_minutes",
                  "duty_worker", "self_assessment_enabled", "help_lines"]
        widgets = {"help_lines": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "help_lines": _("One per line, as “name: number”. Shown on the public "
                            "self-assessment result page."),
            "companion_above_level": _("A client above this risk level (0–5) needs an extra "
                                       "companion and a supervisor's approval for a home visit "
                                       "(CMH-8.2.2a)."),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty_worker"].queryset = User.objects.filter(
            _membership__organization=organization, _membership__is_active=True,
            _membership__role__in=["worker", "supervisor"]).order_by("full_name")
        self.fields["escalate_after_minutes"].min_value = 1
        self.fields["companion_above_level"].widget.attrs.update(min=0, max=5)

    def clean_companion_above_level(self):
        value = self.cleaned_data["companion_above_level"]
        if value > 5:
            raise forms.ValidationError(_("Risk levels run from 0 to 5."))
        return value

    def clean_escalate_after_minutes(self):
        value = self.cleaned_data["escalate_after_minutes"]
        if value < 1:
            raise forms.ValidationError(_("Enter at least 1 minute."))
        return value
