"""A synthetic province: organisations, staff, clients and their cases, documents, instruments,
alerts, home visits, notifications and the audit trail, at any scale.

Rows are built as the application would store them (encrypted columns through `crypto.encrypt`,
blind indexes through the clients' own index functions, instrument results through the scoring
engine, audit seals through `audit.chain.seal` in id order) and loaded in bulk (tables.Loader).
Plain content is deterministic for a seed and a day; Fernet tokens are random by design.

Per 100,000 clients the province holds about 75,000 cases, 374,000 instrument responses and
2,000,000 audit events (issue 11's measured province); the rest follows from the cases.
"""

import datetime
import hashlib
import hmac
import json
import multiprocessing
import random
import time
import traceback
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from anxin.accounts.choices import (
    EducationLevel,
    HospitalGrade,
    OrganizationKind,
    RegionLevel,
    Role,
)
from anxin.accounts.models import Membership, Organization, Region, Team, User
from anxin.audit import chain
from anxin.audit.models import AuditEvent
from anxin.cases.models import (
    Assessment,
    Case,
    CaseApplication,
    Closure,
    Consent,
    Evaluation,
    FollowUp,
    PlanRow,
    Referral,
    Review,
    ServicePlan,
    ServiceRecord,
    Signature,
    StageChange,
)
from anxin.clients.models import Client, ClientDiagnosis, Contact, EmergencyAccess, HouseholdMember
from anxin.clients.selectors import categories_index, id_number_index, phone_index
from anxin.instruments import registry
from anxin.instruments.models import InstrumentResponse
from anxin.instruments.scoring import ScoringError, clean, score
from anxin.notifications.models import Notification
from anxin.safety import rules
from anxin.safety.models import Alert, AlertStep, Incident, SafetySettings
from anxin.visits.models import HomeVisit

from . import people
from .tables import Loader

PASSWORD = "Bench-Password-2026"

# Real divisions (GB/T 2260) of one province: the bundled regions plus more of Sichuan.
EXTRA_REGIONS = [
    ("510300", "自贡市", RegionLevel.CITY, "510000"),
    ("510302", "自流井区", RegionLevel.DISTRICT, "510300"),
    ("510303", "贡井区", RegionLevel.DISTRICT, "510300"),
    ("510500", "泸州市", RegionLevel.CITY, "510000"),
    ("510502", "江阳区", RegionLevel.DISTRICT, "510500"),
    ("510504", "龙马潭区", RegionLevel.DISTRICT, "510500"),
    ("510600", "德阳市", RegionLevel.CITY, "510000"),
    ("510603", "旌阳区", RegionLevel.DISTRICT, "510600"),
    ("510700", "绵阳市", RegionLevel.CITY, "510000"),
    ("510703", "涪城区", RegionLevel.DISTRICT, "510700"),
    ("510704", "游仙区", RegionLevel.DISTRICT, "510700"),
    ("510106", "金牛区", RegionLevel.DISTRICT, "510100"),
    ("510108", "成华区", RegionLevel.DISTRICT, "510100"),
]
KIND_NAMES = {
    OrganizationKind.COMMUNITY_STATION: "社会工作服务站",
    OrganizationKind.HOSPITAL: "人民医院",
    OrganizationKind.REHAB_DAY: "精神康复日间照料中心",
    OrganizationKind.REHAB_RESIDENTIAL: "精神康复托养中心",
    OrganizationKind.SOCIAL_SERVICE: "社会工作服务中心",
}
# Community stations are most of a province's organisations.
KIND_CYCLE = [OrganizationKind.COMMUNITY_STATION, OrganizationKind.HOSPITAL,
              OrganizationKind.REHAB_DAY, OrganizationKind.SOCIAL_SERVICE,
              OrganizationKind.REHAB_RESIDENTIAL, OrganizationKind.COMMUNITY_STATION,
              OrganizationKind.COMMUNITY_STATION, OrganizationKind.SOCIAL_SERVICE]

# Where the province's cases stand (fractions of all cases), each stage of the CMH pathway.
STAGE_SHARES = [
    ("application", 0.04), ("brief_intervention", 0.04), ("intake", 0.05), ("assessment", 0.08),
    ("planning", 0.08), ("intervention", 0.25), ("evaluation", 0.08), ("closed", 0.30),
    ("not_accepted", 0.03), ("referred", 0.03), ("ended", 0.02),
]
# The actions that bring a case to each stage (after "open").
PATHS = {
    "application": [],
    "brief_intervention": ["accept_simple"],
    "intake": ["accept"],
    "assessment": ["accept", "complete_intake"],
    "planning": ["accept", "complete_intake", "complete_assessment"],
    "intervention": ["accept", "complete_intake", "complete_assessment", "start_intervention"],
    "evaluation": ["accept", "complete_intake", "complete_assessment", "start_intervention",
                   "start_evaluation"],
    "closed": ["accept", "complete_intake", "complete_assessment", "start_intervention",
               "start_evaluation", "close"],
    "closed_brief": ["accept_simple", "close_brief"],
    "not_accepted": ["decline"],
    "referred": ["accept", "complete_intake", "refer_out"],
    "ended": ["accept", "complete_intake", "complete_assessment", "start_intervention", "end"],
}
TARGETS = {"accept": "intake", "accept_simple": "brief_intervention", "decline": "not_accepted",
           "complete_intake": "assessment", "complete_assessment": "planning",
           "start_intervention": "intervention", "start_evaluation": "evaluation",
           "close": "closed", "close_brief": "closed", "refer_out": "referred", "end": "ended"}
REASONED = {"decline", "refer_out", "end"}
INSTRUMENTS = ("phq9", "gad7", "risk_level", "sdss", "whoqol_bref", "zbi22")
INSTRUMENT_WEIGHTS = (0.30, 0.22, 0.20, 0.12, 0.08, 0.08)
DIAGNOSES = [("F20.0", "偏执型精神分裂症"), ("F31.9", "双相情感障碍"), ("F32.1", "中度抑郁发作"),
             ("F41.1", "广泛性焦虑障碍"), ("F20.9", "精神分裂症"), ("F42.9", "强迫障碍"),
             ("F06.9", "器质性精神障碍")]
HOSPITALS = ("四川省精神卫生中心", "成都市第四人民医院", "华西医院心理卫生中心", "德阳市精神病医院")
NEEDS = ("希望得到情绪支持和康复指导。", "家属照护压力大，需要喘息服务和就业帮扶。",
         "出院后需要社区康复和服药管理。", "希望恢复社会功能，重新找到工作。")
