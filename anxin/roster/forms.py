"""The roster upload form. It parses; the action decides, and its refusals come back beside
these fields (StyledFormMixin.apply_action_error)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.models import Region
from anxin.core.forms import StyledFormMixin

from . import importing, selectors


class StreetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name if obj.parent_id else ''}{obj.name}"


class MonthField(forms.DateField):
    """A month as YYYY-MM (what <input type="month"> sends), as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if isinstance(value, datetime.date) else value


class RosterImportForm(StyledFormMixin, forms.Form):
    street = StreetChoiceField(label=_("Street (乡镇/街道)"), queryset=Region.objects.none())
    month = MonthField(label=_("Month"))
    file = forms.FileField(
        label=_("Roster file (.xlsx)"),
        help_text=_("The monthly export of the severe-mental-disorder information system, "
                    "first row: 姓名, 身份证号, 是否纳入网格管理 (是/否), 诊断 (optional)."),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = selectors.import_streets(organization)
        self.initial.setdefault("month", timezone.localdate().replace(day=1))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            raise ValidationError(_("The file is larger than %(mb)d MB. Split it into smaller "
                                    "files.") % {"mb": importing.MAX_BYTES // 2**20})
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Upload an Excel workbook (.xlsx). In Excel or WPS: Save "
                                    "as → .xlsx."))
        return upload
