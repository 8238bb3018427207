"""Data every app shares: the State Council holiday schedules behind Chinese working days."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("holiday (放假)")
    WORKDAY = "workday", _("make-up working day (调休上班)")


class HolidaySchedule(models.Model):
    """One year's public-holiday arrangement as published by the General Office of the State
    Council (国务院办公厅关于某年部分节假日安排的通知), loaded by an administrator.

    While a year has a schedule, its working days are computed from the schedule alone: Monday to
    Friday work unless a day is listed as a holiday, Saturday and Sunday rest unless listed as a
    make-up working day. Loading lets deadlines run into a year that chinese-calendar does not
    know yet, or corrects a year it has wrong.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(
        _("source"), max_length=200,
        help_text=_("Title of the notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知."))
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("loaded by"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday schedule")
        verbose_name_plural = _("holiday schedules")

    def __str__(self):
        return str(self.year)


class ScheduleDay(models.Model):
    """One day a holiday schedule changes: a holiday (放假) or a make-up working day (调休上班)."""

    schedule = models.ForeignKey(HolidaySchedule, on_delete=models.CASCADE, related_name="days",
                                 verbose_name=_("holiday schedule"))
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True,
                            help_text=_("The festival, e.g. 国庆节."))

    class Meta:
        ordering = ["date"]
        verbose_name = _("schedule day")
        verbose_name_plural = _("schedule days")

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()
