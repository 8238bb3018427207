"""Demo caring teams and a peer supporter, through the caring actions (validation, encryption,
audit trail as on screen).

Each organisation forms teams in its district's streets — Chengdu in three of Wuhou's four
streets (75 %, short of REH-6.4.1.6's 80 %), Shenzhen in four of Nanshan's five (80 %, just
meeting it) — with a member in every role REH-3.6 names, the clients living in the street, and
two meetings. Chengdu also has one peer supporter, assessed, trained, supervised and active
(CMH-7.2.2).

Idempotent: an organisation that has any caring team, or any peer supporter, gets none again.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from anxin.accounts.choices import RegionLevel, Role
from anxin.accounts.models import Organization, Region, User
from anxin.caring import actions
from anxin.caring.choices import AssessmentResult, MemberRole, PeerStatus
from anxin.caring.models import CaringTeam, PeerSupporter
from anxin.clients.models import Client

# How many of the district's streets (in code order) get a team.
TEAMS_PER_DISTRICT = {"CDWH": 3, "SZNS": 4}

# (role, name, unit, phone) of the outside members; the social worker is a colleague.
OUTSIDERS = {
    "CDWH": (
        (MemberRole.GRID_MANAGER, "邹小兰", "{street}第一网格", "13881230101"),
        (MemberRole.COMMUNITY_CADRE, "胥明", "{street}办事处", "13881230102"),
        (MemberRole.POLICE_OFFICER, "冉志强", "{street}派出所", "13881230103"),
        (MemberRole.COMMUNITY_DOCTOR, "文静", "{street}社区卫生服务中心", "13881230104"),
        (MemberRole.FAMILY_REPRESENTATIVE, "付桂芳", "家属互助小组", "13881230105"),
        (MemberRole.VOLUNTEER, "苟晓东", "武侯区志愿者协会", "13881230106"),
    ),
    "SZNS": (
        (MemberRole.GRID_MANAGER, "欧阳慧", "{street}网格管理中心", "13923450201"),
        (MemberRole.COMMUNITY_CADRE, "温国强", "{street}办事处", "13923450202"),
        (MemberRole.POLICE_OFFICER, "邱建新", "{street}派出所", "13923450203"),
        (MemberRole.COMMUNITY_DOCTOR, "严丽娟", "{street}社康中心", "13923450204"),
        (MemberRole.FAMILY_REPRESENTATIVE, "卢秀珍", "精神康复者家属联谊会", "13923450205"),
        (MemberRole.VOLUNTEER, "江浩然", "南山区义工联", "13923450206"),
    ),
}
MEETINGS = (
    (75, "季度联席会议：辖区康复者居家管理情况通报",
     "网格员通报辖区康复者近况；社区医生通报服药与复诊情况；派出所通报无肇事肇祸。",
     "社工本月内完成两户家访；社区医生跟进一名未按时复诊者。"),
    (20, "个案研讨：病情波动康复者的联合帮扶",
     "家属代表反映近期睡眠差、情绪波动；讨论联合家访与就医转介安排。",
     "一周内社工与社区医生联合家访；网格员每周电话联系家属。"),
)


def load_caring(organization: Organization) -> None:
    today = timezone.localdate()
    admin = _member(organization, Role.ORG_ADMIN)
    if admin is None:
        return
    if not CaringTeam.objects.filter(organization=organization).exists():
        _load_teams(organization, admin, today)
    if organization.code == "CDWH" and \
            not PeerSupporter.objects.filter(organization=organization).exists():
        _load_peer_supporter(organization, admin, today)


def _member(organization, role) -> User | None:
    return (User.objects.filter(_membership__organization=organization, _membership__role=role,
                                _membership__is_active=True).order_by("username").first())


def _load_teams(organization, admin, today: datetime.date) -> None:
    count = TEAMS_PER_DISTRICT.get(organization.code, 0)
    streets = list(Region.objects.filter(parent=organization.district_id,
                                         level=RegionLevel.STREET).order_by("code")[:count])
    workers = list(User.objects.filter(_membership__organization=organization,
                                       _membership__role=Role.WORKER,
                                       _membership__is_active=True).order_by("username"))
    for number, street in enumerate(streets):
        formed_on = today - datetime.timedelta(days=400 - 30 * number)
        team = actions.do_create_team(acting_user=admin, name=f"{street.name}关爱帮扶团队",
                                      street=street, formed_on=formed_on)
        members = [actions.do_add_team_member(
            team, acting_user=admin, role=role, name=name, unit=unit.format(street=street.name),
            phone=phone[:-2] + f"{number}{phone[-1]}", since=formed_on)
            for role, name, unit, phone in OUTSIDERS[organization.code]]
        if workers:
            members.append(actions.do_add_team_member(
                team, acting_user=admin, role=MemberRole.SOCIAL_WORKER,
                user=workers[number % len(workers)], since=formed_on))
        clients = list(Client.objects.filter(organization=organization, street=street)
                       .order_by("file_number")[:4])
        for client in clients:
            actions.do_add_team_client(team, client, acting_user=admin,
                                       since=formed_on + datetime.timedelta(days=14))
        for days_ago, topic, minutes, decisions in MEETINGS:
            actions.do_record_meeting(
                team, acting_user=admin, held_on=today - datetime.timedelta(days=days_ago),
                topic=topic, attendees=members[::2] + members[1:2],
                clients_discussed=clients[:2], minutes=minutes, decisions=decisions)


def _load_peer_supporter(organization, admin, today: datetime.date) -> None:
    clients = list(Client.objects.filter(organization=organization).order_by("file_number")[:2])
    supervisor = _member(organization, Role.SUPERVISOR)
    if len(clients) < 2 or supervisor is None:
        return
    peer, supported = clients
    supporter = actions.do_register_peer_supporter(peer, acting_user=admin)
    actions.do_record_peer_assessment(
        supporter, acting_user=admin, assessed_on=today - datetime.timedelta(days=120),
        assessor=supervisor, result=AssessmentResult.PASSED,
        notes="病情稳定两年以上，服药依从性好，有意愿并有能力分享康复经验。")
    actions.do_record_peer_training(
        supporter, acting_user=admin, trained_on=today - datetime.timedelta(days=100),
        topic="同伴支持基础：倾听、分享与边界", hours=Decimal("12"), provider="区精神卫生中心")
    actions.do_record_peer_supervision(
        supporter, acting_user=admin, held_on=today - datetime.timedelta(days=95),
        supervisor=supervisor, notes="上岗前督导：明确求助渠道与危机信号的转介。")
    actions.do_change_peer_status(supporter, acting_user=admin, status=PeerStatus.ACTIVE,
                                  reason="评估通过并完成培训")
    actions.do_record_peer_supervision(
        supporter, acting_user=admin, held_on=today - datetime.timedelta(days=30),
        supervisor=supervisor, supported_client=supported,
        notes="陪伴一名新康复者参加日间活动；情绪稳定，继续每月督导。")
