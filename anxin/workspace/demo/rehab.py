"""Demo rehabilitation centres (REH): a day centre and a residential one, each with its profile
and medical partners, a reception register, and residents in every stage of the pathway — one
screened in on a supervisor's override, one not admitted, residents before and after the
mid-term evaluation, and some who have left with the two-copy exit form.

Everything goes through the real actions and the document engine, so the eligibility rules, the
information-exchange gate and the approvals hold in the demo as on screen.
"""

import base64
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anxin.accounts.models import Organization, User
from anxin.cases import actions as case_actions
from anxin.cases.models import Case
from anxin.cases.scenarios import BLANK_PNG
from anxin.clients.diagnoses import SEVERE_CODES
from anxin.clients.models import Client
from anxin.documents.actions import do_review_document, do_save_document, do_submit_document
from anxin.instruments.actions import do_record_response
from anxin.rehab import actions, kinds
from anxin.rehab.models import PartnerKind

DRAWN = "data:image/png;base64," + base64.b64encode(BLANK_PNG).decode()

# The stage each demo resident is walked to, in the order the clients are taken; the day
# centre's then the residential centre's.
TARGETS = {
    "CDYG": ("screening", "override", "application", "admission_assessment", "agreement",
             "not_admitted", "intake_assessment", "planning", "intervention", "intervention",
             "intervention", "mid_evaluation", "end_evaluation", "closed", "closed_early"),
    "CDXF": ("screening", "application", "agreement", "intake_assessment", "planning",
             "intervention", "intervention", "intervention", "mid_evaluation",
             "end_evaluation", "closed"),
}
PROFILES = {
    "CDYG": {"day_services": True, "residential_services": False, "beds_male": 0,
             "beds_female": 0, "takes_elderly": True},
    "CDXF": {"day_services": False, "residential_services": True, "beds_male": 12,
             "beds_female": 8},
}
PARTNERS = {
    "CDYG": (("health_centre", "望江路街道社区卫生服务中心", "point_to_point", "王丽"),
             ("psychiatric_hospital", "成都市第四人民医院", "point_to_point", "刘建")),
    "CDXF": (("health_centre", "春熙路街道社区卫生服务中心", "point_to_point", "陈芳"),
             ("psychiatric_hospital", "四川大学华西医院心理卫生中心", "commissioned", "杨帆")),
}
ENQUIRIES = (
    ("walk_in", "family", "张女士（母亲）", ["rehabilitation", "policy"], "application"),
    ("phone", "client", "", ["employment"], "information"),
    ("online", "referring_body", "", ["treatment"], "referral"),
    ("phone", "guardian", "李先生（监护人）", ["rehabilitation"], "appointment"),
)
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
                       "AimOjQAAAABJRU5ErkJggg==")


def _copy(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, "image/png")


def _staff(organization, role: str) -> list[User]:
    return list(User.objects.filter(_membership__organization=organization, _membership__role=role,
                                    _membership__is_active=True).order_by("username"))


def load_rehab(organization: Organization) -> int:
    """The centre's demo; nothing if it is not a demo centre or has cases already."""
    targets = TARGETS.get(organization.code)
    if not targets or Case.objects.filter(organization=organization).exists():
        return 0
    admin = _staff(organization, "org_admin")[0]
    workers = _staff(organization, "worker")
    supervisor = _staff(organization, "supervisor")[0]
    actions.do_update_centre_profile(organization, acting_user=admin,
                                     **PROFILES[organization.code])
    for kind, name, arrangement, contact in PARTNERS[organization.code]:
        actions.do_add_medical_partner(
            organization, acting_user=admin, kind=PartnerKind(kind), name=name,
            arrangement=arrangement, contact_person=contact,
            since=timezone.localdate() - datetime.timedelta(days=400))
    now = timezone.now()
    for n, (channel, asker, name, topics, outcome) in enumerate(ENQUIRIES):
        actions.do_record_enquiry(
            organization, acting_user=workers[n % len(workers)],
            received_at=now - datetime.timedelta(days=3 * n + 1, hours=n), channel=channel,
            asker=asker, asker_name=name, topics=topics, outcome=outcome,
            referring_body="望江路街道办事处" if asker == "referring_body" else "",
            referred_to="成都市第四人民医院门诊" if outcome == "referral" else "",
            appointment_at=now + datetime.timedelta(days=2) if outcome == "appointment"
            else None)
    candidates = [c for c in Client.objects.filter(organization=organization)
                  .prefetch_related("diagnoses").order_by("id")
                  if any(d.code in SEVERE_CODES for d in c.diagnoses.all())
                  and 15 <= actions_age(c) <= 60]
    opened = 0
    for client, target in zip(candidates, targets, strict=False):
        # The worker who registered the client follows them (the visibility rule).
        worker = next((w for w in workers if w.pk == client.registered_by_id), workers[0])
        _Walk(client, worker, supervisor).to(target)
        opened += 1
    return opened


