"""What the standards ask of community work, as tables that cite their clauses, and the checks
the actions run before anything is kept. A refusal names the field it is about.

Community work is one of the direct methods every standard names beside casework and group work
(CMH-7.1 社区工作; MSW-6.1 社区工作; REH-4.6.1.2, activities held at the centre). What each kind
of activity carries out:

- CMH-5.5 社区支持服务: policy publicity, access to community resources, participation;
- CMH-5.6 社会倡导服务: public awareness of mental illness, advocacy for rehabilitation policy;
- CHR-7.1 健康教育与健康促进, and CHR-7.1.3: lectures, online courses, consultation days,
  brochures, new-media posts;
- CHR-7.4 社区动员与资源链接: CHR-7.4.1 resource integration with community health centres and
  volunteer teams, CHR-7.4.2 policy consultation, CHR-7.4.3 volunteers;
- PSY-measure-1 广泛开展科普宣教: lectures and online teaching for residents, materials with
  help-line numbers and the support platform's QR code.

Volunteers (CMH-7.2.2 names peer support among the methods, CHR-7.4.3 asks to mobilise
volunteers to help with follow-up and rehabilitation guidance): their hours are each for one
thing — an activity, a group or a follow-up — so that what they did can be counted.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import ONLINE_TYPES, ActivityType

# The clauses each kind of activity implements, first the one it is chiefly for.
TYPE_CLAUSES: dict[str, tuple[str, ...]] = {
    ActivityType.HEALTH_LECTURE: ("CHR-7.1.3", "PSY-measure-1", "CMH-5.6"),
    ActivityType.CONSULTATION_DAY: ("CHR-7.1.3", "CHR-7.1"),
    ActivityType.PUBLICITY: ("CMH-5.6", "PSY-measure-1", "CHR-7.1"),
    ActivityType.ADVOCACY: ("CMH-5.6",),
    ActivityType.POLICY_PUBLICITY: ("CMH-5.5", "CHR-7.4.2"),
    ActivityType.FESTIVAL_VISITS: ("CMH-5.5",),
    ActivityType.SCREENING: ("CHR-7.4.1", "CHR-7.1"),
    ActivityType.VOLUNTEER_SERVICE: ("CHR-7.4.3", "CMH-5.5"),
    ActivityType.RESOURCE_MEETING: ("CHR-7.4.1", "CMH-5.5"),
    ActivityType.ONLINE_COURSE: ("CHR-7.1.3", "PSY-measure-1"),
    ActivityType.ONLINE_POST: ("CHR-7.1.3", "PSY-measure-1"),
}

# Every activity is community work as a method (CMH-7.1, MSW-6.1).
METHOD_CLAUSES = ("CMH-7.1", "MSW-6.1")

MAX_HOURS = Decimal("24")


def clauses_for(activity_type: str) -> tuple[str, ...]:
    return TYPE_CLAUSES.get(activity_type, ()) + METHOD_CLAUSES


def is_online(activity_type: str) -> bool:
    return activity_type in ONLINE_TYPES


def check_activity(*, type: str, region, online_reach) -> None:
    """An activity in a place names its region (down to the street or community); only an
    online course or post counts its reach in views or reads (CHR-7.1.3)."""
    errors = {}
    if type not in ActivityType.values:
        errors["type"] = _("Choose a kind of activity.")
    elif is_online(type):
        if online_reach is None:
            errors["online_reach"] = _("An online course or post counts its views or reads "
                                       "(CHR-7.1.3); enter 0 if none are known yet.")
    else:
        if region is None:
            errors["region"] = _("Name the street or community where the activity took place.")
        if online_reach is not None:
            errors["online_reach"] = _("Views or reads are counted for online courses and "
                                       "posts only.")
    if errors:
        raise ValidationError(errors)


def check_counts(**counts: int | None) -> None:
    errors = {name: _("Enter a number of 0 or more.")
              for name, value in counts.items() if value is not None and value < 0}
    if errors:
        raise ValidationError(errors)


def check_hours(*, hours, activity, group, follow_up_note: str) -> None:
    """More than 0 and at most 24 hours, for exactly one of an activity, a group or a
    follow-up (CMH-7.2.2, CHR-7.4.3 志愿者协助随访与康复指导)."""
    errors = {}
    if hours is None or hours <= 0 or hours > MAX_HOURS:
        errors["hours"] = _("Hours must be more than 0 and at most 24.")
    purposes = [activity is not None, group is not None, bool((follow_up_note or "").strip())]
    if sum(purposes) != 1:
        errors["activity"] = _("Say what the hours were for: an activity, a group or a "
                               "follow-up — exactly one of them (CHR-7.4.3).")
    if errors:
        raise ValidationError(errors)
