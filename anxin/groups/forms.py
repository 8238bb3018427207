"""The forms of group work's pages. They parse what was typed; the actions decide (actions.py,
rules.py) and their refusals go back beside the fields."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import StyledFormMixin

from .models import Attendance, ConsentMode, GroupType, RehabProgramme

# How many of the user's own clients the member picker offers; any other visible client is
# found by file number.
PICKER_LIMIT = 200


class GroupForm(StyledFormMixin, forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *GroupType.choices])
    title = forms.CharField(label=_("Title"), max_length=120)
    programme = forms.ChoiceField(label=_("Rehabilitation programme"), required=False,
                                  choices=[("", "—"), *RehabProgramme.choices],
                                  help_text=_("For a rehabilitation training group: one of "
                                              "the eight programmes of REH-5.5.2."))
    goals = forms.CharField(label=_("Group goals"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    target_population = forms.CharField(label=_("Target population"), max_length=200,
                                        required=False)
    course_weeks = forms.IntegerField(label=_("Course length in weeks"), required=False,
                                      min_value=1, max_value=104,
                                      help_text=_("A rehabilitation training course runs 9–10 "
                                                  "weeks (REH-5.5.1.3)."))
    measure = forms.ChoiceField(label=_("Outcome instrument"), required=False,
                                help_text=_("Every member takes it before the first session "
                                            "and after the last."))
    co_leaders = forms.ModelMultipleChoiceField(label=_("Co-leaders from the staff"),
                                                queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    external_leaders = forms.CharField(
        label=_("Leaders from outside"), required=False, max_length=500,
        help_text=_("For example a community doctor or a volunteer: name and unit."))

    def __init__(self, *args, staff, **kwargs):
        from anxin.instruments import registry

        super().__init__(*args, **kwargs)
        self.fields["co_leaders"].queryset = staff
        self.fields["co_leaders"].label_from_instance = lambda u: u.full_name or u.username
        self.fields["measure"].choices = [("", _("None")), *(
            (code, registry.latest(code).name) for code in registry.codes())]


class MemberForm(StyledFormMixin, forms.Form):
    client = forms.CharField(label=_("Client (file number)"), max_length=32,
                             widget=forms.TextInput(attrs={"list": "member-clients",
                                                           "autocomplete": "off"}))
    joined_on = forms.DateField(label=_("Joined on"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    consent_mode = forms.ChoiceField(label=_("Consent to group participation"),
                                     choices=[("", "—"), *ConsentMode.choices], required=False)
    consented_on = forms.DateField(label=_("Consented on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("joined_on", timezone.localdate())
        self.initial.setdefault("consented_on", timezone.localdate())


class SessionForm(StyledFormMixin, forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)


def attendance_marks(data, members) -> dict:
    """{member id: (status, reason)} from the attendance page's `status-<id>` and
    `reason-<id>` inputs; a status that is not one of Attendance's stays as typed, for the
    action to refuse."""
    marks = {}
    for member in members:
        status = data.get(f"status-{member.pk}", "")
        marks[member.pk] = (status if status in Attendance.values else "",
                            data.get(f"reason-{member.pk}", ""))
    return marks