def actions_age(client) -> int:
    from anxin.rehab.eligibility import age_on

    return age_on(client.birth_date, timezone.localdate())


class _Walk:
    def __init__(self, client, worker, supervisor):
        self.client, self.worker, self.supervisor = client, worker, supervisor
        self.risk = do_record_response(client, instrument_code="risk_level",
                                       answers={"level": 0 if client.pk % 2 else 1},
                                       acting_user=worker)
        self.case = case_actions.do_open_case(
            client, acting_user=worker, worker=worker, supervisor=supervisor,
            source="sought_help", application_date=timezone.localdate())

    def fill(self, code, data, *, uploads=None, signatures=None, approve=False, submit=True):
        document = do_save_document(self.case, code, data, acting_user=self.worker,
                                    uploads=uploads, signatures=signatures)
        if submit:
            document = do_submit_document(document, acting_user=self.worker)
        if approve:
            do_review_document(document, acting_user=self.supervisor, decision="approved")
        return document

    def move(self, action, reason=""):
        self.case = case_actions.do_transition(self.case, action, acting_user=self.worker,
                                               reason=reason)

    def sign(self):
        return {"applicant_signature": (DRAWN, "drawn", self.client.name)}

    def screening(self, **changes):
        self.fill(kinds.SCREENING, {
            "source": "referred", "referrer": "社区精防医生", "national_system": True,
            "wishes_rehabilitation": True, "stable": True, "voluntary_medication": True,
            "self_caring": True, "family_cooperates": True, "infectious_disease": False,
            "severe_physical_disease": False, **changes})

    def to(self, target: str) -> None:  # noqa: C901 - one step per stage, in pathway order
        today = timezone.localdate()
        self.fill(kinds.NEEDS_SURVEY, {
            "informant": "family", "needs": ["self_care", "social_adaptation", "employment"],
            "service_form": "day", "expectations": "希望恢复规律作息，将来能工作"})
        if target == "screening":
            return
        if target == "not_admitted":
            self.screening(severe_physical_disease=True, medical_referral="已转诊至综合医院")
            self.move("not_admit", reason="患有严重躯体疾病，已建议先至医院治疗")
            return
        if target == "override":
            self.screening(family_cooperates=False)
            actions.do_override_eligibility(self.case, acting_user=self.supervisor,
                                            reason="家属工作繁忙，由关爱帮扶团队协助接送，先试行一个月")
        else:
            self.screening()
        self.move("screen_in")
        if target in ("override", "application"):
            return
        self.fill(kinds.APPLICATION, {
            "applicant": "client", "has_guardian": False, "service_form": "day",
            "reason": "出院后在家无所事事，希望参加康复训练"},
            uploads={"id_card_copy": _copy("id.png"), "diagnosis_proof": _copy("dx.png")},
            signatures=self.sign())
        self.move("accept_application")
        if target == "admission_assessment":
            return
        self.fill(kinds.ADMISSION_ASSESSMENT, {
            "papers_verified": True, "risk_response": self.risk.pk,
            "risk_opinion": "近三个月无危险行为，病情稳定，可以入住", "conclusion": "admit",
            "assessor": self.worker.pk})
        self.move("approve_admission")
        if target == "agreement":
            return
        self.fill(kinds.AGREEMENT, {
            "service_form": "day", "starts_on": today.isoformat(),
            "centre_duties": "按康复计划提供康复训练、个案管理和家属支持",
            "client_duties": "遵守机构规章，按时参加训练，按医嘱服药", "insurance": True,
            "signer": "client"},
            signatures={"client_signature": (DRAWN, "drawn", self.client.name)})
        self.exchange("admission")
        self.move("complete_admission")
        if target == "intake_assessment":
            return
        self.fill(kinds.INTAKE_ASSESSMENT, {
            "basic_information": "与父母同住，初中文化", "health_check": "体检未见异常",
            "physical_illness": False, "fit_for_training": True,
            "social_environment": "社区支持较少，邻里关系一般",
            "needs_and_motivation": "想学会做饭和乘坐公交",
            "target_problems": "社交退缩，作息不规律",
            "roles_explained": True, **self.measures(sdss=7, zbi=42), "self_care": "basic",
            "social_relations": "poor"})
        self.move("complete_intake_assessment")
        plan = {
            "wishes": "学会独立生活，将来辅助就业",
            "goals": [{"term": "short", "priority": 1, "goal": "每周参加三次康复训练",
                       "measure": "每周训练记录"},
                      {"term": "medium", "priority": 2, "goal": "独立乘坐公交往返",
                       "measure": "社工观察记录"},
                      {"term": "long", "priority": 3, "goal": "进入辅助就业岗位",
                       "measure": "就业协议"}],
            "methods": ["case_management", "group"],
            "programmes": ["self_care", "social_adaptation", "vocational"]}
        signatures = {"client_signature": (DRAWN, "drawn", self.client.name)}
        if target == "planning":
            self.fill(kinds.PLAN, plan, signatures=signatures)  # awaits the supervisor
            return
        self.fill(kinds.PLAN, plan, signatures=signatures, approve=True)
        self.move("start_rehabilitation")
        if target == "intervention":
            return
        self.move("start_mid_evaluation")
        self.evaluation("mid", sdss=5, zbi=36)
        if target == "mid_evaluation":
            return
        self.move("resume_rehabilitation")
        if target == "closed_early":
            self.exchange("exit")
            self.exit("asked_to_leave")
            self.move("leave_early")
            return
        self.move("start_end_evaluation")
        if target == "end_evaluation":
            return
        self.evaluation("end", sdss=3, zbi=28)
        self.exit("goals_met")
        self.exchange("exit")
        self.move("close")

    def exchange(self, occasion):
        self.fill(kinds.EXCHANGE, {
            "occasion": occasion, "grid_worker": "社区网格员 李明",
            "mental_health_staff": "社区卫生服务中心精防医生 王丽",
            "content": [occasion, "condition", "risk"],
            "informed_on": timezone.localdate().isoformat(), "method": "paper"})

    def measures(self, *, sdss: int, zbi: int) -> dict:
        """An SDSS and a ZBI-22 response with these totals (REH-5.2.5), for a form's fields."""
        def spread(total, items, top):
            answers = {}
            for n in range(1, items + 1):
                answers[f"item_{n}"] = min(top, total)
                total -= answers[f"item_{n}"]
            return answers

        sdss_response = do_record_response(self.client, instrument_code="sdss",
                                           answers=spread(sdss, 10, 2), acting_user=self.worker,
                                           case=self.case)
        zbi_response = do_record_response(self.client, instrument_code="zbi22",
                                          answers=spread(zbi, 22, 4), acting_user=self.worker,
                                          case=self.case)
        return {"sdss_response": sdss_response.pk, "zbi_response": zbi_response.pk}

    def evaluation(self, phase, *, sdss, zbi):
        self.fill(kinds.EVALUATION, {
            "phase": phase, "evaluated_on": timezone.localdate().isoformat(),
            "symptom_management": "good", "course": "stable", **self.measures(sdss=sdss, zbi=zbi),
            "family_mood": "fair", "social_relations": "fair",
            "self_care": "independent" if phase == "end" else "basic", "satisfaction": 5,
            "goals_achieved": "met" if phase == "end" else "partly",
            "plan_execution": "按计划参加生活技能与职业技能训练", "evaluator": self.worker.pk})

    def exit(self, reason):
        self.fill(kinds.EXIT, {
            "applicant": "client", "reason": reason, "destination": "home",
            "summary": "按计划完成康复训练，作息规律，能独立乘坐公交",
            "closing_steps": ["prepared", "consolidated", "relationship_ended", "summarised"],
            "follow_up_method": "phone",
            "follow_up_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "worker_opinion": "同意出机构，转社区居家康复"},
            signatures=self.sign(), approve=True)


# --- The rest of a centre's records: medication, training, daily services, employment, health
# events, and the street's registered roster (REH-4.6.2, 4.7.3.1, 5.5, 5.5.2.5, 6.4.3–6.4.6).

DRUGS = (("利培酮片", "2 mg", ("08:00", "20:00")), ("奥氮平片", "10 mg", ("21:00",)),
         ("丙戊酸钠缓释片", "500 mg", ("08:00", "20:00")), ("阿立哌唑片", "10 mg", ("08:00",)))


def load_rehab_records(organization: Organization) -> None:
    """Once per centre: nothing if it has any prescription already."""
    from anxin.medication.models import Prescription

    if organization.code not in TARGETS or \
            Prescription.objects.filter(organization=organization).exists():
        return
    from anxin.cases.workflow.pathways import get_pathway

    residents = list(Case.objects.filter(organization=organization, pathway="reh",
                                         stage__in=get_pathway("reh").open_stages)
                     .select_related("client", "worker").order_by("id"))
    if not residents:
        return
    residential = organization.kind == "rehab_residential"
    _medication(residents, residential)
    _training(residents)
    if residential:
        _daily_services(residents)
    else:
        _employment(organization, residents)
        _roster(organization)


def _medication(residents, residential: bool) -> None:
    from anxin.medication import actions as medication

    now = timezone.localtime()
    for n, case in enumerate(residents):
        drug, dose, times = DRUGS[n % len(DRUGS)]
        prescription = medication.do_add_prescription(
            case.client, acting_user=case.worker, drug=drug, dose=dose, times=times,
            started_on=timezone.localdate() - datetime.timedelta(days=60),
            prescriber="刘建", prescriber_hospital="成都市第四人民医院")
        if not residential:
            continue
        # A week of the day sheet: one refusal and one missed dose among them.
        for days in range(7, 0, -1):
            day = (now - datetime.timedelta(days=days)).date()
            for time in times:
                hour, minute = (int(part) for part in time.split(":"))
                at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour,
                                                                                     minute)))
                outcome, note = "given", ""
                if n == 0 and days == 3 and time == times[0]:
                    outcome, note = "refused", "诉头晕，拒绝服药，已告知医生"
                elif n == 1 and days == 5:
                    outcome, note = "missed", "外出复诊未按时返回"
                medication.do_record_administration(prescription, acting_user=case.worker,
                                                    scheduled_for=at, outcome=outcome,
                                                    note=note)


