"""Demo group work: in each organisation a group that ran its course and closed (plan approved,
every session's attendance, session records, PHQ-9 before and after, evaluation approved), a
group in progress, and one whose plan waits for the supervisor.

Everything goes through the real actions and the document engine, so the rules (8 members at
most, 45–60 minutes, the plan approved first) hold in the demo as on screen.
"""

import datetime

from django.utils import timezone

from anxin.accounts.models import Organization, User
from anxin.clients.models import Client
from anxin.documents.actions import do_review_document, do_save_document, do_submit_document
from anxin.groups import actions
from anxin.groups.kinds import GROUP_EVALUATION, GROUP_PLAN, SESSION_RECORD
from anxin.groups.models import Group

# (type, title, weeks, population, themes) per organisation kind of group.
GROUPS = {
    "CDWH": (
        ("rehab_training", "“重新出发”社交技能训练小组", 10, "社区康复期精神障碍患者",
         ("相识与破冰", "认识情绪", "表达需要", "学会拒绝", "求助与资源", "解决问题",
          "邻里交往", "模拟超市购物", "回顾与告别")),
        ("carers", "“同行”照护者支持小组", 8, "精神障碍患者家属",
         ("照护者的压力", "认识疾病与复发征兆", "与家人沟通", "自我照顾",
          "社区资源", "经验分享", "总结")),
        ("education", "药物自我管理健康教育小组", 6, "服药依从性欠佳的服务对象",
         ("为什么要坚持服药", "副作用怎么办", "复诊与取药", "总结")),
    ),
    "SZNS": (
        ("patient_mutual_support", "糖尿病病友互助小组", 9, "2型糖尿病住院及门诊患者",
         ("认识糖尿病", "控糖饮食", "运动与血糖", "用药与监测", "情绪与压力",
          "低血糖应对", "家庭支持", "经验分享", "总结")),
        ("healthy_lifestyle", "控盐控糖健康生活小组", 8, "高血压、糖尿病患者",
         ("减盐从厨房开始", "看懂食品标签", "一周膳食计划", "总结")),
        ("carers", "住院患者家属支持小组", 6, "长期住院患者家属",
         ("照护压力", "与医护沟通", "总结")),
    ),
}
# PHQ-9 answers before and after (item 9 always 0: no demo member reports thoughts of
# self-harm, which would raise a crisis alert); totals fall by 3 to 6 points.
BEFORE = ((2, 2, 1, 2, 1, 1, 1, 1, 0), (1, 2, 2, 1, 1, 2, 1, 0, 0), (2, 1, 1, 2, 2, 1, 0, 1, 0),
          (1, 1, 2, 2, 1, 1, 1, 0, 0), (2, 2, 2, 1, 1, 1, 1, 1, 0), (1, 1, 1, 1, 2, 1, 1, 0, 0))
AFTER = ((1, 1, 1, 1, 0, 1, 0, 1, 0), (1, 1, 1, 0, 1, 1, 0, 0, 0), (1, 0, 1, 1, 1, 0, 0, 0, 0),
         (0, 1, 1, 1, 0, 1, 0, 0, 0), (1, 1, 1, 1, 0, 1, 1, 0, 0), (1, 0, 1, 0, 1, 1, 0, 0, 0))


def _phq9(values) -> dict:
    return {f"item_{n}": v for n, v in enumerate(values, start=1)}


def _plan(population, themes, members) -> dict:
    return {
        "background": f"{population}普遍缺少同伴支持与交流机会，个案中多次提到。",
        "general_aim": "促进组员相互支持，提升自我管理与社会适应能力。",
        "objectives": "；".join(themes[:3]) + "等主题各有可观察的目标。",
        "population": population, "planned_members": str(members),
        "recruitment": ["referral", "invitation"],
        "session_plan": [{"number": str(n), "theme": theme, "content": "讲解、练习与分享"}
                         for n, theme in enumerate(themes, start=1)],
        "methods": ["instrument", "attendance", "satisfaction"],
        "risks": "组员情绪波动或病情反复。",
        "contingency": "协助社工陪同离场并个别跟进，必要时联系个案社工与家属。",
    }


def _approve(of, kind, data, *, author, supervisor):
    document = do_save_document(of, kind, data, acting_user=author)
    do_submit_document(document, acting_user=author)
    if supervisor is not None:
        do_review_document(document, acting_user=supervisor, decision="approved")
    return document


