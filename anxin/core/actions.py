"""Loading a year's State Council holiday schedule. Superusers only; audited in its transaction."""

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.audit.actions import record
from anxin.core import workdays
from anxin.core.exceptions import NotPermitted

from .models import DayKind, HolidaySchedule, ScheduleDay

ScheduleRow = tuple[datetime.date, str, str]
CSV_COLUMNS = ["date", "kind", "name"]
NAME_MAX_LENGTH = ScheduleDay._meta.get_field("name").max_length
SOURCE_MAX_LENGTH = HolidaySchedule._meta.get_field("source").max_length


def _require_superuser(user) -> None:
    # A wrong schedule silently moves every statutory deadline in every organisation, so this is
    # not an organisation admin's call.
    if not (user.is_active and user.is_superuser):
        raise NotPermitted


def _row_error(message, code: str, row: int, day) -> ValidationError:
    # "where" is filled in for the caller's notion of position: row here, CSV line in
    # do_load_holiday_schedule_csv.
    return ValidationError(message, code=code, params={
        "where": _("row %(row)s (%(date)s)") % {"row": row, "date": day},
        "row": row, "date": str(day)})


def _validate(year: int, days: list[ScheduleRow], source: str) -> None:
    errors: list[ValidationError] = []
    if not 2000 <= year <= 2100:
        raise ValidationError(_("%(year)s is not a plausible schedule year."), code="year",
                              params={"year": year})
    if not source.strip() or len(source) > SOURCE_MAX_LENGTH:
        errors.append(ValidationError(
            _("Give the title of the notice the schedule comes from (at most %(max)s "
              "characters)."), code="source", params={"max": SOURCE_MAX_LENGTH}))
    if not days:
        errors.append(ValidationError(_("The schedule has no days."), code="empty"))
    seen: set[datetime.date] = set()
    for row, (day, kind, name) in enumerate(days, start=1):
        if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
            errors.append(_row_error(_("%(where)s: not a date."), "date", row, day))
            continue
        if day.year != year:
            errors.append(_row_error(_("%(where)s: the date is not in %(year)s."),
                                     "other_year", row, day))
            errors[-1].params["year"] = year
        if day in seen:
            errors.append(_row_error(_("%(where)s: the date is listed twice."),
                                     "duplicate", row, day))
        seen.add(day)
        if kind not in DayKind.values:
            errors.append(_row_error(
                _("%(where)s: the kind must be “holiday” (放假) or “workday” (调休上班)."),
                "kind", row, day))
        elif kind == DayKind.WORKDAY and day.weekday() < 5:
            # Holidays may fall on a weekend (2026-02-15, a Sunday, is inside 春节), but a
            # make-up working day on a weekday would change nothing and means a typo.
            errors.append(_row_error(
                _("%(where)s: a make-up working day must be a Saturday or Sunday."),
                "workday_not_weekend", row, day))
        if len(name) > NAME_MAX_LENGTH:
            errors.append(_row_error(_("%(where)s: the name is longer than %(max)s characters."),
                                     "name", row, day))
            errors[-1].params["max"] = NAME_MAX_LENGTH
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_load_holiday_schedule(
    year: int, *, acting_user, days: list[ScheduleRow], source: str,
) -> HolidaySchedule:
    """Load (or replace) the holiday schedule for `year` from the State Council notice.

    `days` are (date, kind, name) rows: kind "holiday" (放假) or "workday" (调休上班). Once loaded,
    the year's working days come from this schedule alone, not from chinese-calendar. A schedule
    already loaded for the year is replaced whole. Any bad row refuses the load and saves nothing.
    """
    _require_superuser(acting_user)
    _validate(year, days, source)
    schedule = HolidaySchedule.objects.select_for_update().filter(year=year).first()
    replaced = schedule is not None
    if schedule is None:
        schedule = HolidaySchedule.objects.create(year=year, source=source.strip(),
                                                  loaded_by=acting_user)
    else:
        schedule.days.all().delete()
        schedule.source = source.strip()
        schedule.loaded_at = timezone.now()
        schedule.loaded_by = acting_user
        schedule.save(update_fields=["source", "loaded_at", "loaded_by"])
    ScheduleDay.objects.bulk_create(
        ScheduleDay(schedule=schedule, date=day, kind=kind, name=name.strip())
        for day, kind, name in days)
    kinds = [kind for _day, kind, _name in days]
    record("holiday_schedule.loaded", actor=acting_user, target=schedule, data={
        "year": year, "holidays": kinds.count(DayKind.HOLIDAY),
        "workdays": kinds.count(DayKind.WORKDAY), "source": schedule.source,
        "replaced": replaced})
    # Deadlines computed after the commit must see the new schedule; before it, the old one
    # is still what the database says.
    transaction.on_commit(workdays.clear_cache)
    return schedule


def parse_schedule_csv(text: str) -> list[tuple[int, ScheduleRow]]:
    """(line number, row) pairs from CSV text with the header `date,kind,name`.

    Blank lines and lines starting with "#" are skipped. Only the shape is checked here; what the
    rows mean is checked by do_load_holiday_schedule.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    rows: list[tuple[int, ScheduleRow]] = []
    errors: list[ValidationError] = []
    header_seen = False
    for cells in reader:
        line = reader.line_num
        cells = [cell.strip() for cell in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            if [cell.lower() for cell in cells] != CSV_COLUMNS:
                errors.append(ValidationError(
                    _("Line %(line)s: the header must be “date,kind,name”."),
                    code="header", params={"line": line}))
                break
            continue
        if len(cells) != 3:
            errors.append(ValidationError(
                _("Line %(line)s: expected 3 columns (date, kind, name), found %(count)s."),
                code="columns", params={"line": line, "count": len(cells)}))
            continue
        try:
            day = datetime.date.fromisoformat(cells[0])
        except ValueError:
            errors.append(ValidationError(
                _("Line %(line)s: “%(value)s” is not a date like 2027-10-01."),
                code="date", params={"line": line, "value": cells[0]}))
            continue
        rows.append((line, (day, cells[1].lower(), cells[2])))
    if not header_seen:
        errors.append(ValidationError(_("The file is empty."), code="empty"))
    if errors:
        raise ValidationError(errors)
    return rows


def do_load_holiday_schedule_csv(
    year: int, *, acting_user, text: str, source: str,
) -> HolidaySchedule:
    """do_load_holiday_schedule from CSV text; errors name the CSV line, for the admin and the
    load_holiday_schedule command alike."""
    _require_superuser(acting_user)
    numbered = parse_schedule_csv(text)
    try:
        return do_load_holiday_schedule(year, acting_user=acting_user, source=source,
                                        days=[row for _line, row in numbered])
    except ValidationError as exc:
        lines = [line for line, _row in numbered]
        raise ValidationError([_by_line(error, lines) for error in exc.error_list]) from exc


def _by_line(error: ValidationError, lines: list[int]) -> ValidationError:
    params = error.params or {}
    if "row" not in params:
        return error
    where = _("line %(line)s (%(date)s)") % {"line": lines[params["row"] - 1],
                                            "date": params["date"]}
    return ValidationError(error.message % {**params, "where": where}, code=error.code)