def _training(residents) -> None:
    """This week's one-to-one sessions for most residents; the last one has none, so the weekly
    participation page shows who is missing (REH-6.4.3.4)."""
    from anxin.programmes import actions as programmes
    from anxin.rehab.kinds import PROGRAMMES

    now = timezone.localtime()
    monday = now.date() - datetime.timedelta(days=now.weekday())
    for n, case in enumerate(residents[:-1]):
        day = max(monday, now.date() - datetime.timedelta(days=1))
        started = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
        if started > now:
            started = now - datetime.timedelta(hours=2)
        programmes.do_record_training_session(
            case, acting_user=case.worker, programme=PROGRAMMES[n % 4].code,
            delivery="one_to_one", started_at=started, minutes=50, lead=case.worker,
            lead_sex=case.client.sex, note="练习整理房间和做简单早餐")


def _daily_services(residents) -> None:
    from anxin.programmes import actions as programmes

    worker = residents[0].worker
    today = timezone.localdate()
    for kind, note in (("accommodation", "夜间查房两次，无异常"), ("meals", "三餐按时供应"),
                       ("hygiene", "协助整理床铺与个人卫生"), ("recreation", "晚间观看电影")):
        programmes.do_record_daily_service(acting_user=worker, date=today, kind=kind, note=note)
    programmes.do_record_daily_service(acting_user=worker, date=today, kind="psychological",
                                       case=residents[0], note="情绪低落，个别谈话30分钟")


