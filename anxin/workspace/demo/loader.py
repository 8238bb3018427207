"""Loading the demo: two organisations, their staff in every role, about fifty clients, and
cases in every stage of the CMH pathway.

Organisations, teams and staff are seed data and are written with the ORM. Everything about a
client goes through the actions in anxin.clients.actions, and every case through those in
anxin.cases.actions (see cases.py), so the demo runs the same validation, encryption, blind
indexes and audit trail as work done on screen.

Loading is idempotent: an organisation whose code exists is left alone, and so are its cases once
it has any, so `make run` can call it on every start.
"""

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation

from anxin.accounts.choices import OrganizationKind, RegionLevel, Role
from anxin.accounts.models import Membership, Organization, Region, Team, User
from anxin.cases.models import Case
from anxin.cases.selectors import active_stages
from anxin.cases.workflow.pathways import for_organization
from anxin.clients.actions import (
    do_add_contact,
    do_add_diagnosis,
    do_add_household_member,
    do_register_client,
)
from anxin.clients.choices import PopulationCategory as Category
from anxin.clients.models import Client

from .caring import load_caring
from .cases import load_cases
from .community import load_community
from .groups import load_groups
from .people import DemoPeople, Population, Street
from .rehab import load_rehab, load_rehab_records
from .safety import load_safety
from .staff import load_staff_records

SEED = 2026
PASSWORD = "anxin-demo-2026"


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    role: str
    team: int | None = None  # index into OrgSpec.teams


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    kind: str
    district: str
    street: str
    teams: tuple[str, ...]
    staff: tuple[StaffSpec, ...]
    client_count: int
    population: Population
    bed_count: int | None = None
    hospital_grade: str = ""


@dataclass(frozen=True)
class ViewerSpec:
    username: str
    full_name: str
    region: str


ORGANISATIONS = (
    OrgSpec(
        code="CDWH", name="成都市武侯区安心社会工作服务中心",
        kind=OrganizationKind.COMMUNITY_STATION, district="510107", street="510107001",
        teams=("社区康复一组", "社区康复二组"),
        staff=(
            StaffSpec("cd_supervisor1", "陈晓梅", Role.SUPERVISOR, team=0),
            StaffSpec("cd_supervisor2", "杨建华", Role.SUPERVISOR, team=1),
            StaffSpec("cd_worker1", "李婷", Role.WORKER, team=0),
            StaffSpec("cd_worker2", "张磊", Role.WORKER, team=0),
            StaffSpec("cd_worker3", "刘佳怡", Role.WORKER, team=1),
            StaffSpec("cd_worker4", "何俊", Role.WORKER, team=1),
            StaffSpec("cd_admin", "周志刚", Role.ORG_ADMIN),
            StaffSpec("cd_archivist", "罗秀兰", Role.ARCHIVIST),
            StaffSpec("cd_quality", "邓晓燕", Role.QUALITY_OFFICER),
            StaffSpec("cd_lead", "黄建国", Role.LEAD),
        ),
        client_count=30,
        # A community station serves its own district first; its register is mostly people
        # with a severe mental disorder (CMH standard).
        population=Population(
            homes={"510107": 80, "510104": 10, "510105": 10},
            categories={Category.MENTAL_DISORDER: 60, Category.CHRONIC_DISEASE: 12,
                        Category.HIGH_RISK: 8, Category.CAREGIVER: 8, Category.BEREAVED: 6,
                        Category.OTHER: 6},
            birthplaces=("510106", "510108", "510703", "511302", "511102", "510402", "513401"),
            birthplace_share=0.25,
            surname_boost={"罗": 1.0, "何": 0.8, "邓": 0.8, "唐": 0.5, "曾": 0.5, "蒋": 0.4,
                           "袁": 0.4, "廖": 0.3},
            mental_hospitals=("成都市第四人民医院", "成都市第四人民医院",
                              "四川大学华西医院心理卫生中心"),
            chronic_hospitals=("成都市第三人民医院", "四川省人民医院", "成都市武侯区人民医院"),
        ),
    ),
    OrgSpec(
        code="SZNS", name="深圳市南山区人民医院社会工作部", kind=OrganizationKind.HOSPITAL,
        district="440305", street="440305001", bed_count=1500,
        hospital_grade="tertiary_a",
        teams=("住院部医务社工组", "门诊与慢病管理组"),
        staff=(
            StaffSpec("sz_supervisor1", "黄慧敏", Role.SUPERVISOR, team=0),
            StaffSpec("sz_supervisor2", "林伟", Role.SUPERVISOR, team=1),
            StaffSpec("sz_worker1", "郑雅婷", Role.WORKER, team=0),
            StaffSpec("sz_worker2", "吴俊杰", Role.WORKER, team=0),
            StaffSpec("sz_worker3", "梁嘉欣", Role.WORKER, team=1),
            StaffSpec("sz_worker4", "谢志明", Role.WORKER, team=1),
            StaffSpec("sz_admin", "许国栋", Role.ORG_ADMIN),
            StaffSpec("sz_archivist", "钟美玲", Role.ARCHIVIST),
            StaffSpec("sz_quality", "曾文静", Role.QUALITY_OFFICER),
        ),
        client_count=20,
        # A hospital's social workers see patients with chronic disease and their family
        # caregivers; most Shenzhen residents were born elsewhere.
        population=Population(
            homes={"440305": 70, "440304": 30},
            categories={Category.CHRONIC_DISEASE: 45, Category.CAREGIVER: 22,
                        Category.MENTAL_DISORDER: 12, Category.BEREAVED: 8,
                        Category.HIGH_RISK: 5, Category.EPIDEMIC_AFFECTED: 4, Category.OTHER: 4},
            birthplaces=("440303", "440106", "441302", "441402", "445202", "430111", "450102",
                         "360102", "421002"),
            birthplace_share=0.55,
            surname_boost={"陈": 2.0, "黄": 1.5, "林": 1.5, "梁": 1.0, "郑": 0.8, "谢": 0.6,
                           "钟": 0.6, "赖": 0.5, "叶": 0.5, "蔡": 0.5, "冯": 0.4, "曾": 0.4},
            mental_hospitals=("深圳市康宁医院", "深圳市康宁医院", "深圳市南山区人民医院"),
            chronic_hospitals=("深圳市南山区人民医院", "深圳市南山区人民医院",
                               "北京大学深圳医院", "香港大学深圳医院"),
            extra_chronic_codes=("I25", "J44", "I63", "N18"),
            high_rise=True,
        ),
    ),
)

