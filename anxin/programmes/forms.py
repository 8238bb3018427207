"""Forms of the training and daily-service pages. They parse; the actions decide, and their
refusals are shown next to these fields (StyledFormMixin.apply_action_error)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.clients.choices import Sex
from anxin.core.forms import StyledFormMixin
from anxin.rehab.kinds import PROGRAMMES

from .choices import DailyServiceKind, Delivery
from .participation import residents_of
from .selectors import staff_of


def _name(user) -> str:
    return user.full_name or user.username


class TrainingSessionForm(StyledFormMixin, forms.Form):
    programme = forms.ChoiceField(label=_("Programme"), choices=(),
                                  help_text=_("One of the centre's programmes, as the "
                                              "individual plan says (REH-5.5.1.1, REH-5.5.2)."))
    delivery = forms.ChoiceField(label=_("Delivery"), choices=Delivery.choices,
                                 widget=forms.RadioSelect, initial=Delivery.ONE_TO_ONE)
    started_at = forms.DateTimeField(
        label=_("Started at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    # No bounds here: the action refuses outside 45–60 with the clause it applies.
    minutes = forms.IntegerField(label=_("Minutes"), initial=50,
                                 help_text=_("A session lasts 45 to 60 minutes (REH-5.5.1.3)."))
    lead = forms.ModelChoiceField(label=_("Lead staff"), queryset=None)
    lead_sex = forms.ChoiceField(
        label=_("Lead staff's sex"), required=False,
        choices=[("", "—"), *Sex.choices],
        help_text=_("When the staff member's sex differs from the client's, another person "
                    "must be present (REH-5.6.2)."))
    staff = forms.ModelMultipleChoiceField(
        label=_("Other staff"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Home rehabilitation is done by at least two staff (REH-5.6.3)."))
    chaperone = forms.ModelChoiceField(
        label=_("Chaperone"), queryset=None, required=False, empty_label="—",
        help_text=_("Who was present at a one-to-one session with staff of the other sex."))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, organization_id: int, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not at import: the labels follow the request's language.
        self.fields["programme"].choices = [(c.code, str(c.label)) for c in PROGRAMMES]
        colleagues = staff_of(organization_id)
        for name in ("lead", "staff", "chaperone"):
            self.fields[name].queryset = colleagues
            self.fields[name].label_from_instance = _name
        self.initial.setdefault("lead", user.pk)
        self.initial.setdefault("started_at", timezone.localtime().replace(second=0,
                                                                          microsecond=0))


def _resident_label(case) -> str:
    return f"{case.client.name} · {case.case_number}"


class DailyServiceForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"),
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kind = forms.ChoiceField(label=_("Service"), choices=DailyServiceKind.choices,
                             help_text=_("The residential centre's daily services "
                                         "(REH-4.6.2.1–4.6.2.6)."))
    case = forms.ModelChoiceField(label=_("Resident"), queryset=None, required=False,
                                  empty_label=_("The whole house"))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = (residents_of(user).select_related("client")
                                        .order_by("case_number", "pk"))
        self.fields["case"].label_from_instance = _resident_label
        self.initial.setdefault("date", timezone.localdate())
