"""Forms of the home-visit pages. They parse; the actions decide (two staff, the companion, the
return time…) and their refusals are shown next to these fields."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.models import User
from anxin.core.forms import StyledFormMixin

from .selectors import station_staff, visiting_staff

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# Suggestions, not choices: a companion may be anyone suitable (CMH-8.2.2a 邀请相关人员协同前往).
COMPANION_ROLES = (_("Community doctor"), _("Police officer"), _("Community grid worker"),
                   _("Residents' committee member"), _("Family member"))


def _name(user: User) -> str:
    return user.full_name or user.username


def _when(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=False, widget=DATETIME_INPUT, **kwargs)


class StaffChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return _name(obj)


class PlanVisitForm(StyledFormMixin, forms.Form):
    case = forms.ModelChoiceField(label=_("Case"), queryset=None, required=False,
                                  empty_label=_("No case (client only)"))
    planned_for = _when(_("Planned time"))
    staff = StaffChoiceField(
        label=_("Staff going"), queryset=User.objects.none(), required=False,
        help_text=_("At least two, you among them: nobody goes alone."))
    place = forms.CharField(label=_("Address of the visit"), required=False)
    purpose = forms.CharField(label=_("Purpose"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    companion_name = forms.CharField(label=_("Companion's name"), required=False,
                                     max_length=64)
    companion_role = forms.CharField(
        label=_("Companion's role"), required=False, max_length=64,
        widget=forms.TextInput(attrs={"list": "companion-roles"}))
    suitability_note = forms.CharField(
        label=_("Why the visit is judged suitable"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example what the family, the community doctor or the referrer said "
                    "about the client's present state."))

    def __init__(self, *args, client, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = visiting_staff(client.organization)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda case: case.case_number
        self.initial.setdefault("place", client.address_display)
        self.initial.setdefault("planned_for", timezone.localtime().replace(
            second=0, microsecond=0))

    @property
    def companion_roles(self):
        return COMPANION_ROLES


class DepartForm(StyledFormMixin, forms.Form):
    """家访前，告知驻站社会工作者及预计回程时间 (CMH-8.2.2a)."""

    staff = StaffChoiceField(label=_("Staff going now"), queryset=User.objects.none(),
                             required=False)
    expected_return_at = _when(_("Expected back at"))
    station_worker = forms.ModelChoiceField(
        label=_("Station worker told"), queryset=User.objects.none(), required=False,
        help_text=_("The colleague who stays behind and gets the alert if you are not back."))
    contact_phone = forms.CharField(
        label=_("Phone to reach the team"), required=False, max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = visiting_staff(visit.organization)
        self.fields["station_worker"].queryset = station_staff(visit.organization)
        self.fields["station_worker"].label_from_instance = _name


class CheckInForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note on return"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Anything the station worker or supervisor should "
                                       "know."))


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
                                 required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for refusing"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