def _employment(organization, residents) -> None:
    from anxin.documents.actions import do_save_document, do_submit_document
    from anxin.outcomes import actions as outcomes
    from anxin.outcomes.kinds import EMPLOYMENT_AGREEMENT

    started = timezone.localdate() - datetime.timedelta(days=45)
    for case, workplace in zip(residents[-3:-1], ("阳光会所手工坊", "会所咖啡角"),
                               strict=False):
        agreement = do_save_document(case, EMPLOYMENT_AGREEMENT, {
            "placement_kind": "assisted", "workplace": workplace, "job": "串珠手工",
            "working_hours": "周一至周五 9:00–11:30", "hours_per_week": "12.5",
            "labour_intensity": "light", "safety_protection": "坐姿作业，每小时休息10分钟",
            "matched_to_capacity": "yes", "pay": "按件计酬，每月约300元",
            "starts_on": started.isoformat(), "signer": "client",
            "signed_on": started.isoformat()}, acting_user=case.worker,
            signatures={"client_signature": (DRAWN, "drawn", case.client.name)})
        agreement = do_submit_document(agreement, acting_user=case.worker)
        outcomes.do_add_placement(case.client, acting_user=case.worker, kind="assisted",
                                  workplace=workplace, job="串珠手工", hours_per_week=12,
                                  started_on=started, agreement=agreement)
    first = residents[0]
    outcomes.do_record_relapse_admission(
        first.client, acting_user=first.worker,
        admitted_on=timezone.localdate() - datetime.timedelta(days=200),
        discharged_on=timezone.localdate() - datetime.timedelta(days=170),
        hospital="成都市第四人民医院", note="自行停药后幻听加重")
    outcomes.do_record_disability_assessment(
        first.client, acting_user=first.worker,
        assessed_on=timezone.localdate() - datetime.timedelta(days=120), grade=3,
        assessing_body="武侯区残疾人联合会")


