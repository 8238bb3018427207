"""Forms of the case pages: opening a case, taking an action, recording a follow-up, referring.

The forms parse; the actions decide. Errors the actions raise are shown on these forms.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.choices import Role
from anxin.accounts.models import Organization, User
from anxin.core.forms import StyledFormMixin

from .choices import CaseSource, ConsentMode, ReferralKind, ServiceMode, SharedItem

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def staff_choices(organization, roles) -> forms.ModelChoiceField:
    return (User.objects.filter(_membership__organization=organization,
                                _membership__role__in=roles, _membership__is_active=True,
                                is_active=True).order_by("full_name", "username"))


class StaffFieldsMixin:
    def set_staff(self, organization) -> None:
        self.fields["worker"].queryset = staff_choices(organization,
                                                       [Role.WORKER, Role.SUPERVISOR])
        self.fields["supervisor"].queryset = staff_choices(organization, [Role.SUPERVISOR])
        for name in ("worker", "supervisor"):
            self.fields[name].label_from_instance = lambda u: u.full_name or u.username


class OpenCaseForm(StaffFieldsMixin, StyledFormMixin, forms.Form):
    """A new application (CMH-B 个案申请): who takes it, how it came in, what is asked."""

    application_date = forms.DateField(label=_("Application date"), widget=DATE_INPUT)
    source = forms.ChoiceField(label=_("How the application came in"),
                               choices=CaseSource.choices, widget=forms.RadioSelect)
    source_detail = forms.CharField(label=_("Details of the source"), required=False,
                                    max_length=200)
    needs = forms.CharField(label=_("Client's needs"), widget=forms.Textarea(attrs={"rows": 3}))
    worker = forms.ModelChoiceField(label=_("Responsible worker"), queryset=User.objects.none())
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=User.objects.none(),
                                        required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_staff(organization)


class TransitionForm(forms.Form):
    reason = forms.CharField(required=False, max_length=2000)


class FollowUpForm(StyledFormMixin, forms.Form):
    """A 回访 after closing (CMH-6.6)."""

    follow_up = forms.TypedChoiceField(label=_("Planned follow-up"), required=False,
                                       coerce=int, empty_value=None)
    done_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    mode = forms.ChoiceField(label=_("Mode"), choices=ServiceMode.choices,
                             widget=forms.RadioSelect)
    finding = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    reopen_recommended = forms.BooleanField(label=_("Recommend reopening the case"),
                                            required=False)

    def __init__(self, *args, planned, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up"].choices = [("", _("Not planned"))] + [
            (f.pk, f.planned_on.isoformat()) for f in planned]
        if planned and not self.is_bound:
            self.initial.setdefault("follow_up", planned[0].pk)
        self.initial.setdefault("done_on", timezone.localdate())


class ReferralForm(StyledFormMixin, forms.Form):
    """Where the client is referred, why, and what they agreed may go with them (CMH-4.1)."""

    kind = forms.ChoiceField(label=_("Refer to"), widget=forms.RadioSelect, choices=[
        (ReferralKind.INTERNAL, ReferralKind.INTERNAL.label),
        (ReferralKind.EXTERNAL, ReferralKind.EXTERNAL.label)])
    to_organization = forms.ModelChoiceField(label=_("Receiving organisation"),
                                             queryset=Organization.objects.none(),
                                             required=False)
    external_name = forms.CharField(label=_("Outside body"), max_length=128, required=False)
    external_contact = forms.CharField(label=_("Contact at the outside body"), max_length=200,
                                       required=False)
    reason = forms.CharField(label=_("Reason for referral"),
                             widget=forms.Textarea(attrs={"rows": 3}))
    consent_mode = forms.ChoiceField(label=_("Client's consent to the referral"),
                                     choices=ConsentMode.choices, widget=forms.RadioSelect)
    consent_on = forms.DateField(label=_("Consent given on"), widget=DATE_INPUT)
    shared_items = forms.MultipleChoiceField(
        label=_("The client agreed to share"), choices=SharedItem.choices, required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].queryset = Organization.objects.exclude(
            pk=organization.pk).order_by("name")


class ReferralAnswerForm(StaffFieldsMixin, StyledFormMixin, forms.Form):
    accept = forms.TypedChoiceField(label=_("Answer"), widget=forms.RadioSelect,
                                    coerce=lambda v: v == "yes",
                                    choices=[("yes", _("Accept")), ("no", _("Decline"))])
    worker = forms.ModelChoiceField(label=_("Responsible worker"), queryset=User.objects.none(),
                                    required=False)
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=User.objects.none(),
                                        required=False)
    decline_reason = forms.CharField(label=_("Reason for declining"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_staff(organization)


class ReferralFeedbackForm(StyledFormMixin, forms.Form):
    feedback = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 3}))
    feedback_on = forms.DateField(label=_("Feedback received on"), widget=DATE_INPUT)
    completed = forms.BooleanField(label=_("The referral is complete"), required=False)


class OutsideReferralForm(StaffFieldsMixin, StyledFormMixin, forms.Form):
    """A referral in from a body outside Anxin (a hospital, the street office…)."""

    external_name = forms.CharField(label=_("Referred by"), max_length=128)
    external_contact = forms.CharField(label=_("Referrer's contact"), max_length=200,
                                       required=False)
    reason = forms.CharField(label=_("Reason for referral"),
                             widget=forms.Textarea(attrs={"rows": 3}))
    application_date = forms.DateField(label=_("Date received"), widget=DATE_INPUT)
    worker = forms.ModelChoiceField(label=_("Responsible worker"), queryset=User.objects.none())
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=User.objects.none(),
                                        required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_staff(organization)
