"""Walk a case along the CMH pathway through the real actions, with plausible content.

Used by the demo loader and by tests that need a case in a given stage; every step is the
action a user would take, so the audit trail and timeline are the real ones.
"""

import base64
import datetime

from django.utils import timezone

from . import actions
from .choices import ConsentMode, ServiceMode, SignatureKind
from .models import HOME_VISIT_CHECKLIST

# A 1×1 transparent PNG: a stand-in for a signature drawn on screen.
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII="
)

HAPPY_PATH = ("application", "intake", "assessment", "planning", "intervention", "evaluation",
              "closed")


def signature(name: str, acting_user=None) -> actions.SignedImage:
    """A signature drawn on the pad by `name`; the action of the form it signs keeps it."""
    return actions.SignedImage(BLANK_PNG, SignatureKind.DRAWN, name)


def consent(case, worker, *, today: datetime.date, audio: bool = False):
    return actions.do_record_consent(case, acting_user=worker, data={
        "mode": ConsentMode.WRITTEN, "exceptions_explained": True,
        "audio_recording_allowed": audio, "video_recording_allowed": False,
        "signer": "client", "client_signed_on": today, "worker_signed_on": today,
    }, signature=signature(case.client.name, worker))


def accept(case, worker):
    actions.do_save_application(case, acting_user=worker, data={
        "needs": "希望改善睡眠，恢复与家人的沟通，逐步回到社区活动。",
        "decision": "accepted"})
    return actions.do_transition(case, "accept", acting_user=worker)


def assess(case, worker, *, today: datetime.date, risk_level: int = 1):
    actions.do_save_assessment(case, acting_user=worker, complete=True, data={
        "filled_on": today, "disease_type": "精神分裂症", "risk_level": risk_level,
        "medication": "遵医嘱规律服药", "stability": "mostly_stable",
        "social_security": "城乡居民医保，低保", "family_situation": "与母亲同住，母亲为主要照顾者",
        "bio_psycho_social": "睡眠欠佳，情绪低落，社交退缩。", "environment": "社区支持较好。",
        "client_view": "希望能找到工作。", "needs_analysis": "需要规律作息与服药支持。",
        "resources_analysis": "母亲支持；社区康复站可参加活动。",
        "problem_diagnosis": "服药依从性与社会功能下降。",
        "prioritised_needs": "1. 服药管理 2. 家庭沟通 3. 社区参与"})
    return actions.do_transition(case, "complete_assessment", acting_user=worker)


def plan(case, worker, *, today: datetime.date, submit: bool = True):
    plan = actions.do_save_plan(case, acting_user=worker, data={
        "overall_goal": "稳定病情，恢复基本社会功能。",
        "goals": "规律服药\n改善家庭沟通\n每周参加一次社区活动"}, rows=[
        {"timing": "第1-4周", "strategy": "疾病管理", "method": "家访、电访",
         "client_responsibility": "按时服药并记录", "roles": "社工督促，家属协助",
         "evaluation_method": "服药记录"},
        {"timing": "第5-8周", "strategy": "家庭关系协调", "method": "家庭会谈",
         "client_responsibility": "参与会谈", "roles": "社工引导",
         "evaluation_method": "家庭关系自评"}])
    if submit:
        plan = actions.do_submit_for_approval(
            plan, acting_user=worker, client_signature=signature(case.client.name, worker),
            client_confirmed_on=today)
    return plan


def home_visit_safety(mode) -> dict:
    """The on-site safety checklist of a home visit, all done (CMH-8.2.2a); nothing otherwise."""
    return {name: True for name in HOME_VISIT_CHECKLIST} if mode == ServiceMode.HOME_VISIT \
        else {}


def visit_pair(case, worker) -> list:
    """Two staff for a home visit (CMH-8.2.2a): the worker and the case's supervisor, or
    else another colleague who goes on home visits."""
    from .actions.home_visit_record import visiting_staff

    other = case.supervisor if case.supervisor_id and case.supervisor != worker else \
        visiting_staff(case.organization).exclude(pk=worker.pk).first()
    return [worker, other] if other is not None else [worker]


def record_session(case, worker, *, when: datetime.datetime, mode=ServiceMode.HOME_VISIT):
    return actions.do_add_service_record(case, acting_user=worker, data={
        "staff_members": visit_pair(case, worker) if mode == ServiceMode.HOME_VISIT else [],
        "mode": mode, "started_at": when, "duration_minutes": 50, "place": "服务对象家中客厅",
        "participants": "服务对象、母亲", "staff": worker.full_name,
        "goal": "了解近期服药与睡眠情况", "content": "服务对象自述近一周按时服药，睡眠有所改善。",
        "evaluation_of_service": "目标基本达成", "evaluation_of_client": "情绪平稳，配合度高",
        "evaluation_of_worker": "倾听充分", "next_plan": "下周电访跟进",
        **home_visit_safety(mode)})


def evaluate(case, worker, *, today: datetime.date):
    return actions.do_save_evaluation(case, acting_user=worker, data={
        "evaluated_on": today, "services_received": "家访、电访、家庭会谈",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 7,
        "goal_attainment": "partial", "attainment_reason": "社区活动参与尚不稳定",
        "process_evaluation": "共服务8次，安排系统可行。",
        "outcome_evaluation": "服药规律，家庭沟通改善。",
        "worker_reflection": "注重案主自决。", "stakeholder_evaluation": "家属反馈良好。"})


def closure(case, worker, *, today: datetime.date, submit: bool = True):
    closure = actions.do_save_closure(case, acting_user=worker, data={
        # Told a week ahead (CMH-6.6 提前让精神障碍患者知晓结案时间).
        "filled_on": today, "planned_closing_date": today,
        "client_told_on": today - datetime.timedelta(days=7),
        "reasons": ["goal_reached"], "client_knows_how_to_return": True,
        "summary": "服务目标基本达成，服务对象能独立管理服药。",
        "follow_up_plan": "结案后每月电话回访一次，共两次。",
        "follow_up_count": 2, "follow_up_interval_days": 30})
    if submit:
        closure = actions.do_submit_for_approval(
            closure, acting_user=worker, client_signature=signature(case.client.name, worker),
            client_confirmed_on=today)
    return closure


def advance(case, stage: str, *, worker, supervisor, today: datetime.date | None = None):
    """Take the case along the main path until it reaches `stage` (one of HAPPY_PATH)."""
    today = today or timezone.localdate()
    target = HAPPY_PATH.index(stage)
    while HAPPY_PATH.index(case.stage) < target:
        here = case.stage
        if here == "application":
            consent(case, worker, today=today)
            case = accept(case, worker)
        elif here == "intake":
            case = actions.do_transition(case, "complete_intake", acting_user=worker)
        elif here == "assessment":
            case = assess(case, worker, today=today)
        elif here == "planning":
            submitted = plan(case, worker, today=today)
            actions.do_review(submitted, acting_user=supervisor, decision="approved")
            case = actions.do_transition(case, "start_intervention", acting_user=worker)
        elif here == "intervention":
            record_session(case, worker, when=timezone.now() - datetime.timedelta(hours=2))
            case = actions.do_transition(case, "start_evaluation", acting_user=worker)
        elif here == "evaluation":
            evaluate(case, worker, today=today)
            submitted = closure(case, worker, today=today)
            actions.do_review(submitted, acting_user=supervisor, decision="approved")
            case = actions.do_transition(case, "close", acting_user=worker)
    return case
