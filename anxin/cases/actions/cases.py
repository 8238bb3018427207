"""Opening a case and moving it along its pathway. Each writes its timeline row and audit event
in its transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_CREATE, CASE_TRANSITION
from anxin.accounts.choices import Role
from anxin.accounts.models import Organization
from anxin.audit.actions import record
from anxin.clients.models import Client
from anxin.core import workdays
from anxin.core.exceptions import NotPermitted

from .. import deadlines, effects, facts
from ..choices import CaseSource
from ..models import Case, CaseApplication, StageChange
from ..workflow import engine
from ..workflow.pathways import for_organization, get_pathway
from ._access import lock, require_case

CASE_ROLES = (Role.WORKER, Role.SUPERVISOR)


def _next_case_number(organization: Organization, year: int) -> str:
    # The organisation row is locked by the caller, so two openings cannot take one number.
    prefix = f"{organization.code.upper()}-C{year}-"
    last = (Case.objects.filter(organization=organization, case_number__startswith=prefix)
            .order_by("-case_number").values_list("case_number", flat=True).first())
    return f"{prefix}{int(last.removeprefix(prefix)) + 1 if last else 1:04d}"


def check_staff(organization, worker, supervisor) -> dict:
    errors = {}
    if worker is None or worker.organization != organization or worker.role not in CASE_ROLES:
        errors["worker"] = _("Choose a social worker of this organisation.")
    if supervisor is not None and (supervisor.organization != organization
                                   or supervisor.role != Role.SUPERVISOR):
        errors["supervisor"] = _("Choose a supervisor of this organisation.")
    if supervisor is not None and supervisor == worker:
        errors["supervisor"] = _("The supervisor cannot be the responsible worker.")
    return errors


def check_application_date(application_date) -> dict:
    if application_date is None:
        return {"application_date": _("Enter the application date.")}
    if application_date > timezone.localdate():
        return {"application_date": _("The application date cannot be in the future.")}
    try:
        workdays.is_working_day(application_date)
    except workdays.UnknownYear as exc:
        return {"application_date": exc.message}
    return {}


def default_supervisor(worker):
    team = worker.membership.team if worker and worker.membership else None
    return team.supervisor if team and team.supervisor_id != getattr(worker, "pk", None) else None


@transaction.atomic
def do_open_case(
    client: Client, *, acting_user, worker, supervisor=None, source: str,
    source_detail: str = "", application_date: datetime.date, needs: str = "",
    pathway: str | None = None, referred_from: Case | None = None,
) -> Case:
    """Receive an application (CMH-B) and open the case at its pathway's first stage.

    The application date starts the intake clock: 5 working days (CMH-6.1).
    """
    if not acting_user.can(CASE_CREATE) or acting_user.organization != client.organization:
        raise NotPermitted
    # Always: a `referred_from` link is no licence to open a case of a client the user does
    # not see (an accepted referral opens its case through create_case, after its own checks).
    if not Client.objects.visible_to(acting_user).filter(pk=client.pk).exists():
        raise NotPermitted
    # By default the pathway of the organisation's kind (a rehabilitation centre's is REH).
    table = get_pathway(pathway) if pathway else for_organization(client.organization)
    errors = check_staff(client.organization, worker, supervisor)
    if source not in CaseSource.values:
        errors["source"] = _("Choose how the application came in.")
    elif source != CaseSource.SOUGHT_HELP and not source_detail.strip():
        errors["source_detail"] = _("Say who found or referred the client.")
    errors.update(check_application_date(application_date))
    if errors:
        raise ValidationError(errors)
    return create_case(client, acting_user=acting_user, worker=worker, supervisor=supervisor,
                       source=source, source_detail=source_detail,
                       application_date=application_date, needs=needs, table=table,
                       referred_from=referred_from)


def create_case(client, *, acting_user, worker, supervisor, source, source_detail,
                application_date, needs, table, referred_from=None) -> Case:
    """The writes of opening a case, for callers that have made their own checks (a referral
    accepted by the receiving organisation)."""
    organization = Organization.objects.select_for_update().get(pk=client.organization_id)
    case = Case(
        organization=organization, client=client, pathway=table.code,
        stage=table.initial_stage, worker=worker, supervisor=supervisor, source=source,
        source_detail=source_detail.strip(), opened_on=application_date,
        case_number=_next_case_number(organization, application_date.year),
        milestones={"application.received": application_date.isoformat()},
        referred_from=referred_from, created_by=acting_user,
    )
    deadlines.refresh_due_on(case)
    case.save()
    CaseApplication.objects.create(
        case=case, application_number=case.case_number, application_date=application_date,
        needs=needs.strip())
    action = "open_from_referral" if referred_from else "open"
    StageChange.objects.create(case=case, action=action, to_stage=case.stage, actor=acting_user)
    record("case.opened", actor=acting_user, target=case, client=client, data={
        "case_number": case.case_number, "pathway": table.code, "worker": worker.pk,
        "supervisor": supervisor.pk if supervisor else None, "source": source,
        "referred_from": referred_from.pk if referred_from else None})
    return case


@transaction.atomic
def do_transition(case: Case, action: str, *, acting_user, reason: str = "",
                  payload: dict | None = None) -> Case:
    """Take `action` on the case if its pathway table allows it now (engine.check) and the user
    holds the action's capability; otherwise raise and change nothing."""
    case = lock(case)
    table = case.pathway_table
    transition = table.transition(action)
    require_case(acting_user, transition.capability if transition else CASE_TRANSITION, case)
    transition = engine.check(table, case.stage, action, facts.satisfied(case), reason)
    from_stage = case.stage
    case.stage = transition.to_stage
    case.stage_changed_at = timezone.now()
    context = effects.Context(case=case, transition=transition, acting_user=acting_user,
                              reason=reason.strip(), payload=payload or {},
                              today=timezone.localdate())
    for name in transition.effects:
        effects.apply(name, context)
    deadlines.refresh_due_on(case)
    case.save(update_fields=["stage", "stage_changed_at", "episode", "milestones", "due_on",
                             "closed_on", "updated_at"])
    StageChange.objects.create(case=case, action=action, from_stage=from_stage,
                               to_stage=case.stage, reason=reason.strip(), actor=acting_user)
    record(f"case.{action}", actor=acting_user, target=case, client=case.client,
           reason=reason.strip(), data={"from": from_stage, "to": case.stage,
                                        "episode": case.episode, **context.audit_data})
    return case
