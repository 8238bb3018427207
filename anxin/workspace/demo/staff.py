"""Staff records of the demo: education, years in the field, qualifications and this year's
training, through the staff actions, so the compliance page has something true to say — most
members meet the rules and a few do not (short of CMH-9.1's 120 hours, or without a
qualification), and the hospital is short of MSW-9.1.1.2's ratio."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from anxin.accounts.choices import Role
from anxin.accounts.models import User
from anxin.staff import actions
from anxin.staff.models import Qualification


@dataclass(frozen=True)
class Record:
    education: str = "bachelor"
    major: str = "社会工作"
    since: tuple[int, int] = (2018, 9)
    qualifications: tuple[str, ...] = ("social_worker",)
    # (hours, topic, provider, CHR-5.1.2 topic or "")
    trainings: tuple[tuple[int, str, str, str], ...] = field(default=(
        (64, "社区精神卫生政策与个案管理", "市社会工作者协会", ""),
        (40, "危机干预与自杀风险评估", "市精神卫生中心", ""),
        (24, "家庭照护者支持小组带领", "区社工站", ""),
    ))


SHORT = ((48, "社区精神卫生政策与个案管理", "市社会工作者协会", ""),)
# A hospital's medical social workers: CHR-5.1.2's four topics before serving chronic-disease
# patients, and the hospital's own training.
HOSPITAL = (
    (16, "慢性病管理知识", "院医务部", "chr_disease"),
    (8, "心理健康评估工具", "市精神卫生中心", "chr_assessment_tools"),
    (12, "常用干预方法", "市社会工作者协会", "chr_interventions"),
    (6, "数字化随访与健康管理系统", "院信息科", "chr_follow_up_systems"),
    (24, "医务社会工作实务", "省医院协会", ""),
)

RECORDS = {
    # Chengdu, a community station (CMH-9.1, CMH-9.2).
    "cd_supervisor1": Record(since=(2012, 3), qualifications=("social_worker",
                                                              "supervisor_certificate")),
    "cd_supervisor2": Record(since=(2014, 7), qualifications=("senior_social_worker",)),
    "cd_worker1": Record(since=(2019, 9), qualifications=("assistant_social_worker",)),
    "cd_worker2": Record(since=(2021, 3), trainings=SHORT),
    "cd_worker3": Record(education="junior_college", major="汉语言文学", since=(2023, 7),
                         qualifications=()),
    "cd_worker4": Record(since=(2017, 9), qualifications=("social_worker",
                                                          "psychological_counsellor")),
    # Shenzhen, a grade III-A hospital (MSW-9.1.1, MSW-9.1.2).
    # 林伟 supervises without the supervisor certificate MSW-9.1.2 asks for; 梁嘉欣 is a nurse
    # without a social-work qualification (MSW-9.1.1.1) and studied nursing (CHR-5.1.1b).
    "sz_supervisor1": Record(since=(2011, 9), qualifications=("senior_social_worker",
                                                              "supervisor_certificate"),
                             trainings=HOSPITAL),
    "sz_supervisor2": Record(since=(2016, 3), qualifications=("social_worker",),
                             trainings=HOSPITAL),
    "sz_worker1": Record(major="社会工作（医务方向）", since=(2020, 7), trainings=HOSPITAL),
    "sz_worker2": Record(since=(2022, 7), qualifications=("assistant_social_worker",),
                         trainings=HOSPITAL),
    "sz_worker3": Record(major="护理学", since=(2019, 3), qualifications=("psychiatric_nurse",),
                         trainings=HOSPITAL),
    "sz_worker4": Record(since=(2024, 7), qualifications=("assistant_social_worker",),
                         trainings=HOSPITAL[:3]),
}


def load_staff_records(organization) -> int:
    """Fill the records of the organisation's demo staff once (nothing when any exists)."""
    if Qualification.objects.filter(organization=organization).exists():
        return 0
    admin = (User.objects.filter(_membership__organization=organization,
                                 _membership__role=Role.ORG_ADMIN, _membership__is_active=True)
             .order_by("pk").first())
    if admin is None:
        return 0
    today = timezone.localdate()
    members = User.objects.filter(username__in=RECORDS, _membership__organization=organization)
    filled = 0
    for member in members.order_by("username"):
        spec = RECORDS[member.username]
        actions.do_update_staff_record(
            member, acting_user=admin, education_level=spec.education, major=spec.major,
            in_field_since=datetime.date(*spec.since, 1))
        for n, kind in enumerate(spec.qualifications):
            actions.do_add_qualification(
                member, acting_user=admin, kind=kind,
                issued_on=datetime.date(spec.since[0] + 1 + n, 6, 1),
                number=f"{kind[:2].upper()}{spec.since[0] + 1 + n}{member.pk:05d}")
        for n, (hours, topic, provider, chr_topic) in enumerate(spec.trainings):
            actions.do_add_training(
                member, acting_user=admin, date=_this_year(today, month=3 + 3 * n),
                hours=Decimal(hours), topic=topic, provider=provider, chr_topic=chr_topic)
        filled += 1
    return filled


def _this_year(today: datetime.date, *, month: int) -> datetime.date:
    day = datetime.date(today.year, min(month, 12), 10)
    return min(day, today)

