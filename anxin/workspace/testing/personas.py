"""The people every test speaks of. Each comment says what that person should see.

Org A (成都武侯, community station): team 1 = 王芳 under 陈敏; team 2 = 李强, no supervisor.
Org B (深圳南山, hospital): 赵磊, supervised by 钱伟.
"""

import datetime
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password

from anxin.accounts.choices import OrganizationKind, Role
from anxin.accounts.models import Membership, Organization, Region, Team, User
from anxin.clients import identity
from anxin.clients.models import Client

PASSWORD = "correct-horse-battery-staple"


@dataclass
class Personas:
    org_a: Organization
    org_b: Organization
    wang_fang: User       # worker, org A, team 1: sees client_a only
    li_qiang: User        # worker, org A, team 2: sees client_a2 only
    chen_min: User        # supervisor of team 1: sees client_a (her team's), not client_a2
    admin_a: User         # org admin, org A: sees every org-A client and org A's audit log
    archivist_a: User     # archivist, org A: reads every org-A client, edits none
    quality_a: User       # quality officer, org A: reads every org-A client, edits none
    zhao_lei: User        # worker, org B: sees client_b only
    viewer: User          # regional viewer (成都市): no identities at all
    qian_wei: User        # supervisor, org B: answers referrals sent to org B (not in all_users)
    client_a: Client      # registered by 王芳
    client_a2: Client     # registered by 李强
    client_b: Client      # registered by 赵磊 in org B

    def all_users(self) -> dict[str, User]:
        return {name: getattr(self, name) for name in (
            "wang_fang", "li_qiang", "chen_min", "admin_a", "archivist_a", "quality_a",
            "zhao_lei", "viewer")}


@cache
def persona_password_hash() -> str:
    """PASSWORD hashed once per process with the first configured hasher (Argon2).

    Argon2 is slow by design; hashing it for each of the thousands of users the suite creates
    was most of its run time. Every persona still signs in through a real Argon2 hash.
    """
    return make_password(PASSWORD)


def make_user(username: str, full_name: str, *, role: str, organization=None, team=None,
              region=None) -> User:
    user = User.objects.create(username=username, password=persona_password_hash(),
                               full_name=full_name)
    Membership.objects.create(user=user, organization=organization, role=role, team=team,
                              region=region)
    return user


def make_client(organization, registered_by, *, name: str, sequence: int,
                birth_date=datetime.date(1980, 5, 17), **extra) -> Client:
    """A client saved directly, bypassing actions: fixtures only, never product code."""
    from anxin.clients.actions import _assign, _next_file_number

    client = Client(organization=organization, registered_by=registered_by,
                    file_number=_next_file_number(organization))
    data = {"name": name, "birth_date": birth_date,
            "sex": "M" if sequence % 2 else "F",
            "id_number": identity.compose(organization.district_id, birth_date, sequence),
            "phone": f"1380000{sequence:04d}", "district": organization.district,
            "address_detail": "幸福路1号", "population_categories": ["mental_disorder"]}
    data.update(extra)
    _assign(client, data)
    client.save()
    return client


def build_personas() -> Personas:
    region = Region.objects.get
    org_a = Organization.objects.create(
        name="成都市武侯区安心社会工作服务中心", code="CDWH",
        kind=OrganizationKind.COMMUNITY_STATION, province=region(code="510000"),
        city=region(code="510100"), district=region(code="510107"))
    org_b = Organization.objects.create(
        name="深圳市南山区人民医院社会工作部", code="SZNS", kind=OrganizationKind.HOSPITAL,
        province=region(code="440000"), city=region(code="440300"),
        district=region(code="440305"), bed_count=1200)
    team_1 = Team.objects.create(organization=org_a, name="一组")
    team_2 = Team.objects.create(organization=org_a, name="二组")
    chen_min = make_user("chenmin", "陈敏", role=Role.SUPERVISOR, organization=org_a,
                         team=team_1)
    team_1.supervisor = chen_min
    team_1.save()
    wang_fang = make_user("wangfang", "王芳", role=Role.WORKER, organization=org_a, team=team_1)
    li_qiang = make_user("liqiang", "李强", role=Role.WORKER, organization=org_a, team=team_2)
    zhao_lei = make_user("zhaolei", "赵磊", role=Role.WORKER, organization=org_b)
    p = Personas(
        org_a=org_a, org_b=org_b, wang_fang=wang_fang, li_qiang=li_qiang, chen_min=chen_min,
        admin_a=make_user("admin_a", "刘洋", role=Role.ORG_ADMIN, organization=org_a),
        archivist_a=make_user("archivist_a", "孙丽", role=Role.ARCHIVIST, organization=org_a),
        quality_a=make_user("quality_a", "周杰", role=Role.QUALITY_OFFICER,
                            organization=org_a),
        zhao_lei=zhao_lei,
        viewer=make_user("viewer", "吴静", role=Role.REGIONAL_VIEWER,
                         region=region(code="510100")),
        qian_wei=make_user("qianwei", "钱伟", role=Role.SUPERVISOR, organization=org_b),
        client_a=make_client(org_a, wang_fang, name="张伟", sequence=11),
        client_a2=make_client(org_a, li_qiang, name="刘秀英", sequence=22),
        client_b=make_client(org_b, zhao_lei, name="黄磊", sequence=33),
    )
    return p
