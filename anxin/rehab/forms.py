"""Forms of the rehabilitation centre's pages. They parse; the actions decide, and their
refusals are shown next to these fields (StyledFormMixin.apply_action_error)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anxin.core.forms import StyledFormMixin

from .models import Asker, CentreProfile, Channel, Outcome, PartnerArrangement, PartnerKind, Topic

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProfileForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CentreProfile
        fields = ["day_services", "residential_services", "beds_male", "beds_female",
                  "takes_children", "takes_elderly"]


class PartnerForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    name = forms.CharField(label=pgettext_lazy("of a thing", "name"), max_length=128)
    arrangement = forms.ChoiceField(label=_("Arrangement"), choices=PartnerArrangement.choices)
    contact_person = forms.CharField(label=_("Contact person"), max_length=64, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    since = forms.DateField(label=_("Since"), required=False, widget=DATE_INPUT)


class PartnerEndForm(StyledFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE_INPUT)


class EnquiryForm(StyledFormMixin, forms.Form):
    received_at = forms.DateTimeField(label=_("Received at"), widget=DATETIME_INPUT)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices,
                                widget=forms.RadioSelect)
    asker = forms.ChoiceField(label=_("Who asked"), choices=Asker.choices,
                              widget=forms.RadioSelect)
    asker_name = forms.CharField(label=_("Name of who asked"), max_length=64, required=False)
    asker_contact = forms.CharField(label=_("Their contact"), max_length=64, required=False)
    referring_body = forms.CharField(label=_("Referring body"), max_length=128, required=False)
    topics = forms.MultipleChoiceField(label=_("Topics"), choices=Topic.choices,
                                       widget=forms.CheckboxSelectMultiple)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices,
                                widget=forms.RadioSelect)
    appointment_at = forms.DateTimeField(label=_("Appointment at"), required=False,
                                         widget=DATETIME_INPUT)
    referred_to = forms.CharField(label=_("Referred to"), max_length=128, required=False)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("received_at", timezone.localtime().replace(second=0,
                                                                            microsecond=0))


class OverrideForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why admit all the same"),
                             widget=forms.Textarea(attrs={"rows": 3}))