def _marks(members, number):
    """Attendance for a session: mostly present, a late arrival now and then, one absence."""
    marks = {}
    for position, member in enumerate(members):
        if (position + number) % 7 == 0:
            marks[member.pk] = ("absent", "复诊" if number % 2 else "家中有事")
        elif (position + number) % 5 == 0:
            marks[member.pk] = ("late", "")
        else:
            marks[member.pk] = ("present", "")
    return marks


def _run(organization, spec, *, worker, supervisor, clients, state, now):
    type_, title, weeks, population, themes = spec
    group = actions.do_create_group(
        acting_user=worker, type=type_, title=title, course_weeks=weeks,
        goals="促进相互支持，提升自我管理能力", target_population=population,
        measure="phq9" if state == "closed" else "",
        external_leaders="社区卫生服务中心 精防医生" if type_ == "rehab_training" else "",
        programme="social_adaptation" if type_ == "rehab_training" else "")
    members_wanted = min(6, len(clients))
    _approve(group, GROUP_PLAN, _plan(population, themes, members_wanted), author=worker,
             supervisor=supervisor if state != "waiting" else None)
    if state == "waiting":
        return group
    sessions_held = len(themes) if state == "closed" else 3
    first = now - datetime.timedelta(weeks=sessions_held + (1 if state == "closed" else 0))
    first = first.replace(hour=14, minute=30, second=0, microsecond=0)
    joined = timezone.localdate(first) - datetime.timedelta(days=7)
    members = [actions.do_add_member(group, client, acting_user=worker, joined_on=joined,
                                     consent_mode="verbal" if n % 2 else "written",
                                     consented_on=joined)
               for n, client in enumerate(clients[:members_wanted])]
    if group.measure:
        for member, answers in zip(members, BEFORE, strict=False):
            actions.do_record_measure(member, "pre", _phq9(answers), acting_user=worker,
                                      administered_on=joined)
    for number, theme in enumerate(themes, start=1):
        starts = first + datetime.timedelta(weeks=number - 1)
        session = actions.do_plan_session(group, acting_user=worker, starts_at=starts,
                                          minutes=50 if type_ == "rehab_training" else 60,
                                          place="机构活动室")
        if number > sessions_held:
            continue
        actions.do_record_attendance(session, _marks(members, number), acting_user=worker)
        do_save_document(session, SESSION_RECORD, {
            "theme": theme, "process": f"热身后围绕“{theme}”讲解与练习，组员分组分享。",
            "achieved": "met" if number % 3 else "partly", "incident": False,
            "members_response": "组员参与积极，相互鼓励。"}, acting_user=worker)
    if state == "closed":
        last_day = timezone.localdate(first + datetime.timedelta(weeks=len(themes) - 1))
        for member, answers in zip(members, AFTER, strict=False):
            actions.do_record_measure(member, "post", _phq9(answers), acting_user=worker,
                                      administered_on=last_day)
        _approve(group, GROUP_EVALUATION, {
            "goals_met": "met", "methods": ["instrument", "attendance", "satisfaction"],
            "satisfaction": "4.6", "outcomes": "组员PHQ-9得分普遍下降，出席率良好。",
            "feedback": "希望今后继续开展类似小组。", "reason": "completed",
            "follow_up": "两名组员转介职业技能训练。"}, author=worker, supervisor=supervisor)
        actions.do_close_group(group, acting_user=worker)
    return group


def load_groups(organization: Organization, workers: list[User | None]) -> int:
    """Once per organisation (nothing if it has a group already). Returns groups created."""
    if Group.objects.filter(organization=organization).exists():
        return 0
    specs = GROUPS.get(organization.code, ())
    present = [w for w in workers if w is not None]
    now = timezone.now()
    created = 0
    for spec, state, worker in zip(specs, ("closed", "running", "waiting"), present,
                                   strict=False):
        team = worker.membership.team
        supervisor = team.supervisor if team is not None else None
        if supervisor is None:
            continue
        clients = list(Client.objects.visible_to(worker).order_by("pk")[:6])
        if len(clients) < 2:
            continue
        _run(organization, spec, worker=worker, supervisor=supervisor, clients=clients,
             state=state, now=now)
        created += 1
    return created