SENTENCES = ("服务对象情绪较为稳定，按时服药。", "与家属沟通照护安排，家属表示理解。",
             "讨论近期睡眠和作息情况，约定下次面谈时间。",
             "协助链接社区康复资源，服务对象愿意参加。",
             "评估自伤风险为低，已告知紧急联系方式。", "服务对象讲述与邻居的矛盾，情绪有些激动。")
PROTOCOL = ("ensure_safety", "contact_family", "contact_hospital", "report_leadership",
            "crisis_intervention", "increase_contact", "reassess_risk")
SERVICE_MODES = ("interview", "home_visit", "phone", "community_visit", "counselling",
                 "case_management")


@dataclass
class Org:
    id: int
    code: str
    kind: str
    clients: int
    district: Region
    city: Region
    streets: list
    workers: list = field(default_factory=list)
    supervisors: list = field(default_factory=list)
    supervisor_of: dict = field(default_factory=dict)  # worker id → supervisor id
    admin: int = 0
    others: list = field(default_factory=list)  # archivist, quality officer, lead
    usernames: dict = field(default_factory=dict)
    case_serial: int = 0


class Refused(Exception):
    pass


def default_organizations(clients: int) -> int:
    return max(5, min(60, 5 + clients // 25_000))


class Province:
    def __init__(self, *, clients: int, seed: int = 1, password: str = PASSWORD,
                 organizations: int | None = None, today: datetime.date | None = None,
                 out=print, chunk_rows: int = 50_000, workers: int = 1):
        self.n = clients
        self.rng = random.Random(seed)
        self.seed = seed
        self.workers = workers if connection.vendor == "postgresql" else 1
        self.lane, self.lanes = 0, 1
        self.audit_queue = None  # in a worker process: where its events go to be sealed
        self.audit_out = []
        self.password = password
        self.k = organizations or default_organizations(clients)
        self.today = today or timezone.localdate()
        self.out = out
        self.chunk_rows = chunk_rows
        tz = timezone.get_current_timezone()
        self.midnight = datetime.datetime.combine(self.today, datetime.time(), tzinfo=tz)
        self.now = min(timezone.now(), self.midnight + datetime.timedelta(hours=8))
        self.loader = Loader()
        self.orgs: list[Org] = []
        self.used_ids: set[str] = set()
        self.head = ""
        self.audit_target = 20 * clients
        self.audit_made = 0
        self.clients_done = 0

    # --- helpers ----------------------------------------------------------------------------

    def at(self, days_ago: float, hour: int | None = None) -> datetime.datetime:
        moment = self.midnight - datetime.timedelta(days=days_ago)
        moment = moment.replace(hour=hour if hour is not None else self.rng.randint(8, 18),
                                minute=self.rng.randint(0, 59), second=self.rng.randint(0, 59),
                                microsecond=self.rng.randrange(1_000_000))
        # Work of "today" happened this morning at the latest, never after the run.
        return moment - datetime.timedelta(days=1) if days_ago >= 0 and moment > self.now \
            else moment

    def moment(self, days_ago: float) -> datetime.datetime:
        """A time in working hours that keeps the order of `days_ago` (later for less)."""
        day = int(days_ago)
        start = self.midnight - datetime.timedelta(days=day + 1, hours=-8)
        return start + datetime.timedelta(hours=10 * (1 - (days_ago - day)))

    def text(self, n: int = 2) -> str:
        return "".join(self.rng.sample(SENTENCES, n))

    def audit(self, at, action, *, actor, org: Org, target_type="", target_id="",
              client_id=None, data=None, reason=""):
        values = {
            "occurred_at": at, "actor_id": actor, "actor_label": org.usernames.get(actor, ""),
            "organization_id": org.id, "action": action, "target_type": target_type,
            "target_id": str(target_id), "client_id": client_id,
            "ip": f"10.{org.id % 250}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}",
            "request_id": f"{self.rng.getrandbits(64):016x}", "reason": reason,
            "data": data or {},
        }
        self.audit_made += 1
        # Everything but the two seals and the id, which only the order of the chain decides.
        _, row = self.loader[AuditEvent].build(at, id=0, previous_hash="", chain_hash="",
                                               **values)
        event = (row, _message_before_previous(values))
        if self.audit_queue is not None:
            self.audit_out.append(event)
        else:
            self._seal(event)

    def _seal(self, event):
        """Appends the event to the chain: in id order, each sealed with the seal before it —
        audit.chain.seal's HMAC, whose message ends with the previous seal."""
        row, message = event
        table = self.loader[AuditEvent]
        previous = self.head
        self.head = hmac.new(self._chain_key, (message + json.dumps(previous) + "]").encode(),
                             hashlib.sha256).hexdigest()
        row = list(row)
        row[self._audit_id] = table.next_id
        table.next_id += 1
        row[self._audit_previous], row[self._audit_seal] = previous, self.head
        table.rows.append(tuple(row))

    # --- the run ----------------------------------------------------------------------------

    def run(self) -> dict:
        if Client.objects.exists():
            raise Refused("The database already holds clients; generate into an empty one.")
        started = time.monotonic()
        self._register_tables()
        self.head = chain.lock_and_read_head(connection)
        self._chain_key = chain._key()
        audit_index = self.loader[AuditEvent].index
        self._audit_id = audit_index["id"]
        self._audit_previous = audit_index["previous_hash"]
        self._audit_seal = audit_index["chain_hash"]
        self.password_hash = make_password(self.password)
        self._response_pool = self._score_pool()
        drawings = [people.signature_png(random.Random(n)) for n in range(40)]
        self._signatures = [(d, hashlib.sha256(d).hexdigest()) for d in drawings]
        self.ct_response = ContentType.objects.get_for_model(InstrumentResponse).pk
        self.ct_plan = ContentType.objects.get_for_model(ServicePlan).pk
        self.ct_alert = ContentType.objects.get_for_model(Alert).pk
        regions = self._regions()
        with self.loader.bulk_mode():
            self._organizations(regions)
            self._staff(regions)
            self.loader.flush()
            if self.workers > 1:
                self._in_parallel()
            else:
                for org in self.orgs:
                    self._clients_of(org)
            self.loader.flush()
        if self.loader.restored != (0, 0):
            self.out(f"  {self.loader.restored[0]} indexes and {self.loader.restored[1]} foreign "
                     f"keys rebuilt and checked in {self.loader.restore_seconds:.0f} s")
        self.loader.reset_sequences()
        elapsed = time.monotonic() - started
        counts = {t.name: t.count for t in self.loader.tables.values()}
        self.out(f"done: {sum(counts.values()):,} rows in {elapsed:.0f} s "
                 f"({sum(counts.values()) / max(elapsed, 1e-9):,.0f} rows/s)")
        for table in self.loader.tables.values():
            if table.count:
                self.out(f"  {table.name:32} {table.count:>12,} rows  "
                         f"{table.count / max(table.seconds, 1e-9):>10,.0f} rows/s written")
        return {"counts": counts, "elapsed": elapsed, "organizations": self.orgs}

    def _in_parallel(self):
        """Organisations shared among worker processes, which write their rows themselves
        (interleaved ids: worker w of W takes w, w + W, …) and send their audit events here,
        where they are sealed into the one chain and written in the order they arrive."""
        context = multiprocessing.get_context("fork")
        queue = context.Queue(maxsize=32)
        shares = [[] for _ in range(self.workers)]
        for org in sorted(self.orgs, key=lambda o: -o.clients):
            min(shares, key=lambda share: sum(o.clients for o in share)).append(org)
        bases = {model: table.next_id for model, table in self.loader.tables.items()}
        connection.close()  # each process opens its own
        processes = [context.Process(target=_worker, args=(self, w, shares[w], bases, queue))
                     for w in range(self.workers)]
        for process in processes:
            process.start()
        running = self.workers
        audit_table = self.loader[AuditEvent]
        try:
            while running:
                kind, payload = queue.get()
                if kind == "audit":
                    for values in payload:
                        self._seal(values)
                    if len(audit_table.rows) >= self.chunk_rows:
                        self.loader.flush()
                elif kind == "done":
                    running -= 1
                    by_name = {t.name: t for t in self.loader.tables.values()}
                    for name, (count, seconds) in payload.items():
                        by_name[name].count += count
                        by_name[name].seconds += seconds
                else:
                    raise RuntimeError(f"A generating process failed:\n{payload}")
        finally:
            for process in processes:
                if running:
                    process.terminate()
                process.join()

    def _register_tables(self):
        # Parents first: the loader writes the tables in this order before each commit.
        for model in (Organization, User, Team, Membership, SafetySettings, Client,
                      ClientDiagnosis, Contact, HouseholdMember, EmergencyAccess, Case,
                      Signature, StageChange, Consent, CaseApplication, Assessment, ServicePlan,
                      PlanRow, ServiceRecord, ServiceRecord.staff_members.through, Evaluation,
                      Closure, Review, FollowUp, Referral, InstrumentResponse, Alert, AlertStep,
                      Incident, HomeVisit, HomeVisit.staff.through, HomeVisit.went.through,
                      Notification, AuditEvent):
            self.loader.table(model)

    def _maybe_flush(self):
        if self.audit_queue is not None and len(self.audit_out) >= 5000:
            self.audit_queue.put(("audit", self.audit_out))
            self.audit_out = []
        if self.loader.pending() >= self.chunk_rows:
            self.loader.flush()
            elapsed = time.monotonic() - self.loader.started
            total = sum(t.count for t in self.loader.tables.values())
            self.out(f"  {self.clients_done:,}/{self.n:,} clients, {total:,} rows, "
                     f"{total / elapsed:,.0f} rows/s")

    def _score_pool(self) -> dict:
        """Per instrument, a few hundred answer sets with what the scoring engine makes of them."""
        pool = {}
        rng = random.Random(7)
        for code in INSTRUMENTS:
            definition = registry.latest(code)
            results = []
            while len(results) < 200:
                answers = {}
                for item in definition.items:
                    options = [o.value for o in item.options]
                    # Mostly low answers, as in a served population; a tail of severe ones.
                    answers[item.code] = options[min(int(rng.expovariate(1.3)), len(options) - 1)]
                try:
                    values = clean(definition, answers)
                except ScoringError:
                    continue
                result = score(definition, values)
                totals = {c: str(v) if isinstance(v, Decimal) else v
                          for c, v in result.totals.items()}
                bands = {c: b.code if b else None for c, b in result.bands.items()}
                flags = [f.code for f in result.flags]
                # The alert rules the safety app would apply to such a response.
                fired = rules.matching(SimpleNamespace(instrument=code, flags=flags,
                                                       bands=bands, totals=totals))
                stored = {c: str(v) if isinstance(v, Decimal) else v for c, v in values.items()
                          if v is not None}
                results.append((definition.version, stored, totals, bands, flags, fired))
            pool[code] = results
        return pool

    def _regions(self) -> dict:
        codes = {r.code: r for r in Region.objects.filter(code__startswith="51")}
        for code, name, level, parent in EXTRA_REGIONS:
            if code not in codes:
                codes[code] = Region.objects.create(code=code, name=name, level=level,
                                                    parent=codes[parent])
        districts = [r for r in codes.values() if r.level == RegionLevel.DISTRICT]
        streets = {}
        for r in codes.values():
            if r.level == RegionLevel.STREET:
                streets.setdefault(r.parent_id, []).append(r)
        return {"province": codes["510000"], "districts": sorted(districts, key=lambda r: r.code),
                "streets": streets, "all": codes}

    def _organizations(self, regions):
        rng = self.rng
        weights = [1 / (i + 1) ** 0.9 for i in range(self.k)]
        rng.shuffle(weights)
        total = sum(weights)
        shares = [max(1, round(self.n * w / total)) for w in weights]
        shares[-1] += self.n - sum(shares)
        if shares[-1] < 1:
            raise Refused("Too many organisations for so few clients.")
        table = self.loader[Organization]
        districts = regions["districts"]
        existing = Organization.objects.count()
        for i in range(self.k):
            kind = KIND_CYCLE[i % len(KIND_CYCLE)] if i >= 5 else list(OrganizationKind)[i]
            district = districts[i % len(districts)]
            city = regions["all"][district.parent_id]
            code = f"b{existing + i + 1:03d}"
            name = f"{district.name}{KIND_NAMES[kind]}（{code.upper()}）"
            hospital = kind == OrganizationKind.HOSPITAL
            pk = table.row(self.at(1200), name=name, code=code, kind=kind,
                           province_id=regions["province"].code, city_id=city.code,
                           district_id=district.code, street_id=None,
                           hospital_grade=HospitalGrade.TERTIARY_A if hospital else "",
                           bed_count=rng.choice((500, 800, 1200)) if hospital else None)
            self.orgs.append(Org(pk, code, kind, shares[i], district, city,
                                 regions["streets"].get(district.code, [])))

    def _staff(self, regions):
        rng = self.rng
        users, teams, members = (self.loader[User], self.loader[Team], self.loader[Membership])
        settings_table = self.loader[SafetySettings]
        joined = self.at(1500)

        def person(org: Org | None, username, role, team=None, region=None):
            sex = rng.choice("MF")
            uid = users.row(joined, username=username, password=self.password_hash,
                            full_name=people.name(rng, sex), is_active=True,
                            date_joined=joined, email="")
            members.row(joined, user_id=uid, organization_id=org.id if org else None,
                        role=role, team_id=team, region_id=region,
                        mobile=people.phone(rng),
                        education_level=rng.choice((EducationLevel.BACHELOR,
                                                    EducationLevel.JUNIOR_COLLEGE,
                                                    EducationLevel.MASTER)),
                        major="社会工作",
                        in_field_since=self.today - datetime.timedelta(days=rng.randint(800, 5000)))
            if org is not None:
                org.usernames[uid] = username
            return uid

        for org in self.orgs:
            prefix = f"o{org.code}"
            worker_count = max(2, org.clients // 250)
            team_count = max(1, round(worker_count / 8))
            team_ids = []
            for t in range(team_count):
                # The team's id is taken first: its supervisor is a member of it.
                team_id = teams.next_id
                teams.next_id += 1
                sup = person(org, f"{prefix}-supervisor{t + 1}", Role.SUPERVISOR, team=team_id)
                teams.row(joined, org.id, id=team_id, name=f"第{t + 1}小组", supervisor_id=sup)
                team_ids.append(team_id)
                org.supervisors.append(sup)
            for w in range(worker_count):
                t = w % team_count
                uid = person(org, f"{prefix}-worker{w + 1}", Role.WORKER, team=team_ids[t])
                org.workers.append(uid)
                org.supervisor_of[uid] = org.supervisors[t]
            org.admin = person(org, f"{prefix}-admin", Role.ORG_ADMIN)
            org.others = [person(org, f"{prefix}-archivist", Role.ARCHIVIST),
                          person(org, f"{prefix}-quality", Role.QUALITY_OFFICER),
                          person(org, f"{prefix}-lead", Role.LEAD)]
            settings_table.row(joined, org.id, duty_worker_id=org.workers[0])
        # Regional viewers: one for the province, one per city with organisations.
        viewers = {"510000": "province-viewer"}
        for org in self.orgs:
            viewers.setdefault(org.city.code, f"city{org.city.code}-viewer")
        for code, username in viewers.items():
            person(None, username, Role.REGIONAL_VIEWER, region=code)
        self.viewers = list(viewers.values())

    # --- clients ----------------------------------------------------------------------------

    def _clients_of(self, org: Org):
        # One stream per organisation: the same seed draws the same people whichever process
        # generates the organisation.
        self.rng = rng = random.Random(f"{self.seed}:{org.code}")
        year = self.today.year
        for serial in range(1, org.clients + 1):
            worker = org.workers[(serial * 7919) % len(org.workers)]
            days_ago = rng.uniform(3, 1400) if rng.random() < 0.97 else rng.uniform(0, 3)
            registered = self.at(days_ago)
            made_before = self.audit_made
            client_id = self._client(org, serial, worker, registered, year)
            events = 2
            cases = rng.choices((0, 1, 2), weights=(0.35, 0.55, 0.10))[0]
            case_ids = []
            for _ in range(cases):
                opened_ago = rng.uniform(0, days_ago)
                case_id, case_events = self._case(org, client_id, worker, opened_ago)
                case_ids.append((case_id, opened_ago))
                events += case_events
            events += self._responses(org, client_id, worker, case_ids, days_ago)
            events += self._extras(org, client_id, worker, case_ids, days_ago)
            # Reading the file: the bulk of any audit trail, up to the province's ratio.
            share = (self.audit_target - made_before) / max(self.n - self.clients_done, 1)
            views = max(0, round(share - (self.audit_made - made_before)))
            for _ in range(views):
                viewer = worker if rng.random() < 0.8 else org.supervisor_of[worker]
                action, target_type, target = ("client.viewed", "clients.client", client_id)
                if case_ids and rng.random() < 0.5:
                    action, target_type = "case.viewed", "cases.case"
                    target = case_ids[0][0]
                self.audit(self.at(rng.uniform(0, days_ago)), action, actor=viewer, org=org,
                           target_type=target_type, target_id=target, client_id=client_id)
            self.clients_done += 1
            self._maybe_flush()

    def _unique_id_number(self, district_code, born, sex):
        """(number, birth date): each worker process draws from its own lane of sequence
        numbers, so numbers are unique across processes without asking each other."""
        slots = 500 // self.lanes
        slot = self.rng.randrange(slots)
        while True:
            number = people.id_number(district_code, born, sex, slot * self.lanes + self.lane)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number, born
            slot += 1
            if slot == slots:
                slot, born = 0, born + datetime.timedelta(days=1)

    def _client(self, org: Org, serial, worker, registered, year) -> int:
        rng = self.rng
        sex = rng.choice("MF")
        born = people.birth_date(rng, self.today)
        number, born = self._unique_id_number(org.district.code, born, sex)
        phone = people.phone(rng) if rng.random() < 0.92 else ""
        categories = rng.sample(("mental_disorder", "high_risk", "caregiver", "bereaved",
                                 "chronic_disease"), rng.choice((1, 1, 1, 2)))
        street = rng.choice(org.streets).code if org.streets else None
        client_id = self.loader[Client].row(
            registered, org.id, file_number=f"{org.code.upper()}-{registered.year}-{serial:06d}",
            name=people.name(rng, sex), sex=sex, birth_date=born,
            id_number=number, id_number_index=id_number_index(number),
            phone=phone, phone_index=phone_index(phone), province_id="510000",
            city_id=org.city.code, district_id=org.district.code, street_id=street,
            address_detail=people.address(rng), population_categories=categories,
            population_category_index=categories_index(categories), registered_by_id=worker,
            updated_at=registered)
        if "mental_disorder" in categories or rng.random() < 0.3:
            code, label = rng.choice(DIAGNOSES)
            self.loader[ClientDiagnosis].row(
                registered, org.id, client_id=client_id, code=code, label=label,
                diagnosed_on=registered.date() - datetime.timedelta(days=rng.randint(30, 3000)),
                diagnosed_by=rng.choice(HOSPITALS), recorded_by_id=worker)
        for _ in range(rng.choice((0, 1, 1, 2))):
            contact_sex = rng.choice("MF")
            self.loader[Contact].row(
                registered, org.id, client_id=client_id,
                kind=rng.choice(("guardian", "caregiver", "emergency")),
                name=people.name(rng, contact_sex), relationship=rng.choice(people.RELATIONSHIPS),
                phone=people.phone(rng), address=people.address(rng) if rng.random() < 0.5 else "")
        for _ in range(rng.choice((0, 1, 2, 2, 3))):
            self.loader[HouseholdMember].row(
                registered, org.id, client_id=client_id,
                name=people.name(rng, rng.choice("MF")),
                relationship=rng.choice(people.RELATIONSHIPS),
                birth_year=rng.randint(1940, 2015), occupation=rng.choice(people.OCCUPATIONS))
        self.audit(registered, "client.registered", actor=worker, org=org,
                   target_type="clients.client", target_id=client_id, client_id=client_id,
                   data={"file_number": f"{org.code.upper()}-{registered.year}-{serial:06d}"})
        self.audit(registered + datetime.timedelta(minutes=2), "client.viewed", actor=worker,
                   org=org, target_type="clients.client", target_id=client_id,
                   client_id=client_id)
        return client_id

    def _signature(self, org, at, signer, worker) -> int:
        # Signatures are kept in the database: a few dozen real drawings, reused.
        data, digest = self.rng.choice(self._signatures)
        return self.loader[Signature].row(at, org.id, kind="drawn", content_type="image/png",
                                          data=data, sha256=digest,
                                          signer_name=signer, uploaded_by_id=worker)

    def _case(self, org: Org, client_id, worker, opened_ago) -> tuple[int, int]:
        """One case with the documents of every stage it passed; returns (id, audit events)."""
        rng = self.rng
        stage = rng.choices([s for s, _ in STAGE_SHARES], weights=[w for _, w in STAGE_SHARES])[0]
        path_key = "closed_brief" if stage == "closed" and rng.random() < 0.2 else stage
        path = PATHS[path_key]
        supervisor = org.supervisor_of[worker]
        # Early stages are recent; a share of them have run past their deadline (overdue).
        if stage in ("application", "intake", "assessment"):
            opened_ago = min(opened_ago, rng.uniform(1, 12) if rng.random() < 0.7
                             else rng.uniform(20, 60))
        span = max(opened_ago, 1.0)
        steps = len(path) + 1
        times = sorted(rng.uniform(0, span) for _ in range(steps))[::-1]
        moments = [self.moment(t) for t in times]  # oldest first
        opened = moments[0]
        org.case_serial += 1
        number = f"{org.code.upper()}-C{opened.year}-{org.case_serial:06d}"
        milestones = {"application.received": opened.date().isoformat()}
        if "complete_intake" in path:
            milestones["intake.completed"] = moments[path.index("complete_intake") + 1].date() \
                .isoformat()
        due = None
        if stage in ("application", "intake"):
            due = opened.date() + datetime.timedelta(days=7)
        elif stage == "assessment":
            due = datetime.date.fromisoformat(milestones["intake.completed"]) \
                + datetime.timedelta(days=21)
        closed_on = moments[-1].date() if stage in ("closed", "not_accepted", "referred",
                                                    "ended") else None
        case_id = self.loader[Case].row(
            opened, org.id, client_id=client_id, case_number=number, stage=stage,
            worker_id=worker, supervisor_id=supervisor,
            source=rng.choice(("sought_help", "found_by_worker", "referred", "other")),
            source_detail="居委会推荐" if rng.random() < 0.3 else "", milestones=milestones,
            due_on=due, opened_on=opened.date(), closed_on=closed_on, created_by_id=worker,
            stage_changed_at=moments[-1], updated_at=moments[-1])
        T = self.loader
        events = 0

        def event(at, action, target_type="cases.case", target=case_id, data=None, reason="",
                  actor=worker):
            nonlocal events
            self.audit(at, action, actor=actor, org=org, target_type=target_type,
                       target_id=target, client_id=client_id, data=data, reason=reason)
            events += 1

        T[StageChange].row(opened, org.id, case_id=case_id, action="open", from_stage="",
                           to_stage="application", actor_id=worker, at=opened)
        event(opened, "case.opened", data={"case_number": number, "pathway": "cmh",
                                           "worker": worker, "supervisor": supervisor,
                                           "source": "sought_help", "referred_from": None})
        decision = ("not_accepted" if stage == "not_accepted" else
                    "brief" if "accept_simple" in path else
                    "accepted" if path else "")
        decided = moments[1].date() if path else None
        app_id = T[CaseApplication].row(
            opened, org.id, case_id=case_id, application_number=number,
            application_date=opened.date(), needs=rng.choice(NEEDS), decision=decision,
            not_accepted_grounds=["beyond_centre"] if decision == "not_accepted" else [],
            not_accepted_handling=["told_reason"] if decision == "not_accepted" else [],
            brief_kind="consultation" if decision == "brief" else "",
            decided_by_id=worker if decision else None, decided_on=decided,
            updated_at=moments[min(1, len(moments) - 1)])
        if decision:
            event(moments[1], "application.saved", "cases.caseapplication", app_id,
                  data={"decision": decision})
        if path and decision != "not_accepted":
            written = rng.random() < 0.6
            sig = self._signature(org, moments[1], "服务对象", worker) if written else None
            consent_id = T[Consent].row(
                moments[1], org.id, case_id=case_id, mode="written" if written else "verbal",
                exceptions_explained=True, audio_recording_allowed=rng.random() < 0.3,
                informed_by_id=None if written else worker,
                informed_on=None if written else moments[1].date(),
                signer="client" if written else "", signer_name="服务对象" if written else "",
                client_signature_id=sig, client_signed_on=moments[1].date() if written else None,
                worker_signed_by_id=worker if written else None,
                worker_signed_on=moments[1].date() if written else None, recorded_by_id=worker)
            event(moments[1], "consent.recorded", "cases.consent", consent_id)
        previous = "application"
        for i, action in enumerate(path):
            at = moments[i + 1]
            reason = self.text(1) if action in REASONED else ""
            T[StageChange].row(at, org.id, case_id=case_id, action=action,
                               from_stage=previous, to_stage=TARGETS[action], reason=reason,
                               actor_id=supervisor if action == "close" else worker, at=at)
            event(at, f"case.{action}", data={"from": previous, "to": TARGETS[action]},
                  reason=reason)
            previous = TARGETS[action]
        reached = set(path)
        assessment_id = None
        if stage == "assessment" or "complete_intake" in reached:
            complete = "complete_assessment" in reached
            filled = moments[min(3, len(moments) - 1)] if complete else moments[-1]
            assessment_id = T[Assessment].row(
                filled, org.id, case_id=case_id, created_by_id=worker,
                filled_on=filled.date(), disease_type=rng.choice(DIAGNOSES)[1],
                risk_level=rng.choices((0, 1, 2, 3, 4), weights=(40, 30, 18, 8, 4))[0]
                if complete or rng.random() < 0.5 else None,
                medication="利培酮 2mg 每日两次", stability=rng.choice(("stable", "mostly_stable",
                                                                 "unstable")),
                social_security="城乡居民医保")
            if complete:
                event(filled, "assessment.completed", "cases.assessment", assessment_id)
        if stage == "planning" or "complete_assessment" in reached:
            events += self._plans(org, case_id, client_id, worker, supervisor, stage, moments,
                                  path, event)
        if "start_intervention" in reached or stage == "brief_intervention" \
                or "close_brief" in reached:
            start = moments[path.index("start_intervention") + 1] if "start_intervention" in \
                reached else moments[1]
            end = moments[-1]
            sessions = rng.randint(1, 8) if stage != "brief_intervention" else rng.randint(0, 2)
            if "close_brief" in reached:
                sessions = max(1, sessions)
            for s in range(sessions):
                at = start + (end - start) * (s + 1) / (sessions + 1)
                mode = rng.choice(SERVICE_MODES)
                home = mode == "home_visit"
                record_id = T[ServiceRecord].row(
                    at, org.id, case_id=case_id, created_by_id=worker, session_number=s + 1,
                    mode=mode, started_at=at, duration_minutes=rng.choice((30, 45, 60, 90)),
                    place="服务对象家中" if home else "社工站会谈室", participants="服务对象及母亲",
                    staff=org.usernames[worker], goal="了解近况，巩固康复目标。",
                    content=self.text(2), evaluation_of_service="服务对象积极参与。",
                    next_plan="两周后再次面谈。", checked_home_safety=home, phone_kept_on=home,
                    sat_near_exit=home, kept_distance=home)
                if home:
                    through = T[ServiceRecord.staff_members.through]
                    through.row(at, org.id, servicerecord_id=record_id, user_id=worker)
                    through.row(at, org.id, servicerecord_id=record_id, user_id=supervisor)
                event(at, "service_record.added", "cases.servicerecord", record_id)
        if stage in ("evaluation", "closed") and path_key != "closed_brief":
            if stage == "closed" or rng.random() < 0.5:
                at = moments[-1] - datetime.timedelta(days=3) if stage == "closed" else moments[-1]
                evaluation_id = T[Evaluation].row(
                    at, org.id, case_id=case_id, created_by_id=worker, evaluated_on=at.date(),
                    services_received="个案辅导、康复训练、资源链接", coping_improved="yes",
                    satisfaction=rng.choice((5, 4, 4, 3)), improvement=rng.randint(5, 9),
                    goal_attainment=rng.choice(("full", "partial")),
                    process_evaluation="服务按计划推进。", outcome_evaluation="目标基本达成。")
                event(at, "evaluation.saved", "cases.evaluation", evaluation_id)
        if stage == "closed" or (stage == "evaluation" and rng.random() < 0.4):
            events += self._closure(org, case_id, worker, supervisor, stage, moments, event)
        if stage == "referred":
            at = moments[-1]
            internal = rng.random() < 0.3 and len(self.orgs) > 1
            other = rng.choice([o for o in self.orgs if o.id != org.id]) if internal else None
            referral_id = T[Referral].row(
                at, org.id, kind="internal" if internal else "external", case_id=case_id,
                to_organization_id=other.id if other else None,
                external_name="" if internal else rng.choice(HOSPITALS),
                external_contact="" if internal else people.phone(rng),
                reason="超出本机构服务范围，转介专科机构。", consent_mode="written",
                consent_on=at.date(), shared_items=["basic", "assessment"],
                status=rng.choice(("sent", "accepted", "awaiting_feedback", "completed"))
                if not internal else "sent",
                created_by_id=worker, updated_at=at)
            event(at, "referral.prepared", "cases.referral", referral_id)
        return case_id, events

    def _plans(self, org, case_id, client_id, worker, supervisor, stage, moments, path, event):
        rng = self.rng
        T = self.loader
        made_at = moments[path.index("complete_assessment") + 1] if "complete_assessment" in \
            path else moments[-1]
        effective = stage not in ("planning",) and "start_intervention" in path
        if effective:
            status = "approved"
        else:
            # The supervisor queue: plans confirmed by both and awaiting approval.
            status = rng.choices(("draft", "submitted", "returned"), weights=(35, 45, 20))[0]
        confirmed = status in ("submitted", "approved")
        sig = self._signature(org, made_at, "服务对象", worker) if confirmed else None
        plan_id = T[ServicePlan].row(
            made_at, org.id, case_id=case_id, created_by_id=worker, version=1, kind="initial",
            status=status, client_signature_id=sig,
            client_confirmed_on=made_at.date() if confirmed else None,
            worker_confirmed_by_id=worker if confirmed else None,
            worker_confirmed_on=made_at.date() if confirmed else None,
            approved_by_id=supervisor if status == "approved" else None,
            approved_on=made_at.date() + datetime.timedelta(days=1)
            if status == "approved" else None,
            overall_goal="稳定病情，恢复日常生活能力。",
            goals="按时服药\n参加社区康复活动\n改善家庭沟通")
        for position in range(3):
            T[PlanRow].row(made_at, org.id, plan_id=plan_id, position=position,
                           timing=f"第{position + 1}个月", strategy="认知行为干预",
                           method="个案面谈", client_responsibility="按约定参加面谈",
                           roles="社工：支持者", evaluation_method="量表复评")
        event(made_at, "plan.saved", "cases.serviceplan", plan_id)
        events = 1
        if status in ("approved", "returned"):
            T[Review].row(made_at, org.id, plan_id=plan_id,
                          decision="approved" if status == "approved" else "returned",
                          comment="" if status == "approved" else "请补充具体的康复目标。",
                          reviewer_id=supervisor, at=made_at + datetime.timedelta(days=1))
        if status == "submitted":
            T[Notification].row(made_at, org.id, recipient_id=supervisor,
                                kind="approval_request", message="cases.document.submitted",
                                params={"document": "plan", "case": str(case_id)},
                                url=f"/cases/{case_id}/", subject_type_id=self.ct_plan,
                                subject_id=plan_id)
        return events

    def _closure(self, org, case_id, worker, supervisor, stage, moments, event):
        rng = self.rng
        T = self.loader
        at = moments[-1] - datetime.timedelta(days=2) if stage == "closed" else moments[-1]
        approved = stage == "closed"
        status = "approved" if approved else rng.choice(("draft", "submitted"))
        confirmed = status != "draft"
        sig = self._signature(org, at, "服务对象", worker) if confirmed else None
        reasons = [rng.choices(("goal_reached", "client_refused", "moved", "died"),
                               weights=(80, 10, 8, 2))[0]]
        follow_ups = 0 if reasons == ["died"] else rng.choice((1, 2, 3))
        closure_id = T[Closure].row(
            at, org.id, case_id=case_id, created_by_id=worker, status=status,
            client_signature_id=sig, client_confirmed_on=at.date() if confirmed else None,
            worker_confirmed_by_id=worker if confirmed else None,
            worker_confirmed_on=at.date() if confirmed else None,
            approved_by_id=supervisor if approved else None,
            approved_on=moments[-1].date() if approved else None, filled_on=at.date(),
            planned_closing_date=at.date() + datetime.timedelta(days=7),
            client_told_on=at.date(), reasons=reasons, client_knows_how_to_return=True,
            summary="服务目标已达成，服务对象能够自我管理。", follow_up_plan="结案后每月电话回访。",
            follow_up_count=follow_ups, follow_up_interval_days=30)
        event(at, "closure.saved", "cases.closure", closure_id)
        if approved:
            T[Review].row(at, org.id, closure_id=closure_id, decision="approved",
                          reviewer_id=supervisor, at=moments[-1])
            closed = moments[-1].date()
            for n in range(follow_ups):
                planned = closed + datetime.timedelta(days=30 * (n + 1))
                done = planned <= self.today and rng.random() < 0.8
                T[FollowUp].row(moments[-1], org.id, case_id=case_id, planned_on=planned,
                                done_on=planned if done else None,
                                mode="phone" if done else "",
                                finding="情况稳定。" if done else "",
                                recorded_by_id=worker if done else None)
        return 1

    def _responses(self, org, client_id, worker, case_ids, days_ago) -> int:
        """3.74 responses per client on average, most given in a case."""
        rng = self.rng
        count = rng.choices((1, 2, 3, 4, 5, 6, 8), weights=(12, 16, 18, 18, 14, 12, 10))[0]
        events = 0
        for _ in range(count):
            code = rng.choices(INSTRUMENTS, weights=INSTRUMENT_WEIGHTS)[0]
            version, answers, totals, bands, flags, fired = rng.choice(self._response_pool[code])
            case_id = case_ids[0][0] if case_ids and rng.random() < 0.8 else None
            at = self.at(rng.uniform(0, days_ago))
            response_id = self.loader[InstrumentResponse].row(
                at, org.id, client_id=client_id, case_id=case_id, instrument=code,
                version=version, answers=answers, totals=totals, bands=bands, flags=flags,
                administered_on=at.date(), via="worker", recorded_by_id=worker)
            self.audit(at, "instrument.response.recorded", actor=worker, org=org,
                       target_type="instruments.instrumentresponse", target_id=response_id,
                       client_id=client_id,
                       data={"instrument": code, "version": version, "case": case_id,
                             "via": "worker", "attach_to": "", "recorded_by": worker,
                             "flags": flags})
            events += 1
            if fired and rng.random() < 0.6:
                self._alert(org, client_id, case_id, worker, fired[0], response_id, at)
        return events

    def _alert(self, org, client_id, case_id, worker, rule, response_id, at):
        rng = self.rng
        T = self.loader
        supervisor = org.supervisor_of[worker]
        recent = (self.midnight - at).days < 3
        status = rng.choice(("open", "acknowledged")) if recent else \
            rng.choices(("resolved", "acknowledged", "open"), weights=(85, 10, 5))[0]
        acknowledged = at + datetime.timedelta(minutes=rng.randint(3, 90))
        resolved = acknowledged + datetime.timedelta(hours=rng.randint(1, 48))
        escalated = status == "open" and not recent
        alert_id = T[Alert].row(
            at, org.id, client_id=client_id, case_id=case_id, rule=rule.code,
            urgency=int(rule.urgency),
            source_type_id=self.ct_response, source_id=response_id, worker_id=worker,
            supervisor_id=supervisor, status=status, raised_at=at,
            escalate_at=at + datetime.timedelta(minutes=30),
            escalated_at=at + datetime.timedelta(minutes=30) if escalated else None,
            acknowledged_at=acknowledged if status != "open" else None,
            acknowledged_by_id=worker if status != "open" else None,
            resolved_at=resolved if status == "resolved" else None,
            resolved_by_id=worker if status == "resolved" else None)
        self.audit(at, "safety.alert.raised", actor=None, org=org, target_type="safety.alert",
                   target_id=alert_id, client_id=client_id, data={"rule": rule.code})
        T[Notification].row(at, org.id, recipient_id=worker, kind="alert", urgent=True,
                            message="safety.alert.raised", params={"rule": rule.code},
                            url=f"/safety/alerts/{alert_id}/", subject_type_id=self.ct_alert,
                            subject_id=alert_id,
                            read_at=acknowledged if status != "open" else None,
                            closed_at=acknowledged if status != "open" else None)
        events = 1
        if status != "open":
            self.audit(acknowledged, "safety.alert.acknowledged", actor=worker, org=org,
                       target_type="safety.alert", target_id=alert_id, client_id=client_id)
            steps = rng.sample(PROTOCOL, rng.randint(1, 4))
            for n, item in enumerate(steps):
                taken = acknowledged + datetime.timedelta(minutes=10 * (n + 1))
                step_id = T[AlertStep].row(taken, org.id, alert_id=alert_id, protocol_item=item,
                                           note="已联系家属，情况可控。", taken_at=taken,
                                           taken_by_id=worker)
                self.audit(taken, "safety.alert.step", actor=worker, org=org,
                           target_type="safety.alert", target_id=alert_id, client_id=client_id,
                           data={"step": step_id, "protocol_item": item})
            events += 1 + len(steps)
        if status == "resolved":
            self.audit(resolved, "safety.alert.resolved", actor=worker, org=org,
                       target_type="safety.alert", target_id=alert_id, client_id=client_id)
            events += 1
        return events

    def _extras(self, org, client_id, worker, case_ids, days_ago) -> int:
        """Home visits, incidents and the odd emergency opening."""
        rng = self.rng
        T = self.loader
        events = 0
        if rng.random() < 0.25:
            planned = self.at(rng.uniform(-7, min(days_ago, 400)))
            past = planned < self.midnight - datetime.timedelta(days=1)
            status = rng.choices(("returned", "cancelled", "refused"), weights=(85, 10, 5))[0] \
                if past else rng.choice(("awaiting_approval", "ready", "out"))
            went = status in ("returned", "out")
            risk = 3 if status in ("awaiting_approval", "refused") else rng.choice((0, 1, 2))
            supervisor = org.supervisor_of[worker]
            visit_id = T[HomeVisit].row(
                planned, org.id, client_id=client_id,
                case_id=case_ids[0][0] if case_ids else None, status=status,
                planned_for=planned, planned_by_id=worker,
                created_at=min(planned, self.now - datetime.timedelta(days=8)),
                needs_approval=status in ("awaiting_approval", "refused"),
                risk_level=risk, risk_level_on=planned.date() - datetime.timedelta(days=20),
                risk_level_source="assessment", risk_threshold=2,
                supervisor_id=supervisor,
                decided_by_id=supervisor if status == "refused" else None,
                decided_at=planned if status == "refused" else None,
                departed_at=planned if went else None,
                expected_return_at=planned + datetime.timedelta(hours=2) if went else None,
                station_worker_id=org.workers[0] if went else None,
                returned_at=planned + datetime.timedelta(hours=1, minutes=40)
                if status == "returned" else None,
                checked_in_by_id=worker if status == "returned" else None,
                cancelled_at=planned if status == "cancelled" else None)
            T[HomeVisit.staff.through].row(planned, org.id, homevisit_id=visit_id, user_id=worker)
            T[HomeVisit.staff.through].row(planned, org.id, homevisit_id=visit_id,
                                           user_id=supervisor)
            if went:
                T[HomeVisit.went.through].row(planned, org.id, homevisit_id=visit_id,
                                              user_id=worker)
                T[HomeVisit.went.through].row(planned, org.id, homevisit_id=visit_id,
                                              user_id=supervisor)
            self.audit(min(planned, self.now - datetime.timedelta(days=8)),
                       "home_visit.planned", actor=worker, org=org,
                       target_type="visits.homevisit", target_id=visit_id, client_id=client_id)
            events += 1
        if rng.random() < 0.01:
            at = self.at(rng.uniform(0, days_ago))
            incident_id = T[Incident].row(
                at, org.id, client_id=client_id, case_id=case_ids[0][0] if case_ids else None,
                kind=rng.choice(("relapse", "violence", "self_harm", "disorder", "other")),
                occurred_at=at, immediate_actions=["family_contacted"], recorded_by_id=worker)
            self.audit(at, "safety.incident.recorded", actor=worker, org=org,
                       target_type="safety.incident", target_id=incident_id,
                       client_id=client_id)
            events += 1
        if rng.random() < 0.0005 or self.clients_done == 0:
            other = org.supervisors[-1]
            at = self.at(rng.uniform(0, 30))
            access_id = T[EmergencyAccess].row(
                at, org.id, user_id=other, client_id=client_id,
                reason="服务对象家属来电称其有自伤危险，负责社工联系不上。", opened_at=at,
                expires_at=at + datetime.timedelta(hours=4),
                reviewed_by_id=org.admin if rng.random() < 0.5 else None)
            self.audit(at, "client.emergency_access_opened", actor=other, org=org,
                       target_type="clients.emergencyaccess", target_id=access_id,
                       client_id=client_id)
            events += 1
        return events


def _message_before_previous(values: dict) -> str:
    """audit.chain.seal's message up to its last element, the previous event's seal: the part
    that does not depend on the order, computed where the event is made (the whole message is
    `prefix + json.dumps(previous_seal) + "]"`, byte for byte the same)."""
    assert chain.SEALED_FIELDS[-1] == "previous_hash"
    content = [chain.FORMAT]
    for name in chain.SEALED_FIELDS[:-1]:
        value = values[name]
        if name == "occurred_at":
            value = chain._canonical_time(value)
        elif name == "ip":
            value = chain._canonical_ip(value)
        elif name == "data":
            value = chain._canonical_data(value)
        elif value is not None and name in ("actor_id", "organization_id", "client_id"):
            value = int(value)
        elif value is not None:
            value = str(value)
        content.append(value)
    message = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return message[:-1] + ","


def _worker(province: Province, lane: int, orgs: list, bases: dict, queue):
    """One generating process: its organisations' rows, written on its own connection."""
    try:
        province.lane, province.lanes = lane, province.workers
        province.audit_queue = queue
        province.n = sum(org.clients for org in orgs)
        province.audit_target = 20 * province.n
        province.audit_made = province.clients_done = 0
        for model, table in province.loader.tables.items():
            table.next_id, table.step = bases[model] + lane, province.workers
            table.rows, table.count, table.seconds = [], 0, 0.0
        for org in orgs:
            province._clients_of(org)
        if province.audit_out:
            queue.put(("audit", province.audit_out))
        province.loader.flush()
        # Table names, not models: auto-created through models do not pickle.
        queue.put(("done", {table.name: (table.count, table.seconds)
                            for table in province.loader.tables.values()}))
    except BaseException:
        queue.put(("error", traceback.format_exc()))
    finally:
        connection.close()