# The two rehabilitation centres (REH): a clubhouse-style day centre in the station's district
# and a transitional dormitory next door; their register is people with mental disorders.
_REHAB_POPULATION = dict(
    categories={Category.MENTAL_DISORDER: 100},
    birthplaces=("510106", "510108", "511302"), birthplace_share=0.2,
    surname_boost={"罗": 1.0, "何": 0.8, "邓": 0.8},
    mental_hospitals=("成都市第四人民医院", "四川大学华西医院心理卫生中心"),
    chronic_hospitals=("成都市第三人民医院",),
)
ORGANISATIONS += (
    OrgSpec(
        code="CDYG", name="成都市武侯区阳光康复会所", kind=OrganizationKind.REHAB_DAY,
        district="510107", street="510107002", teams=("日间康复组",),
        staff=(
            StaffSpec("yg_supervisor1", "何静", Role.SUPERVISOR, team=0),
            StaffSpec("yg_worker1", "罗晓", Role.WORKER, team=0),
            StaffSpec("yg_worker2", "唐志伟", Role.WORKER, team=0),
            StaffSpec("yg_admin", "邓红", Role.ORG_ADMIN),
            StaffSpec("yg_quality", "冯亮", Role.QUALITY_OFFICER),
            StaffSpec("yg_archivist", "曾丽", Role.ARCHIVIST),
        ),
        client_count=26,
        population=Population(homes={"510107": 100}, **_REHAB_POPULATION),
    ),
    OrgSpec(
        code="CDXF", name="成都市锦江区心福过渡期宿舍", kind=OrganizationKind.REHAB_RESIDENTIAL,
        district="510104", street="510104001", teams=("全日制康复组",),
        staff=(
            StaffSpec("xf_supervisor1", "袁梅", Role.SUPERVISOR, team=0),
            StaffSpec("xf_worker1", "郭磊", Role.WORKER, team=0),
            StaffSpec("xf_worker2", "廖婷", Role.WORKER, team=0),
            StaffSpec("xf_admin", "蒋涛", Role.ORG_ADMIN),
        ),
        client_count=20,
        population=Population(homes={"510104": 100}, **_REHAB_POPULATION),
    ),
)

VIEWERS = (
    ViewerSpec("cd_viewer", "蒋文斌", region="510100"),
    ViewerSpec("sz_viewer", "蔡晓东", region="440300"),
)

USERNAMES = tuple([s.username for org in ORGANISATIONS for s in org.staff]
                  + [v.username for v in VIEWERS])

