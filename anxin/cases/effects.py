"""The side effects a pathway table may name on a transition (`Transition.effects`).

Each runs inside `do_transition`'s transaction after the engine has allowed the move and before
the case is saved; an effect that raises undoes the whole move.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import ReferralKind, ReferralStatus, ServiceMode


@dataclass
class Context:
    case: object
    transition: object
    acting_user: object
    reason: str
    payload: dict
    today: datetime.date
    audit_data: dict = field(default_factory=dict)


EFFECTS: dict[str, Callable[[Context, str], None]] = {}


def effect(name: str):
    def register(function):
        EFFECTS[name] = function
        return function
    return register


def apply(name: str, context: Context) -> None:
    key, _sep, argument = name.partition(":")
    EFFECTS[key](context, argument)


def is_known(name: str) -> bool:
    return name.partition(":")[0] in EFFECTS


@effect("milestone")
def record_milestone(context: Context, event: str) -> None:
    """Remember the date a deadline counts from (e.g. intake.completed for CMH-6.2)."""
    context.case.milestones = {**context.case.milestones, event: context.today.isoformat()}


@effect("new_episode")
def start_new_episode(context: Context, _argument: str) -> None:
    """A reopened case fills a new assessment, plan, records, evaluation and closing form."""
    from .models import FollowUp

    case = context.case
    # The old episode's follow-up schedule is replaced by the new episode's closing form.
    dropped = FollowUp.objects.filter(case=case, episode=case.episode,
                                      done_on__isnull=True).delete()[0]
    if dropped:
        context.audit_data["planned_follow_ups_dropped"] = dropped
    case.episode += 1
    case.milestones = {}
    case.closed_on = None


@effect("close_episode")
def close_episode(context: Context, _argument: str) -> None:
    context.case.closed_on = context.today


@effect("schedule_follow_ups")
def schedule_follow_ups(context: Context, _argument: str) -> None:
    """Plan the follow-ups of the closing form's plan (CMH-6.6 结案后，及时跟进回访)."""
    from .facts import current_closure
    from .models import FollowUp

    closure = current_closure(context.case)
    if closure is None or not closure.follow_up_count:
        return
    start = closure.planned_closing_date or context.today
    start = max(start, context.today)
    planned = [start + datetime.timedelta(days=closure.follow_up_interval_days * k)
               for k in range(1, closure.follow_up_count + 1)]
    FollowUp.objects.bulk_create(FollowUp(case=context.case,
                                          organization_id=context.case.organization_id,
                                          episode=context.case.episode, planned_on=day)
                                 for day in planned)
    context.audit_data["follow_ups_planned"] = [day.isoformat() for day in planned]


@effect("draft_supplementary_plan")
def draft_supplementary_plan(context: Context, _argument: str) -> None:
    """Start a supplementary plan from the plan in force; it supersedes that plan only once it
    is approved in turn (CMH-6.3)."""
    from .actions.documents import copy_plan_as_supplementary
    from .facts import effective_plan

    plan = effective_plan(context.case)
    if plan is not None:
        new = copy_plan_as_supplementary(plan, acting_user=context.acting_user,
                                         reason=context.reason)
        context.audit_data["supplementary_plan"] = new.pk


@effect("send_referral")
def send_referral(context: Context, _argument: str) -> None:
    """The consented draft referral goes out: to the receiving organisation for an answer, or
    to an outside body, whose feedback is awaited."""
    from .facts import draft_referral

    referral = draft_referral(context.case)
    referral.status = (ReferralStatus.SENT if referral.kind == ReferralKind.INTERNAL
                       else ReferralStatus.AWAITING_FEEDBACK)
    if not referral.reason:
        referral.reason = context.reason
    referral.save(update_fields=["status", "reason", "updated_at"])
    context.audit_data["referral"] = referral.pk


@effect("record_follow_up")
def record_follow_up(context: Context, _argument: str) -> None:
    """Record a follow-up visit (date, mode, finding, whether to reopen), filling the planned
    one the payload names or adding an unplanned one."""
    from .models import FollowUp

    data = context.payload
    errors = {}
    done_on = data.get("done_on")
    if not isinstance(done_on, datetime.date):
        errors["done_on"] = _("Enter the date of the follow-up.")
    elif done_on > context.today:
        errors["done_on"] = _("A follow-up cannot be recorded before it happens.")
    elif context.case.closed_on and done_on < context.case.closed_on:
        errors["done_on"] = _("A follow-up comes after the case was closed.")
    if data.get("mode") not in ServiceMode.values:
        errors["mode"] = _("Choose how the follow-up was made.")
    if not (data.get("finding") or "").strip():
        errors["finding"] = _("Write down what the follow-up found.")
    follow_up = None
    if data.get("follow_up"):
        follow_up = FollowUp.objects.filter(case=context.case, pk=data["follow_up"],
                                            episode=context.case.episode,
                                            done_on__isnull=True).first()
        if follow_up is None:
            errors["follow_up"] = _("This planned follow-up is not open on this case.")
    if errors:
        raise ValidationError(errors)
    if follow_up is None:
        follow_up = FollowUp(case=context.case, episode=context.case.episode)
    follow_up.done_on = done_on
    follow_up.mode = data["mode"]
    follow_up.finding = data["finding"].strip()
    follow_up.reopen_recommended = bool(data.get("reopen_recommended"))
    follow_up.recorded_by = context.acting_user
    follow_up.save()
    context.audit_data["follow_up"] = follow_up.pk
    context.audit_data["reopen_recommended"] = follow_up.reopen_recommended




