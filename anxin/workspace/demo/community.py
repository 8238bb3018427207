"""Demo community work: a handful of activities of several kinds in each organisation's streets
(lectures, festival visits, advocacy, policy publicity, an online post, a resource meeting;
screening and an online course at the hospital), the clients who took part and the materials
handed out, and a few volunteers with hours for activities, groups and follow-ups.

Everything goes through the actions of anxin.community, so the rules and the audit trail are
those of work done on screen. Once per organisation: nothing is added when it has any activity.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from anxin.accounts.choices import Role
from anxin.accounts.models import Organization, Region, User
from anxin.clients.models import Client
from anxin.community import actions
from anxin.community.models import CommunityActivity


@dataclass(frozen=True)
class ActivitySpec:
    type: str
    title: str
    days_ago: int
    street: str = ""  # region code; none online
    place: str = ""
    partners: str = ""
    people: tuple[int, int, int] = (0, 0, 0)  # residents, clients, family members
    reach: int | None = None
    summary: str = ""
    participants: int = 0  # registered clients of the recording worker
    materials: tuple[tuple[str, int, str], ...] = ()
    hour: int | None = None


@dataclass(frozen=True)
class VolunteerSpec:
    name: str
    phone: str
    skills: tuple[str, ...]
    note: str = ""
    # (days ago, hours, purpose: index of an activity, "group" or a follow-up note)
    hours: tuple[tuple[int, str, int | str], ...] = field(default=())
    active: bool = True


ACTIVITIES = {
    "CDWH": (
        ActivitySpec("health_lecture", "精神健康知识讲座：早识别、早求助", 40, "510107001",
                     "浆洗街社区党群服务中心", "浆洗街社区卫生服务中心", (46, 5, 8),
                     summary="精防医生讲解常见精神障碍的早期信号与就医途径，现场答疑 12 人次。",
                     participants=3, hour=14,
                     materials=(("hotline_leaflet", 150, "全国心理援助热线 12356"),
                                ("qr_code", 80, "心理自评与支持平台")), ),
        ActivitySpec("festival_visits", "节日困难家庭走访慰问", 70, "510107002",
                     "望江路街道辖区", "望江路街道办事处、社区居委会", (0, 9, 14),
                     summary="走访 9 户精神障碍患者家庭，送去慰问品，了解照护困难。",
                     participants=2),
        ActivitySpec("advocacy", "精神卫生宣传·消除偏见倡导活动", 25, "510107003",
                     "玉林社区广场", "玉林街道社区卫生服务中心、辖区志愿者团队", (210, 6, 10),
                     summary="互动展板与有奖问答，倡导接纳精神障碍康复者回归社区。",
                     participants=2, hour=9,
                     materials=(("poster", 20, ""), ("brochure", 300, "精神卫生知识手册"))),
        ActivitySpec("policy_publicity", "残疾人两项补贴与医保报销政策宣讲", 12, "510107004",
                     "火车南站社区活动室", "街道残联、医保服务站", (35, 4, 12),
                     summary="讲解申请条件与流程，现场协助 5 户家庭准备材料。", participants=1,
                     hour=15),
        ActivitySpec("online_post", "心理援助热线与心理自评二维码推送", 8, reach=2310,
                     summary="公众号推文：心理援助热线、自评工具与本中心服务介绍。"),
        ActivitySpec("resource_meeting", "社区精防资源协调会", 5, "510107001",
                     "浆洗街街道办会议室", "街道办、派出所、社区卫生服务中心、残联", (0, 0, 0),
                     summary="协调高风险患者的联合随访安排与应急联络机制。", hour=10),
    ),
    "SZNS": (
        ActivitySpec("screening", "慢病筛查义诊进社区", 30, "440305001", "南头街道社康中心门前",
                     "南头街道社区健康服务中心", (120, 6, 15),
                     summary="血压、血糖筛查，发现异常 18 人次并转介社康随访。", participants=2,
                     hour=9, materials=(("brochure", 200, "高血压与糖尿病自我管理"),)),
        ActivitySpec("online_course", "高血压患者居家血压监测线上课", 14, reach=860,
                     summary="医务社工与护士共同讲授家庭血压测量与记录方法。"),
        ActivitySpec("consultation_day", "慢病健康咨询日", 6, "440305005", "粤海街道党群服务中心",
                     "医院心内科、内分泌科", (64, 3, 9),
                     summary="专科医生与医务社工现场咨询，讲解医保报销流程。", participants=1,
                     hour=14, materials=(("hotline_leaflet", 100, "心理援助热线 12356"),)),
    ),
}

VOLUNTEERS = {
    "CDWH": (
        VolunteerSpec("王秀珍", "13908170001", ("escort", "follow_up"), "退休教师，熟悉辖区",
                      hours=((40, "3", 0), (25, "4", 2), (9, "1.5", "陪同社工电话随访两户家庭"))),
        VolunteerSpec("李文博", "13908170002", ("photography", "event_support"), "大学生志愿者",
                      hours=((25, "4", 2), (12, "2.5", 3))),
        VolunteerSpec("陈桂英", "13908170003", ("rehab_guidance", "psychological"),
                      "二级心理咨询师", hours=((20, "2", "group"), (13, "2", "group"))),
        VolunteerSpec("赵德明", "13908170004", ("legal",), "社区法律顾问",
                      hours=((12, "2", 3),), active=False),
    ),
    "SZNS": (
        VolunteerSpec("林晓燕", "13602550001", ("medical", "health_education"), "退休护士",
                      hours=((30, "5", 0), (6, "3", 2))),
        VolunteerSpec("黄志强", "13602550002", ("follow_up", "escort"), "慢病患者互助会成员",
                      hours=((10, "2", "协助电话随访出院患者"),)),
    ),
}


def load_community(organization: Organization, workers: list[User | None],
                   today: datetime.date | None = None) -> int:
    """Once per organisation (nothing if it has any activity). Returns the activities added."""
    specs = ACTIVITIES.get(organization.code, ())
    present = [w for w in workers if w is not None]
    if not specs or not present or CommunityActivity.objects.filter(
            organization=organization).exists():
        return 0
    today = today or timezone.localdate()
    regions = Region.objects.in_bulk([s.street for s in specs if s.street])
    activities = []
    for number, spec in enumerate(specs):
        worker = present[number % len(present)]
        activity = actions.do_record_activity(
            acting_user=worker, type=spec.type, title=spec.title,
            date=today - datetime.timedelta(days=spec.days_ago),
            start_time=datetime.time(spec.hour, 30) if spec.hour else None,
            place=spec.place, region=regions.get(spec.street), partners=spec.partners,
            residents_count=spec.people[0], clients_count=spec.people[1],
            family_count=spec.people[2], online_reach=spec.reach, summary=spec.summary)
        clients = Client.objects.filter(organization=organization,
                                        registered_by=worker).order_by("pk")
        for client in clients[:spec.participants]:
            actions.do_add_participant(activity, client, acting_user=worker)
        for kind, count, note in spec.materials:
            actions.do_add_material(activity, acting_user=worker, kind=kind, count=count,
                                    note=note)
        activities.append(activity)
    _load_volunteers(organization, present, activities, today)
    return len(activities)


def _load_volunteers(organization, workers, activities, today) -> None:
    from anxin.groups.models import Group

    admin = User.objects.filter(_membership__organization=organization,
                                _membership__role=Role.ORG_ADMIN,
                                _membership__is_active=True).order_by("pk").first()
    keeper = admin or workers[0]
    group = Group.objects.filter(organization=organization).order_by("pk").first()
    for spec in VOLUNTEERS.get(organization.code, ()):
        volunteer = actions.do_register_volunteer(
            acting_user=keeper, name=spec.name, phone=spec.phone, skills=spec.skills,
            skills_note=spec.note)
        for days_ago, hours, purpose in spec.hours:
            target = {}
            if isinstance(purpose, int):
                target["activity"] = activities[purpose]
            elif purpose == "group":
                if group is None:
                    # No demo group yet: the same afternoon as a follow-up instead.
                    target["follow_up_note"] = "协助小组活动前的电话提醒"
                else:
                    target["group"] = group
            else:
                target["follow_up_note"] = purpose
            actions.do_log_volunteer_hours(
                volunteer, acting_user=keeper, hours=Decimal(hours),
                date=today - datetime.timedelta(days=days_ago), **target)
        if not spec.active:
            actions.do_update_volunteer(volunteer, acting_user=keeper, is_active=False)
