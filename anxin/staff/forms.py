from django import forms
from django.utils.translation import gettext_lazy as _

from anxin.accounts.choices import EducationLevel, HospitalGrade, OrganizationKind, Role
from anxin.accounts.models import Team
from anxin.cases.case_forms import staff_choices
from anxin.core.forms import StyledFormMixin

from .actions import ORGANIZATION_ROLES
from .choices import QualificationKind, TrainingTopic

ROLE_CHOICES = [(r, label) for r, label in Role.choices if r in ORGANIZATION_ROLES]


def _name(user) -> str:
    return user.full_name or user.username


class TeamFieldMixin:
    def set_teams(self, organization):
        self.fields["team"].queryset = Team.objects.filter(organization=organization)


class MemberAddForm(StyledFormMixin, TeamFieldMixin, forms.Form):
    username = forms.CharField(label=_("username"), max_length=150)
    full_name = forms.CharField(label=_("full name"), max_length=64)
    mobile = forms.CharField(label=_("mobile"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("role"), choices=ROLE_CHOICES)
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.none(), required=False)
    supervisor_exception_reason = forms.CharField(
        label=_("reason for the exception"), required=False, widget=forms.Textarea(
            attrs={"rows": 2}),
        help_text=_("Only when making someone a supervisor who does not meet CMH-9.2 "
                    "(five years in the field and 社会工作师)."))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_teams(organization)


class MemberRoleForm(StyledFormMixin, TeamFieldMixin, forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=ROLE_CHOICES)
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.none(), required=False)
    supervisor_exception_reason = MemberAddForm.base_fields["supervisor_exception_reason"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_teams(organization)


class StaffRecordForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=64)
    mobile = forms.CharField(label=_("mobile"), max_length=20, required=False)
    education_level = forms.ChoiceField(label=_("education"), required=False,
                                        choices=[("", "—"), *EducationLevel.choices])
    major = forms.CharField(label=_("major"), max_length=64, required=False)
    in_field_since = forms.DateField(
        label=_("in the field since"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Start of work in community mental-health social work (CMH-9.2)."))


class DeactivateForm(StyledFormMixin, forms.Form):
    hand_over_to = forms.ModelChoiceField(label=_("hand the open cases to"),
                                          queryset=None, required=False)
    supervisor = forms.ModelChoiceField(
        label=_("supervisor of those cases"), queryset=None, required=False,
        help_text=_("Leave empty to follow the new worker's team."))
    reason = forms.CharField(label=_("reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organization, member, **kwargs):
        super().__init__(*args, **kwargs)
        workers = staff_choices(organization, [Role.WORKER, Role.SUPERVISOR]).exclude(
            pk=member.pk)
        self.fields["hand_over_to"].queryset = workers
        self.fields["supervisor"].queryset = staff_choices(organization, [Role.SUPERVISOR])
        for name in ("hand_over_to", "supervisor"):
            self.fields[name].label_from_instance = _name


class QualificationForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("qualification"), choices=QualificationKind.choices)
    title = forms.CharField(label=_("title"), max_length=64, required=False,
                            help_text=_("For “other”: what the certificate is."))
    number = forms.CharField(label=_("certificate number"), max_length=64, required=False)
    issued_on = forms.DateField(label=_("issued on"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    scan = forms.FileField(label=_("scanned copy"), required=False)


class TrainingForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(label=_("hours"), max_digits=5, decimal_places=1,
                               min_value=0.5)
    topic = forms.CharField(label=_("topic"), max_length=128)
    provider = forms.CharField(label=_("provider"), max_length=128, required=False)
    chr_topic = forms.ChoiceField(label=_("CHR-5.1.2 topic"), required=False,
                                  choices=[("", "—"), *TrainingTopic.choices])
    certificate = forms.FileField(label=_("certificate"), required=False)


class TeamForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=64)
    supervisor = forms.ModelChoiceField(label=_("supervisor"), queryset=None, required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = staff_choices(organization, [Role.SUPERVISOR])
        self.fields["supervisor"].label_from_instance = _name


class OrganizationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=128)
    code = forms.CharField(label=_("short code"), max_length=16,
                           help_text=_("Prefix of client file numbers, e.g. CDWH."))
    kind = forms.ChoiceField(label=_("kind"), choices=OrganizationKind.choices)
    district_code = forms.CharField(label=_("district code"), max_length=6,
                                    help_text=_("Six digits (GB/T 2260), e.g. 510107."))
    street_code = forms.CharField(label=_("street code"), max_length=12, required=False)
    hospital_grade = forms.ChoiceField(label=_("hospital grade"), required=False,
                                       choices=[("", "—"), *HospitalGrade.choices])
    bed_count = forms.IntegerField(label=_("bed count"), min_value=1, required=False)
    admin_username = forms.CharField(label=_("first admin's username"), max_length=150,
                                     required=False)
    admin_full_name = forms.CharField(label=_("first admin's full name"), max_length=64,
                                      required=False)
