from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anxin.accounts.choices import RegionLevel
from anxin.accounts.models import Region
from anxin.core.forms import StyledFormMixin
from anxin.core.versioned_forms import VersionedFormMixin
from anxin.core.widgets import QuickSelect

from . import diagnoses
from .choices import ContactKind, PopulationCategory, Sex
from .validation import clean_client_data

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def district_choices(organization):
    """The districts a client of this organisation may live in: those of its city."""
    return Region.objects.filter(level=RegionLevel.DISTRICT, parent_id=organization.city_id)


def street_choices(organization, district_code: str):
    """The streets of one of those districts (none for a district outside the city)."""
    return Region.objects.filter(level=RegionLevel.STREET, parent_id=district_code,
                                 parent__parent_id=organization.city_id)


class ClientForm(StyledFormMixin, VersionedFormMixin, forms.Form):
    """Register or edit a client. Field rules live in validation.py, shared with the API.
    An edit carries the version it read (ADR 0013)."""

    tracked_fields = ("name", "id_number", "sex", "birth_date", "phone", "district", "street",
                      "address_detail", "population_categories")

    name = forms.CharField(label=_("Name"), max_length=64)
    id_number = forms.CharField(
        label=_("ID number"), max_length=18, required=False,
        help_text=_("18 characters; birth date and sex are read from it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text",
                                      "spellcheck": "false"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE_INPUT)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))
    district = forms.ModelChoiceField(label=_("District"), queryset=Region.objects.none(),
                                      required=False)
    street = forms.ModelChoiceField(label=_("Street"), queryset=Region.objects.none(),
                                    required=False)
    address_detail = forms.CharField(label=_("Address"), max_length=200, required=False)
    population_categories = forms.MultipleChoiceField(
        label=_("Population categories"), choices=PopulationCategory.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    confirm_not_duplicate = forms.BooleanField(
        label=_("I have checked: this is a different person with the same name and birth "
                "date."), required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=200, required=False)

    def __init__(self, *args, organization, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_args.update(organization=organization, editing=editing)
        self.organization = organization
        districts = district_choices(organization)
        self.fields["district"].queryset = districts
        # Every street of the city validates, so that a street of another district gets its
        # own message ("… is not in …", validation.py) rather than "not a valid choice".
        self.fields["street"].queryset = Region.objects.filter(
            level=RegionLevel.STREET, parent__in=districts)
        # The list shows only the chosen district's streets, and follows the district as it
        # changes (clients:streets, htmx).
        district = self._chosen_district()
        self.fields["street"].widget.choices = [
            ("", "---------" if district else _("Choose the district first")),
            *((r.code, r.name) for r in street_choices(organization, district))]
        self.fields["district"].widget.attrs.update({
            "hx-get": reverse("clients:streets"), "hx-trigger": "change",
            "hx-target": "#id_street", "hx-swap": "innerHTML"})
        if editing:
            del self.fields["confirm_not_duplicate"]
        else:
            # A registration has no earlier version to be out of date with.
            for name in ("reason", "edit_version", "edit_base"):
                del self.fields[name]

    def _chosen_district(self) -> str:
        if self.is_bound:
            return self.data.get(self.add_prefix("district")) or ""
        district = self.initial.get("district")
        return getattr(district, "pk", district) or ""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        district = data.get("district")
        data["province"] = self.organization.province if district else None
        data["city"] = self.organization.city if district else None
        data["sex"] = data.get("sex") or ""
        try:
            data.update(clean_client_data(data))
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data


class ContactForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    name = forms.CharField(label=_("Name"), max_length=64)
    relationship = forms.CharField(label=_("Relationship"), max_length=32)
    phone = forms.CharField(label=_("Phone"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)


class HouseholdMemberForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64)
    relationship = forms.CharField(label=_("Relationship"), max_length=32)
    birth_year = forms.IntegerField(label=_("Birth year"), min_value=1900, max_value=2100,
                                    required=False)
    occupation = forms.CharField(label=_("Occupation"), max_length=64, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class DiagnosisForm(StyledFormMixin, forms.Form):
    known_code = forms.ChoiceField(
        label=_("Diagnosis"), required=False,
        choices=[("", _("— choose, or enter a code below —")), *diagnoses.CHOICES],
        widget=QuickSelect)
    other_code = forms.CharField(label=_("Other ICD-10 code"), max_length=10, required=False)
    other_label = forms.CharField(label=_("Other diagnosis name"), max_length=100,
                                  required=False)
    diagnosed_on = forms.DateField(label=_("Diagnosed on"), required=False, widget=DATE_INPUT)
    diagnosed_by = forms.CharField(label=_("Diagnosing hospital"), max_length=100,
                                   required=False)

    def clean(self):
        data = super().clean()
        if not data.get("known_code") and not data.get("other_code"):
            raise ValidationError(_("Choose a diagnosis or enter an ICD-10 code."),
                                  code="required")
        return data


class RemovalForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ClientSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={
        "placeholder": _("Name, file number, full ID number or phone"), "type": "search"}))
    category = forms.ChoiceField(label=_("Population category"), required=False,
                                 choices=[("", _("All categories")),
                                          *PopulationCategory.choices])
    sex = forms.ChoiceField(label=_("Sex"), required=False,
                            choices=[("", _("Any sex")), *Sex.choices])
