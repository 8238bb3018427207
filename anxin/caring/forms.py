"""Forms of the caring-team and peer-supporter pages. They parse; the actions decide, and their
refusals are shown next to these fields (StyledFormMixin.apply_action_error)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anxin.accounts.choices import RegionLevel
from anxin.accounts.models import Region
from anxin.clients.models import Client
from anxin.core.forms import StyledFormMixin

from .choices import AssessmentResult, MemberRole, PeerStatus
from .selectors import staff_of

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, *, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, **kwargs)


def _name(user) -> str:
    return user.full_name or user.username


def _today_initial(form: forms.Form, *names: str) -> None:
    for name in names:
        form.initial.setdefault(name, timezone.localdate())


class StreetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name if obj.parent_id else ''}{obj.name}"


class TeamForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=120)
    street = StreetChoiceField(
        label=_("Street (乡镇/街道)"), queryset=Region.objects.none(),
        help_text=_("One caring team per street (REH-3.6)."))
    formed_on = _date(_("Formed on"))
    active = forms.BooleanField(label=pgettext_lazy("caring team", "Active"), required=False,
                                initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = (Region.objects.filter(level=RegionLevel.STREET)
                                          .select_related("parent").order_by("code"))
        _today_initial(self, "formed_on")


class MemberForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    user = forms.ModelChoiceField(
        label=_("Colleague"), queryset=None, required=False,
        empty_label=_("Someone outside the organisation"),
        help_text=_("Choose a colleague who uses Anxin, or leave empty and give an outside "
                    "person's name, unit and phone."))
    name = forms.CharField(label=_("Name of the outside member"), max_length=64,
                           required=False)
    unit = forms.CharField(label=_("Unit"), max_length=120, required=False,
                           help_text=_("For example 浆洗街派出所, 社区卫生服务中心."))
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False,
                            widget=forms.TextInput(attrs={"type": "tel",
                                                          "autocomplete": "off"}))
    since = _date(_("Member since"))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_of(organization)
        self.fields["user"].label_from_instance = _name
        _today_initial(self, "since")


class TeamClientForm(StyledFormMixin, forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none())
    since = _date(_("Supported since"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.visible_to(user).order_by("name", "pk")
        _today_initial(self, "since")


class EndForm(StyledFormMixin, forms.Form):
    until = _date(_("Until"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today_initial(self, "until")


class MemberChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.display_name} · {obj.get_role_display()}"


class MeetingForm(StyledFormMixin, forms.Form):
    held_on = _date(_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    attendees = MemberChoiceField(label=_("Members who came"), queryset=None, required=False)
    clients_discussed = forms.ModelMultipleChoiceField(
        label=_("Clients discussed"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    minutes = forms.CharField(label=_("Minutes"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))
    decisions = forms.CharField(label=_("Decisions and follow-ups"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("Who does what by when."))

    def __init__(self, *args, team, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = (team.members.filter(until__isnull=True)
                                             .select_related("user"))
        self.fields["clients_discussed"].queryset = (
            Client.objects.visible_to(user)
            .filter(pk__in=team.clients.filter(until__isnull=True).values("client_id"))
            .order_by("name", "pk"))
        _today_initial(self, "held_on")


# --- Peer supporters ----------------------------------------------------------------------------

class PeerRegisterForm(StyledFormMixin, forms.Form):
    client = forms.ModelChoiceField(
        label=_("Client"), queryset=Client.objects.none(),
        help_text=_("A client who recovers well (CMH-7.2.2). They support others only after "
                    "an assessment and a training."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.visible_to(user).order_by("name", "pk")


class AssessmentForm(StyledFormMixin, forms.Form):
    assessed_on = _date(_("Assessed on"))
    assessor = forms.ModelChoiceField(label=_("Assessor"), queryset=None)
    result = forms.ChoiceField(label=_("Result"), choices=AssessmentResult.choices,
                               widget=forms.RadioSelect)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = staff_of(organization)
        self.fields["assessor"].label_from_instance = _name
        _today_initial(self, "assessed_on")


class TrainingForm(StyledFormMixin, forms.Form):
    trained_on = _date(_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=128)
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1,
                               min_value=0.5)
    provider = forms.CharField(label=_("Provider"), max_length=128, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _today_initial(self, "trained_on")


class SupervisionForm(StyledFormMixin, forms.Form):
    held_on = _date(_("Date"))
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=None)
    supported_client = forms.ModelChoiceField(
        label=_("Person supported"), queryset=Client.objects.none(), required=False,
        empty_label=_("Nobody in particular"))
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, supporter, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = staff_of(supporter.organization_id)
        self.fields["supervisor"].label_from_instance = _name
        self.fields["supported_client"].queryset = (
            Client.objects.visible_to(user).exclude(pk=supporter.client_id).order_by("name",
                                                                                     "pk"))
        self.initial.setdefault("supervisor", user.pk)
        _today_initial(self, "held_on")


STATUS_CHOICES = [(PeerStatus.ACTIVE, _("Make active")), (PeerStatus.PAUSED, _("Pause")),
                  (PeerStatus.ENDED, _("End"))]


class StatusForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