# Used when the Chinese catalogue has no entry yet, so the login table never shows English.
ROLE_LABELS_ZH = {
    Role.WORKER: "社会工作者", Role.SUPERVISOR: "督导", Role.ORG_ADMIN: "机构管理员",
    Role.ARCHIVIST: "档案管理员", Role.QUALITY_OFFICER: "质控专员",
    Role.REGIONAL_VIEWER: "区域查看者", Role.LEAD: "分管领导",
}


class DemoConflict(Exception):
    """The database holds something the demo would collide with (a username, an org name)."""


@dataclass(frozen=True)
class OrgSummary:
    name: str
    code: str
    staff: int
    clients: int
    created: bool
    cases: int = 0
    cases_created: int = 0
    stages: tuple[tuple[str, int], ...] = ()  # (stage code, cases), in pathway order
    overdue: int = 0


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    place: str


@dataclass
class DemoResult:
    organisations: list[OrgSummary]
    logins: list[DemoLogin]
    created_users: int
    passwords_reset: bool


@transaction.atomic
def load_demo(*, reset_passwords: bool = False) -> DemoResult:
    """Create whatever part of the demo is missing; with `reset_passwords`, restore passwords.

    One transaction: a failure half-way leaves the database as it was, so the next run starts
    clean instead of finding half an organisation.
    """
    regions = Region.objects.in_bulk()
    missing_orgs = [spec for spec in ORGANISATIONS
                    if not Organization.objects.filter(code=spec.code).exists()]
    existing_users = set(User.objects.filter(username__in=USERNAMES)
                         .values_list("username", flat=True))
    missing_viewers = [v for v in VIEWERS if v.username not in existing_users]

    password_hash = ""
    if missing_orgs or missing_viewers or reset_passwords:
        # One Argon2 hash for every demo account: the password is printed on the terminal
        # anyway, and hashing it twenty times would add seconds to every fresh load.
        password_hash = make_password(PASSWORD)

    organisations = []
    created_users = 0
    for spec in ORGANISATIONS:
        if spec in missing_orgs:
            organization, staff = _create_organisation(spec, regions, password_hash)
            workers = [user for user, s in zip(staff, spec.staff, strict=True)
                       if s.role == Role.WORKER]
            _register_clients(organization, spec, workers, regions)
            created_users += len(staff)
        else:
            organization = Organization.objects.get(code=spec.code)
        organisations.append((spec, organization))
    # Cases come once every organisation exists: a Chengdu case is referred to Shenzhen.
    summaries = []
    for spec, organization in organisations:
        cases_created = load_cases(organization, _workers(organization, spec))
        load_safety(organization, _workers(organization, spec))
        load_staff_records(organization)
        load_groups(organization, _workers(organization, spec))
        load_community(organization, _workers(organization, spec))
        load_caring(organization)
        load_rehab(organization)
        load_rehab_records(organization)
        summaries.append(_summary(spec, organization, created=spec in missing_orgs,
                                  cases_created=cases_created))
    for viewer in missing_viewers:
        user = _create_user(viewer.username, viewer.full_name, password_hash)
        Membership.objects.create(user=user, role=Role.REGIONAL_VIEWER,
                                  region=_region(regions, viewer.region))
        created_users += 1
    if reset_passwords:
        User.objects.filter(username__in=USERNAMES).update(password=password_hash)
    return DemoResult(organisations=summaries, logins=_logins(), created_users=created_users,
                      passwords_reset=reset_passwords)


def _workers(organization: Organization, spec: OrgSpec) -> list[User | None]:
    """The spec's workers in the spec's order; None for one no longer a worker there."""
    usernames = [s.username for s in spec.staff if s.role == Role.WORKER]
    found = {user.username: user for user in User.objects.filter(
        username__in=usernames, _membership__organization=organization,
        _membership__role=Role.WORKER).select_related("_membership__team__supervisor")}
    return [found.get(name) for name in usernames]


def _summary(spec: OrgSpec, organization: Organization, *, created: bool,
             cases_created: int) -> OrgSummary:
    cases = Case.objects.filter(organization=organization)
    by_stage = dict(cases.order_by().values_list("stage").annotate(n=Count("id")))
    stages = tuple((stage.code, by_stage.get(stage.code, 0))
                   for stage in for_organization(organization).stages)
    overdue = cases.filter(stage__in=active_stages(),
                           due_on__lt=timezone.localdate()).count()
    return OrgSummary(
        organization.name, spec.code, organization.memberships.count(),
        Client.objects.filter(organization=organization).count(), created=created,
        cases=sum(by_stage.values()), cases_created=cases_created, stages=stages,
        overdue=overdue)


def _region(regions: dict[str, Region], code: str) -> Region:
    try:
        return regions[code]
    except KeyError:
        raise DemoConflict(
            f"Region {code} is missing; run `python manage.py migrate` to load the bundled "
            "regions.") from None


