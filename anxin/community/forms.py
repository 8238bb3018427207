"""Forms of community work. They parse and offer choices; the rules live in the actions, whose
refusals the views show next to the fields (`apply_action_error`)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anxin.accounts.models import Region
from anxin.core.forms import StyledFormMixin

from .choices import ActivityType, MaterialKind, VolunteerSkill

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def regions_of(organization):
    """The organisation's district, its streets and (where loaded) their communities."""
    return Region.objects.filter(code__startswith=organization.district_id).order_by("code")


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ActivityForm(StyledFormMixin, forms.Form):
    type = forms.ChoiceField(label=_("kind of activity"),
                             choices=[("", "—"), *ActivityType.choices])
    title = forms.CharField(label=_("title"), max_length=120)
    date = forms.DateField(label=_("date"), widget=DATE)
    start_time = forms.TimeField(label=_("start time"), required=False, widget=TIME)
    region = RegionChoiceField(label=_("street or community"), queryset=Region.objects.none(),
                               required=False,
                               help_text=_("Not for an online course or post."))
    place = forms.CharField(label=_("place"), max_length=120, required=False,
                            help_text=_("E.g. the community centre's meeting room."))
    partners = forms.CharField(label=_("partner organisations"), max_length=300,
                               required=False,
                               help_text=_("E.g. the community health service centre, the "
                                           "residents' committee."))
    residents_count = forms.IntegerField(label=_("residents"), min_value=0, initial=0)
    clients_count = forms.IntegerField(label=_("clients"), min_value=0, initial=0)
    family_count = forms.IntegerField(label=_("family members"), min_value=0, initial=0)
    online_reach = forms.IntegerField(label=_("views or reads"), min_value=0, required=False,
                                      help_text=_("Online courses and posts only."))
    summary = forms.CharField(label=_("summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_of(organization)


class ParticipantForm(StyledFormMixin, forms.Form):
    client = forms.ModelChoiceField(label=_("client"), queryset=None)

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self.fields["client"].label_from_instance = (
            lambda client: f"{client.name} · {client.file_number}")


class MaterialForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("material"), choices=MaterialKind.choices)
    count = forms.IntegerField(label=_("number handed out"), min_value=1)
    note = forms.CharField(label=_("note"), max_length=120, required=False,
                           help_text=_("E.g. which help line or platform it gives."))


class VolunteerForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=64)
    phone = forms.CharField(label=_("contact phone"), max_length=20, required=False)
    skills = forms.MultipleChoiceField(label=_("skills"), choices=VolunteerSkill.choices,
                                       required=False, widget=forms.CheckboxSelectMultiple)
    skills_note = forms.CharField(label=_("about their skills"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)


class HoursForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE)
    hours = forms.DecimalField(label=pgettext_lazy("volunteer time", "hours"), max_digits=3,
                               decimal_places=1,
                               help_text=_("More than 0 and at most 24, e.g. 2.5."))
    activity = forms.ModelChoiceField(label=_("for an activity"), queryset=None,
                                      required=False)
    group = forms.ModelChoiceField(label=_("for a group"), queryset=None, required=False)
    follow_up_note = forms.CharField(
        label=_("for a follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the follow-up was; choose one of the three only."))

    def __init__(self, *args, activities, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = (
            lambda activity: f"{activity.date:%Y-%m-%d} {activity.title}")
        self.fields["group"].queryset = groups


class ActivityFilterForm(forms.Form):
    type = forms.ChoiceField(required=False, choices=[("", ""), *ActivityType.choices])
    region = forms.ModelChoiceField(required=False, queryset=Region.objects.none())
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)
    q = forms.CharField(required=False, max_length=60)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_of(organization)

    def filters(self) -> dict:
        """The valid filters; an invalid one is left out rather than refused (cleaned_data
        holds the valid fields only)."""
        self.is_valid()
        data = self.cleaned_data
        return {"type": data.get("type") or "", "region": data.get("region"),
                "date_from": data.get("date_from"), "date_to": data.get("date_to"),
                "q": data.get("q") or ""}


class VolunteerFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("active", ""), ("inactive", ""),
                                                        ("all", "")])
    skill = forms.ChoiceField(required=False, choices=[("", ""), *VolunteerSkill.choices])
    q = forms.CharField(required=False, max_length=60)

    def filters(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {"status": data.get("status") or "active", "skill": data.get("skill") or "",
                "q": data.get("q") or ""}
