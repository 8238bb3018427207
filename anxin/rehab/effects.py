"""The pathway effects of a rehabilitation centre (cases/effects.py registry)."""

import datetime

from anxin.cases.effects import Context, effect

from .kinds import EXIT


@effect("rehab_follow_up")
def plan_exit_follow_up(context: Context, _argument: str) -> None:
    """Plan the follow-up the approved exit form names (REH-5.2.6.2.5 跟踪服务或回访)."""
    from anxin.cases.models import FollowUp
    from anxin.documents.models import Document, DocumentStatus

    case = context.case
    exit_form = (Document.objects.filter(organization_id=case.organization_id, case=case,
                                         episode=case.episode, kind=EXIT,
                                         status=DocumentStatus.APPROVED)
                 .order_by("-id").only("coded").first())
    planned = exit_form.coded.get("follow_up_on") if exit_form is not None else None
    if not planned:
        return
    day = max(datetime.date.fromisoformat(planned), context.today)
    FollowUp.objects.create(case=case, organization_id=case.organization_id,
                            episode=case.episode, planned_on=day)
    context.audit_data["follow_ups_planned"] = [day.isoformat()]
