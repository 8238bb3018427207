"""Handing cases from one worker (and supervisor) to another: one case, or many at once, all or
none. The case's supervisor or superior may do it (CMH-6.3), and so may the organisation admin,
e.g. when a worker leaves."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from anxin.accounts.capabilities import CASE_APPROVE, CASE_REASSIGN
from anxin.audit.actions import record
from anxin.core.exceptions import NotPermitted, NotVisible

from ..models import Case, StageChange
from ..signals import case_reassigned
from ._access import lock
from .cases import check_staff, default_supervisor


def _may_reassign(user, case: Case) -> bool:
    if user.organization != case.organization:
        return False
    if not (user.can(CASE_APPROVE) or user.can(CASE_REASSIGN)):
        return False
    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


def _assign(case: Case, *, acting_user, worker, supervisor, reason: str) -> Case:
    """The change itself, on a locked case: its timeline row and audit event."""
    before = {"worker": case.worker_id, "supervisor": case.supervisor_id}
    previous_worker, previous_supervisor = case.worker, case.supervisor
    case.worker, case.supervisor = worker, supervisor
    case.save(update_fields=["worker", "supervisor", "updated_at"])
    StageChange.objects.create(case=case, action="reassign", from_stage=case.stage,
                               to_stage=case.stage, reason=reason, actor=acting_user)
    record("case.reassigned", actor=acting_user, target=case, client=case.client,
           reason=reason, data={"before": before, "after": {
               "worker": worker.pk, "supervisor": supervisor.pk if supervisor else None}})
    case_reassigned.send(sender=Case, case=case, previous_worker=previous_worker,
                         previous_supervisor=previous_supervisor, acting_user=acting_user)
    return case


def _check(organization, worker, supervisor, reason: str) -> None:
    errors = check_staff(organization, worker, supervisor)
    if worker is not None and not worker.is_active:
        errors["worker"] = _("Choose an active social worker of this organisation.")
    if not reason:
        errors["reason"] = _("Give a reason for the change.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_assign_case(case: Case, *, acting_user, worker, supervisor, reason: str) -> Case:
    """Hand the case to another worker or supervisor (e.g. a worker leaves the team)."""
    case = lock(case)
    if not _may_reassign(acting_user, case):
        raise NotPermitted
    reason = (reason or "").strip()
    _check(case.organization, worker, supervisor, reason)
    return _assign(case, acting_user=acting_user, worker=worker, supervisor=supervisor,
                   reason=reason)


@transaction.atomic
def do_reassign_cases(case_ids, *, acting_user, to_worker, reason: str,
                      supervisor=None) -> list[Case]:
    """Give every case of `case_ids` to `to_worker`, under the supervisor chosen or else the
    new worker's team supervisor.

    All or nothing: a case the user cannot see (another organisation's above all) answers
    404, and one that has ended refuses the whole request; nothing changes either way.
    """
    if not (acting_user.can(CASE_APPROVE) or acting_user.can(CASE_REASSIGN)):
        raise NotPermitted
    ids = sorted({int(pk) for pk in case_ids})
    reason = (reason or "").strip()
    if not ids:
        raise ValidationError({"cases": _("Choose at least one case.")})
    if supervisor is None:
        supervisor = default_supervisor(to_worker)
    _check(acting_user.organization, to_worker, supervisor, reason)
    cases = list(Case.objects.visible_to(acting_user).filter(pk__in=ids).order_by("pk")
                 .select_for_update().select_related("client", "organization"))
    if len(cases) != len(ids):
        raise NotVisible
    ended = [case.case_number for case in cases if case.is_terminal]
    if ended:
        raise ValidationError({"cases": _("These cases have ended and keep their worker: "
                                          "%(cases)s.") % {"cases": "、".join(ended)}})
    return [_assign(case, acting_user=acting_user, worker=to_worker, supervisor=supervisor,
                    reason=reason) for case in cases]