def _create_organisation(spec: OrgSpec, regions: dict[str, Region],
                         password_hash: str) -> tuple[Organization, list[User]]:
    if Organization.objects.filter(name=spec.name).exists():
        raise DemoConflict(f"An organisation named {spec.name} exists with another code than "
                           f"{spec.code}; rename it or remove it before loading the demo.")
    district = _region(regions, spec.district)
    city = regions[district.parent_id]
    organization = Organization.objects.create(
        name=spec.name, code=spec.code, kind=spec.kind, province=regions[city.parent_id],
        city=city, district=district, street=_region(regions, spec.street),
        bed_count=spec.bed_count, hospital_grade=spec.hospital_grade)
    teams = [Team.objects.create(organization=organization, name=name)
             for name in spec.teams]
    staff = []
    for member in spec.staff:
        user = _create_user(member.username, member.full_name, password_hash)
        team = teams[member.team] if member.team is not None else None
        Membership.objects.create(user=user, organization=organization, role=member.role,
                                  team=team)
        if member.role == Role.SUPERVISOR and team is not None:
            team.supervisor = user
            team.save(update_fields=["supervisor"])
        staff.append(user)
    return organization, staff


def _create_user(username: str, full_name: str, password_hash: str) -> User:
    if User.objects.filter(username=username).exists():
        raise DemoConflict(f"The user {username} exists but its demo organisation does not; "
                           "remove or rename that user before loading the demo.")
    return User.objects.create(username=username, full_name=full_name, password=password_hash)


def _register_clients(organization: Organization, spec: OrgSpec, workers: list[User],
                      regions: dict[str, Region]) -> None:
    # A string seed is hashed deterministically, and one generator per organisation keeps
    # each organisation's people the same whether or not the other one is loaded too.
    rng = random.Random(f"{SEED}:{spec.code}")
    streets = [Street(code=r.code, district_code=r.parent_id, place=_place(regions, r))
               for r in regions.values()
               if r.level == RegionLevel.STREET and r.parent_id in spec.population.homes]
    people = DemoPeople(rng, spec.population, streets)
    for number in range(spec.client_count):
        plan = people.client()
        # Caseloads are spread evenly, so every worker's dashboard has clients on it.
        worker = workers[number % len(workers)]
        street = regions[plan.street.code]
        district = regions[street.parent_id]
        city = regions[district.parent_id]
        client = do_register_client(
            organization, acting_user=worker,
            data={"name": plan.name, "sex": plan.sex, "birth_date": plan.birth_date,
                  "id_number": plan.id_number, "phone": plan.phone,
                  "province": regions[city.parent_id], "city": city, "district": district,
                  "street": street, "address_detail": plan.address_detail,
                  "population_categories": plan.categories},
            # Two fictional people may share a name and birthday; their ID numbers differ.
            confirm_not_duplicate=True,
        )
        for diagnosis in plan.diagnoses:
            do_add_diagnosis(client, acting_user=worker, code=diagnosis.code,
                             diagnosed_on=diagnosis.diagnosed_on,
                             diagnosed_by=diagnosis.diagnosed_by)
        for contact in plan.contacts:
            do_add_contact(client, acting_user=worker, kind=contact.kind, name=contact.name,
                           relationship=contact.relationship, phone=contact.phone,
                           address=contact.address)
        for relative in plan.household:
            do_add_household_member(client, acting_user=worker, name=relative.name,
                                    relationship=relative.relationship,
                                    birth_year=relative.birth_year,
                                    occupation=relative.occupation, note=relative.note)


def _place(regions: dict[str, Region], region: Region) -> str:
    names = []
    node = region
    while node is not None:
        names.append(node.name)
        node = regions.get(node.parent_id) if node.parent_id else None
    return "".join(reversed(names))


def _logins() -> list[DemoLogin]:
    users = {user.username: user for user in User.objects.filter(username__in=USERNAMES)
             .select_related("_membership__organization", "_membership__region")}
    logins = []
    for username in USERNAMES:
        user = users.get(username)
        membership = user.membership if user else None
        if membership is None:
            continue
        place = (membership.organization.name if membership.organization
                 else membership.region.full_name())
        logins.append(DemoLogin(username, user.full_name, role_label(membership.role), place))
    return logins


def role_label(role: str) -> str:
    """The Chinese label from the translation catalogue, or ours while it lacks one."""
    label = Role(role).label
    with translation.override("zh-hans"):
        chinese = str(label)
    with translation.override(None):
        untranslated = str(label)
    return chinese if chinese != untranslated else ROLE_LABELS_ZH[role]
