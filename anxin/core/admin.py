from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .actions import do_load_holiday_schedule_csv
from .models import DayKind, HolidaySchedule, ScheduleDay


class HolidayScheduleUploadForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    source = forms.CharField(
        label=_("source"), max_length=200,
        help_text=_("Title of the notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知."))
    file = forms.FileField(label=_("CSV file"))


class ScheduleDayInline(admin.TabularInline):
    model = ScheduleDay
    fields = ["date", "kind", "name"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    """Read-only list of loaded schedules; "add" leads to the CSV upload, which calls the action
    so that the admin, the command and code all load, validate and audit the same way."""

    list_display = ["year", "source", "holidays", "workdays", "loaded_at", "loaded_by"]
    fields = ["year", "source", "loaded_at", "loaded_by"]
    readonly_fields = fields
    inlines = [ScheduleDayInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("loaded_by").annotate(
            holiday_count=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
            workday_count=Count("days", filter=Q(days__kind=DayKind.WORKDAY)))

    @admin.display(description=_("holidays"), ordering="holiday_count")
    def holidays(self, obj):
        return obj.holiday_count

    @admin.display(description=_("make-up working days"), ordering="workday_count")
    def workdays(self, obj):
        return obj.workday_count

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would silently hand the year back to chinese-calendar, unaudited.
        return False

    def get_urls(self):
        upload = path("upload/", self.admin_site.admin_view(self.upload_view),
                      name="core_holidayschedule_upload")
        return [upload, *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:core_holidayschedule_upload")

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = HolidayScheduleUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            schedule = self._load(request, form)
            if schedule is not None:
                self.message_user(request, _("Loaded the %(year)s holiday schedule.")
                                  % {"year": schedule.year}, messages.SUCCESS)
                return redirect(reverse("admin:core_holidayschedule_change",
                                        args=[schedule.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": _("Load a holiday schedule"), "form": form}
        return TemplateResponse(request, "admin/core/holidayschedule/upload.html", context)

    def _load(self, request, form) -> HolidaySchedule | None:
        try:
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
            return None
        try:
            return do_load_holiday_schedule_csv(
                form.cleaned_data["year"], acting_user=request.user, text=text,
                source=form.cleaned_data["source"])
        except ValidationError as exc:
            form.add_error(None, exc)
            return None
