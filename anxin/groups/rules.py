"""The limits a standard sets on a group, as a table that cites its clauses.

Rehabilitation training groups (康复训练小组) hold at most 8 members (REH-5.5.1.2 "小组训练一般
不超过 8 人"); a session lasts 45 to 60 minutes and a course runs 9 to 10 weeks (REH-5.5.1.3).
The other types carry no limit of their own yet: a limit is a row here, never a branch in code.
A refusal names the clause it applies.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Limit:
    low: int | None
    high: int | None
    clause: str


@dataclass(frozen=True)
class GroupRule:
    members: Limit | None = None
    session_minutes: Limit | None = None
    course_weeks: Limit | None = None


RULES: dict[str, GroupRule] = {
    "rehab_training": GroupRule(
        members=Limit(None, 8, "REH-5.5.1.2"),
        session_minutes=Limit(45, 60, "REH-5.5.1.3"),
        course_weeks=Limit(9, 10, "REH-5.5.1.3"),
    ),
}


def rule_for(group_type: str) -> GroupRule:
    return RULES.get(group_type, GroupRule())


def _check(limit: Limit | None, value: int, message: str, field: str) -> None:
    if limit is None or value is None:
        return
    if (limit.low is not None and value < limit.low) or \
            (limit.high is not None and value > limit.high):
        bounds = (f"{limit.low}–{limit.high}" if limit.low is not None and limit.high is not None
                  else f"≤ {limit.high}" if limit.high is not None else f"≥ {limit.low}")
        raise ValidationError({field: message % {"bounds": bounds, "value": value,
                                                 "clause": limit.clause}})


def check_members(group_type: str, count: int) -> None:
    _check(rule_for(group_type).members, count,
           _("This group may have %(bounds)s members; it would have %(value)s (%(clause)s)."),
           "members")


def check_session_minutes(group_type: str, minutes: int) -> None:
    _check(rule_for(group_type).session_minutes, minutes,
           _("A session of this group lasts %(bounds)s minutes, not %(value)s (%(clause)s)."),
           "minutes")


def check_course_weeks(group_type: str, weeks: int) -> None:
    _check(rule_for(group_type).course_weeks, weeks,
           _("A course of this group runs %(bounds)s weeks, not %(value)s (%(clause)s)."),
           "course_weeks")


# The process of group work (MSW-7.1, after MZ/T 095—2017: plan, intervene, evaluate, close):
# sessions are held once a supervisor approved the plan, and a group closes on its approved
# evaluation. Both documents are document-engine kinds (kinds.py).
PROCESS_CLAUSE = "MSW-7.1"


def _approved(group, kind: str) -> bool:
    from anxin.documents.models import Document, DocumentStatus

    return Document.objects.filter(organization_id=group.organization_id, group=group,
                                   kind=kind, status=DocumentStatus.APPROVED).exists()


def check_plan_approved(group) -> None:
    from .kinds import GROUP_PLAN

    if not _approved(group, GROUP_PLAN):
        raise ValidationError(_("A session is held once a supervisor has approved the group "
                                "plan (%(clause)s).") % {"clause": PROCESS_CLAUSE})


def check_evaluation_approved(group) -> None:
    from .kinds import GROUP_EVALUATION

    if not _approved(group, GROUP_EVALUATION):
        raise ValidationError(_("A group closes once its evaluation has been approved "
                                "(%(clause)s).") % {"clause": PROCESS_CLAUSE})


# A rehabilitation training group runs one of the centre's eight programmes (REH-5.5.2); no
# other type names one.
PROGRAMME_CLAUSE = "REH-5.5.2"


def programme_problems(group_type: str, programme: str) -> dict:
    from .models import GroupType, RehabProgramme

    if group_type == GroupType.REHAB_TRAINING and programme not in RehabProgramme.values:
        return {"programme": _("Choose which rehabilitation programme the group runs "
                               "(%(clause)s).") % {"clause": PROGRAMME_CLAUSE}}
    if group_type != GroupType.REHAB_TRAINING and programme:
        return {"programme": _("Only a rehabilitation training group runs one of the "
                               "programmes of %(clause)s.") % {"clause": PROGRAMME_CLAUSE}}
    return {}
