"""Forms of the medication pages. They parse; the actions decide, and their refusals are shown
next to these fields (StyledFormMixin.apply_action_error)."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import StyledFormMixin

from .choices import DoseOutcome

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Staff type times as they come: "08:00, 20:00", "8:00 20:00", with a Chinese comma too.
TIME_SEPARATORS = re.compile(r"[\s,，、;；]+")


class PrescriptionForm(StyledFormMixin, forms.Form):
    drug = forms.CharField(label=_("Drug"), max_length=200,
                           help_text=_("The name on the prescription, e.g. 利培酮片."))
    dose = forms.CharField(label=_("Dose"), max_length=100,
                           help_text=_("The amount of each dose, e.g. 100 mg or 2 片."))
    times = forms.CharField(
        label=_("Times of day"), max_length=200, required=False,
        help_text=_("The times each dose is taken, e.g. 08:00, 20:00. A residential centre "
                    "records each of them. Leave empty for a drug without fixed times and give "
                    "its frequency."))
    frequency = forms.CharField(label=_("Frequency"), max_length=200, required=False,
                                help_text=_("e.g. 每晚一次, 每四周一次 (长效针剂)."))
    route = forms.CharField(label=_("Route"), max_length=100, required=False,
                            help_text=_("e.g. 口服, 肌内注射."))
    prescriber = forms.CharField(label=_("Prescribing doctor"), max_length=100,
                                 required=False)
    prescriber_hospital = forms.CharField(label=_("Prescribing hospital"), max_length=200,
                                          required=False)
    started_on = forms.DateField(label=_("Started on"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("started_on", timezone.localdate())

    def clean_times(self) -> list[str]:
        return [part for part in TIME_SEPARATORS.split(self.cleaned_data["times"]) if part]


class EndPrescriptionForm(StyledFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("Last day"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("ended_on", timezone.localdate())


class DoseForm(StyledFormMixin, forms.Form):
    """One button of the day sheet: the dose (prescription and time) and what became of it."""

    prescription = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    scheduled_for = forms.DateTimeField(widget=forms.HiddenInput,
                                        input_formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M"])
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DoseOutcome.choices)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)
