"""Demo measurement and safety: each organisation's safety settings, PHQ-9 and GAD-7 histories on
cases in service (so the client charts have lines), and a few crisis alerts in each state — one
nobody has acknowledged, one in hand with steps logged, one resolved — plus an incident.

Everything goes through the real actions, so the alerts are raised by the rules, not inserted.
"""

import datetime

from django.utils import timezone

from anxin.accounts.choices import Role
from anxin.accounts.models import Organization, User
from anxin.cases.models import Case
from anxin.instruments.actions import do_record_response
from anxin.instruments.models import InstrumentResponse
from anxin.safety import actions as safety
from anxin.safety.models import Alert
from anxin.visits import actions as visits

# Fictitious local numbers; 12356 is the national psychological assistance hotline.
HELP_LINES = {
    "CDWH": "全国心理援助热线: 12356\n本中心值班电话: 028-8555 0123",
    "SZNS": "全国心理援助热线: 12356\n医务社工部值班电话: 0755-2666 0123",
}
# PHQ-9 totals falling over three administrations; GAD-7 alongside.
PHQ9_SERIES = ((2, 2, 2, 1, 2, 1, 2, 1, 0), (1, 1, 2, 1, 1, 1, 1, 0, 0),
               (1, 0, 1, 1, 0, 1, 0, 0, 0))
GAD7_SERIES = ((2, 2, 1, 2, 1, 2, 1), (1, 1, 1, 1, 0, 1, 1))


def _phq9(values):
    return {f"item_{n}": v for n, v in enumerate(values, start=1)}


def _gad7(values):
    return {f"item_{n}": v for n, v in enumerate(values, start=1)}


def load_safety(organization: Organization, workers: list[User | None],
                today: datetime.date | None = None) -> int:
    """Once per organisation (nothing if it has any instrument response already). Returns the
    organisation's alerts."""
    if InstrumentResponse.objects.filter(organization=organization).exists():
        return 0
    today = today or timezone.localdate()
    present = [w for w in workers if w is not None]
    admin = User.objects.filter(_membership__organization=organization,
                                _membership__role=Role.ORG_ADMIN,
                                _membership__is_active=True).order_by("pk").first()
    safety.do_update_safety_settings(
        organization, acting_user=admin, duty_worker=present[0] if present else None,
        help_lines=HELP_LINES.get(organization.code, "全国心理援助热线: 12356"))
    serving = list(Case.objects.filter(organization=organization,
                                       stage__in=("intervention", "evaluation", "planning",
                                                  "closed"))
                   .select_related("client", "worker", "supervisor").order_by("pk"))
    for case in serving[:4]:
        for weeks_ago, values in zip((8, 4, 1), PHQ9_SERIES, strict=True):
            do_record_response(case.client, instrument_code="phq9", answers=_phq9(values),
                               acting_user=case.worker, case=case,
                               administered_on=today - datetime.timedelta(weeks=weeks_ago))
        for weeks_ago, values in zip((8, 1), GAD7_SERIES, strict=True):
            do_record_response(case.client, instrument_code="gad7", answers=_gad7(values),
                               acting_user=case.worker, case=case,
                               administered_on=today - datetime.timedelta(weeks=weeks_ago))
    if len(serving) < 3:
        return Alert.objects.filter(organization=organization).count()
    # Not acknowledged: item 9 answered "several days" this morning.
    first = serving[0]
    do_record_response(first.client, instrument_code="phq9",
                       answers=_phq9((2, 2, 1, 2, 1, 2, 1, 1, 1)), acting_user=first.worker,
                       case=first, administered_on=today)
    # In hand: risk level 3 on a follow-up; the supervisor has started the protocol.
    second = serving[1]
    do_record_response(second.client, instrument_code="risk_level", answers={"level": 3},
                       acting_user=second.worker, case=second, administered_on=today)
    alert = Alert.objects.filter(case=second, rule="risk_level_high").first()
    handler = second.supervisor or second.worker
    if alert is not None:
        safety.do_record_alert_step(alert, acting_user=handler, protocol_item="contact_family",
                                    note="已电话联系案主母亲，告知情况并约定今日下午家访。")
        safety.do_record_alert_step(alert, acting_user=handler,
                                    protocol_item="contact_hospital")
    # Resolved: an incident last week, its risk review done.
    third = serving[2]
    incident = safety.do_record_incident(
        third.client, acting_user=third.worker, case=third, kind="relapse",
        occurred_at=timezone.now() - datetime.timedelta(days=6),
        place="案主家中", people=f"{third.client.name}、其家属、{third.worker}",
        description="案主连续三天未服药，夜间不眠、自言自语，家属求助。",
        immediate_actions=["family_contacted", "hospital_contacted"],
        departments_notified="社区居委会、街道综治办", follow_up="陪同复诊，调整服药方案。")
    review = Alert.objects.filter(source_id=incident.pk, rule="incident_risk_review").first()
    if review is not None:
        safety.do_record_alert_step(review, acting_user=third.worker,
                                    protocol_item="reassess_risk", note="复评危险性为1级。")
        safety.do_resolve_alert(
            review, acting_user=third.worker,
            resolution="已复诊并调整用药，家属每日督促服药，病情趋于稳定。",
            not_applicable={item.code: "复诊评估无即时危险，此步骤不适用。"
                            for item in safety.unticked_items(review)})
    _home_visits(serving, present)
    return Alert.objects.filter(organization=organization).count()


def _home_visits(serving: list[Case], present: list[User]) -> None:
    """Today's home visits: one out now, one planned, and one to the risk-level-3 client that
    waits for the supervisor's approval with a community doctor along (CMH-8.2.2a)."""
    now = timezone.now()

    def colleague(worker):
        return next((w for w in present if w != worker), None)

    out, risky = serving[0], serving[1]
    partner = colleague(out.worker)
    station = out.supervisor or next(
        (w for w in present if w not in (out.worker, partner)), None)
    if partner is not None and station is not None:
        visit = visits.do_plan_home_visit(
            out.client, acting_user=out.worker, case=out, staff=[out.worker, partner],
            planned_for=now + datetime.timedelta(minutes=10), place="案主家中",
            purpose="了解服药情况，与家属沟通近期情绪变化。",
            # The client's item-9 alert is still open: a companion and approval (CMH-8.2.2a).
            companion_name="王医生", companion_role="社区医生")
        if out.supervisor is not None and out.supervisor not in (out.worker, partner):
            visits.do_approve_home_visit(visit, acting_user=out.supervisor)
        visits.do_depart_home_visit(
            visit, acting_user=out.worker, went=[out.worker, partner],
            expected_return_at=now + datetime.timedelta(hours=2), station_worker=station,
            contact_phone="13800000001", now=now + datetime.timedelta(minutes=10))
    partner = colleague(risky.worker)
    if partner is not None:
        visits.do_plan_home_visit(
            risky.client, acting_user=risky.worker, case=risky, staff=[risky.worker, partner],
            planned_for=now + datetime.timedelta(hours=4), place="案主家中",
            purpose="危险性复评后的安全家访，与家属商定照护安排。",
            companion_name="刘医生", companion_role="社区医生")
    if len(serving) > 3:
        planned = serving[3]
        partner = colleague(planned.worker)
        if partner is not None:
            visits.do_plan_home_visit(
                planned.client, acting_user=planned.worker, case=planned,
                staff=[planned.worker, partner], planned_for=now + datetime.timedelta(hours=6),
                place="案主家中", purpose="常规家访：服药督导与社区活动邀请。")