def _roster(organization) -> None:
    """This month's registered roster of the centre's street: its residents and others."""
    import io

    from openpyxl import Workbook

    from anxin.accounts.models import Region
    from anxin.clients import identity
    from anxin.roster.actions import do_import_roster

    street = Region.objects.get(code="510107002")
    admin = _staff(organization, "org_admin")[0]
    sheet_book = Workbook()
    sheet = sheet_book.active
    sheet.append(["姓名", "身份证号", "是否纳入网格管理", "诊断"])
    for client in Client.objects.filter(organization=organization).order_by("id")[:10]:
        sheet.append([client.name, client.id_number, "是", "精神分裂症"])
    for n, name in enumerate(("陈国华", "王秀珍", "刘德明", "赵雪梅")):
        born = datetime.date(1975 + n * 4, 3 + n, 10 + n)
        sheet.append([name, identity.compose("510107", born, 700 + n),
                      "否" if n == 3 else "是", ""])
    buffer = io.BytesIO()
    sheet_book.save(buffer)
    upload = SimpleUploadedFile("望江路街道在册名单.xlsx", buffer.getvalue(),
                                "application/vnd.openxmlformats-officedocument.spreadsheetml"
                                ".sheet")
    do_import_roster(organization, street=street, month=timezone.localdate().replace(day=1),
                     file=upload, acting_user=admin)
