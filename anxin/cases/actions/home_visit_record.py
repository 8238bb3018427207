"""What form E needs when it records a home visit (服务方式：家访): the on-site safety checklist
and the two staff who went. Called by `do_add_service_record` inside its transaction."""

from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import VISIT_PLAN, role_can
from anxin.accounts.choices import Role
from anxin.accounts.models import User

from ..choices import ServiceMode
from ..models import HOME_VISIT_CHECKLIST, not_possible

# CMH-8.2.2a 家访应至少由两名工作人员协同开展; REH-5.6.3 开展居家康复服务时至少两人一组;
# MSW-9.1.3.2 入户访谈不应单独前往.
MIN_STAFF = 2


def visiting_staff(organization):
    """Who may be named as having gone on a home visit: active staff of the organisation who
    go on home visits (the same people the visit planner offers)."""
    roles = [role for role in Role.values if role_can(role, VISIT_PLAN)]
    return (User.objects.filter(_membership__organization=organization,
                                _membership__role__in=roles, _membership__is_active=True,
                                is_active=True)
            .order_by("full_name", "username"))


def home_visit_team(service_record, chosen, home_visit, errors: dict) -> list[User]:
    """The staff who went on the visit the record reports.

    Written from a home visit (visits.HomeVisit) it is that visit's team, checked when it
    left (at least two, CMH-8.2.2a). Otherwise the record names at least two colleagues who
    are accounts of the organisation: a free-text "staff" line proves nobody went in pairs.
    Other modes of service keep no team.
    """
    if service_record.mode != ServiceMode.HOME_VISIT:
        return []
    if home_visit is not None:
        return list(home_visit.went.all())
    team = list({user.pk: user for user in chosen or []}.values())
    allowed = set(visiting_staff(service_record.case.organization)
                  .filter(pk__in=[u.pk for u in team]).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in team):
        errors["staff_members"] = _("Choose staff of this organisation.")
    elif len(team) < MIN_STAFF:
        errors["staff_members"] = _(
            "A home visit is made by at least two staff (CMH-8.2.2a, REH-5.6.3, MSW-9.1.3.2): "
            "tick the colleagues who went, or write this record from the home visit's page.")
    return team


def check_home_visit_safety(service_record, errors: dict) -> None:
    """CMH-8.2.2a 家访服务安全管理: on a home visit each item is ticked, or, where it could not be
    done, left unticked with the reason (MSW-B.1.2 准确记录服务情况). Another kind of session
    keeps neither (there it would mean nothing)."""
    for name in HOME_VISIT_CHECKLIST:
        reason = not_possible(name)
        if service_record.mode != ServiceMode.HOME_VISIT:
            setattr(service_record, name, False)
            setattr(service_record, reason, "")
        elif getattr(service_record, name) is True:
            setattr(service_record, reason, "")  # done: there is nothing to explain
        elif not (getattr(service_record, reason) or "").strip():
            errors[name] = _("On a home visit this is done every time (CMH-8.2.2a): tick it "
                             "once it was done, or say why it was not possible.")
