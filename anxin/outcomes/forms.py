"""Forms of the outcome pages. They parse; the actions decide, and their refusals are shown next
to these fields (StyledFormMixin.apply_action_error)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import StyledFormMixin
from anxin.documents.models import FINAL, Document

from .choices import DisabilityGrade, PlacementKind
from .kinds import EMPLOYMENT_AGREEMENT
from .selectors import ENDED, ONGOING

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, *, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, **kwargs)


class AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("Agreement of case %(case)s, %(date)s") % {
            "case": obj.case.case_number, "date": f"{obj.created_at:%Y-%m-%d}"}


class PlacementForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of employment"), choices=PlacementKind.choices,
                             help_text=_("REH-6.4.4.1: full-time, flexible hours, or assisted "
                                         "work in the centre."))
    workplace = forms.CharField(label=_("Employer or workplace"), max_length=200)
    job = forms.CharField(label=_("Job"), max_length=100)
    hours_per_week = forms.DecimalField(label=_("Hours a week"), max_digits=4, decimal_places=1)
    started_on = _date(_("Started on"))
    ended_on = _date(_("Ended on"), required=False,
                     help_text=_("Leave empty while the work goes on."))
    agreement = AgreementChoiceField(
        label=_("Employment agreement"), queryset=Document.objects.none(), required=False,
        empty_label=_("None"),
        help_text=_("Assisted employment needs the signed agreement, completed on the client's "
                    "case (REH-5.5.2.5.3)."))

    def __init__(self, *args, user, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = (
            Document.objects.visible_to(user)
            .filter(kind=EMPLOYMENT_AGREEMENT, status__in=FINAL, case__client=client)
            .select_related("case").order_by("-created_at"))
        self.initial.setdefault("started_on", timezone.localdate())


class EndPlacementForm(StyledFormMixin, forms.Form):
    ended_on = _date(_("Ended on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("ended_on", timezone.localdate())


class RelapseForm(StyledFormMixin, forms.Form):
    admitted_on = _date(_("Admitted on"))
    hospital = forms.CharField(label=_("Hospital"), max_length=128)
    discharged_on = _date(_("Discharged on"), required=False)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class DisabilityForm(StyledFormMixin, forms.Form):
    assessed_on = _date(_("Assessed on"))
    grade = forms.TypedChoiceField(label=_("Grade"), choices=DisabilityGrade.choices,
                                   coerce=int, help_text=_("GB/T 26341-2010."))
    assessing_body = forms.CharField(label=_("Assessing body"), max_length=128)
    certificate_number = forms.CharField(label=_("Disability certificate number"),
                                         max_length=64, required=False)


STATE_CHOICES = [("", _("All")), (ONGOING, _("Ongoing")), (ENDED, _("Ended"))]


class PlacementFilterForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("Kind of employment"),
                             choices=[("", _("All")), *PlacementKind.choices], required=False)
