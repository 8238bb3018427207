"""A day centre (阳光康复会所) and a residential centre of 成都武侯, each with a worker, a
supervisor, an administrator, a quality officer and an archivist; a resident-to-be, 张伟, with
schizophrenia on record and a risk assessment of level 1; and the community station of the
personas as "another organisation". `Admission` fills the pathway's documents one by one."""

import base64
import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from anxin.accounts.choices import OrganizationKind, Role
from anxin.accounts.models import Organization, Region, Team
from anxin.cases import actions as case_actions
from anxin.cases.scenarios import BLANK_PNG
from anxin.clients.actions import do_add_diagnosis
from anxin.documents.actions import do_review_document, do_save_document, do_submit_document
from anxin.instruments.actions import do_record_response
from anxin.rehab import kinds
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client, make_user

TODAY = timezone.localdate
DRAWN = "data:image/png;base64," + base64.b64encode(BLANK_PNG).decode()
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
                       "AimOjQAAAABJRU5ErkJggg==")


def photo(name="copy.png"):
    return SimpleUploadedFile(name, PNG, "image/png")


def born_years_ago(years: int, *, days: int = 0) -> datetime.date:
    """A birth date making someone `years` old today (their birthday `days` ago)."""
    today = TODAY()
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        birthday = today.replace(year=today.year - years, day=28)
    return birthday - datetime.timedelta(days=days)


def make_centre(kind: str, code: str, name: str) -> Organization:
    region = Region.objects.get
    return Organization.objects.create(
        name=name, code=code, kind=kind, province=region(code="510000"),
        city=region(code="510100"), district=region(code="510107"))


def build_centre(on) -> None:
    """The centres, their people and 张伟 with his diagnosis and risk level, set on `on`."""
    on.centre = make_centre(OrganizationKind.REHAB_DAY, "CDYG", "成都市武侯区阳光康复会所")
    on.home = make_centre(OrganizationKind.REHAB_RESIDENTIAL, "CDXF", "成都市武侯区心福过渡期宿舍")
    team = Team.objects.create(organization=on.centre, name="康复组")
    on.supervisor = make_user("yg_sup", "何静", role=Role.SUPERVISOR, organization=on.centre,
                              team=team)
    team.supervisor = on.supervisor
    team.save()
    on.worker = make_user("yg_worker", "罗晓", role=Role.WORKER, organization=on.centre,
                          team=team)
    on.admin = make_user("yg_admin", "唐红", role=Role.ORG_ADMIN, organization=on.centre)
    on.quality = make_user("yg_quality", "冯亮", role=Role.QUALITY_OFFICER,
                           organization=on.centre)
    on.archivist = make_user("yg_archivist", "邓敏", role=Role.ARCHIVIST, organization=on.centre)
    on.home_worker = make_user("xf_worker", "郭磊", role=Role.WORKER, organization=on.home)
    on.resident = make_client(on.centre, on.worker, name="张伟", sequence=41,
                              birth_date=born_years_ago(35))
    do_add_diagnosis(on.resident, acting_user=on.worker, code="F20")
    on.risk = do_record_response(on.resident, instrument_code="risk_level",
                                 answers={"level": 1}, acting_user=on.worker)


class CentreTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_centre(cls)

    def open_case(self, client=None):
        return case_actions.do_open_case(
            client or self.resident, acting_user=self.worker, worker=self.worker,
            supervisor=self.supervisor, source="sought_help", application_date=TODAY())

    def refusal(self, call, *, language: str = "zh-hans") -> dict[str, list[str]]:
        with translation.override(language), self.assertRaises(ValidationError) as caught:
            call()
        return caught.exception.message_dict


SCREENING_OK = {
    "source": "self", "national_system": True, "wishes_rehabilitation": True, "stable": True,
    "voluntary_medication": True, "self_caring": True, "family_cooperates": True,
    "infectious_disease": False, "severe_physical_disease": False,
}


def spread(total: int, items: int, top: int) -> dict:
    """Answers of `items` items scored 0–`top` adding up to `total` (the highest first)."""
    answers = {}
    for n in range(1, items + 1):
        answers[f"item_{n}"] = min(top, total)
        total -= answers[f"item_{n}"]
    return answers


def measures(client, worker, *, sdss: int, zbi: int) -> dict:
    """An SDSS and a ZBI-22 response of `client` with these totals, as the document's fields."""
    sdss_response = do_record_response(client, instrument_code="sdss",
                                       answers=spread(sdss, 10, 2), acting_user=worker)
    zbi_response = do_record_response(client, instrument_code="zbi22",
                                      answers=spread(zbi, 22, 4), acting_user=worker)
    return {"sdss_response": sdss_response.pk, "zbi_response": zbi_response.pk}


class Admission:
    """The documents of one case's pathway, each saved and finished the way a worker and a
    supervisor would through the pages."""

    def __init__(self, case, worker, supervisor):
        self.case, self.worker, self.supervisor = case, worker, supervisor

    def fill(self, code, data, *, uploads=None, signatures=None, submit=True, approve=False):
        document = do_save_document(self.case, code, data, acting_user=self.worker,
                                    uploads=uploads, signatures=signatures)
        if submit:
            document = do_submit_document(document, acting_user=self.worker)
        if approve:
            do_review_document(document, acting_user=self.supervisor, decision="approved")
            document.refresh_from_db()
        return document

    def move(self, action, reason=""):
        self.case = case_actions.do_transition(self.case, action, acting_user=self.worker,
                                               reason=reason)
        return self.case

    def screening(self, **changes):
        return self.fill(kinds.SCREENING, {**SCREENING_OK, **changes})

    def application(self):
        return self.fill(kinds.APPLICATION, {
            "applicant": "client", "has_guardian": False, "service_form": "day",
            "reason": "希望参加日间康复训练"},
            uploads={"id_card_copy": photo("id.png"), "diagnosis_proof": photo("dx.png")},
            signatures={"applicant_signature": (DRAWN, "drawn", "张伟")})

    def admission_assessment(self, risk, conclusion="admit"):
        return self.fill(kinds.ADMISSION_ASSESSMENT, {
            "papers_verified": True, "risk_response": risk.pk,
            "risk_opinion": "近三个月无危险行为，危险性1级", "conclusion": conclusion,
            "assessor": self.worker.pk})

    def agreement(self):
        return self.fill(kinds.AGREEMENT, {
            "service_form": "day", "starts_on": TODAY().isoformat(),
            "centre_duties": "提供日间康复训练", "client_duties": "按时参加训练，遵守规章",
            "insurance": True, "signer": "client"},
            signatures={"client_signature": (DRAWN, "drawn", "张伟")})

    def exchange(self, occasion):
        return self.fill(kinds.EXCHANGE, {
            "occasion": occasion, "grid_worker": "浆洗街网格员 李明",
            "mental_health_staff": "浆洗街社区卫生服务中心 精防医生 王丽",
            "content": [occasion, "risk"], "informed_on": TODAY().isoformat(),
            "method": "paper"})

    def intake_assessment(self, sdss=6, zbi=38):
        return self.fill(kinds.INTAKE_ASSESSMENT, {
            "basic_information": "35岁，未婚，与母亲同住", "health_check": "血压正常",
            "physical_illness": False, "fit_for_training": True,
            "social_environment": "社区支持较少", "needs_and_motivation": "想学做饭，找工作",
            "target_problems": "社交退缩", "roles_explained": True,
            **measures(self.case.client, self.worker, sdss=sdss, zbi=zbi),
            "self_care": "basic", "social_relations": "poor"})

    def plan(self):
        return self.fill(kinds.PLAN, {
            "wishes": "学会独立做饭，半年内辅助就业",
            "goals": [{"term": "short", "priority": 1, "goal": "每周参加三次训练",
                       "measure": "出勤记录"},
                      {"term": "long", "priority": 2, "goal": "辅助就业", "measure": "就业协议"}],
            "methods": ["case_management", "group"],
            "programmes": ["self_care", "vocational"]},
            signatures={"client_signature": (DRAWN, "drawn", "张伟")}, approve=True)

    def evaluation(self, phase, sdss=4, zbi=30):
        return self.fill(kinds.EVALUATION, {
            "phase": phase, "evaluated_on": TODAY().isoformat(), "symptom_management": "good",
            "course": "stable", "family_mood": "fair",
            **measures(self.case.client, self.worker, sdss=sdss, zbi=zbi),
            "social_relations": "fair", "self_care": "independent", "satisfaction": 5,
            "goals_achieved": "partly", "plan_execution": "按计划参加训练",
            "evaluator": self.worker.pk})

    def exit(self, reason="goals_met"):
        return self.fill(kinds.EXIT, {
            "applicant": "client", "reason": reason, "destination": "home",
            "summary": "完成康复计划", "closing_steps": ["prepared", "consolidated",
                                                     "relationship_ended", "summarised"],
            "follow_up_method": "phone",
            "follow_up_on": (TODAY() + datetime.timedelta(days=30)).isoformat(),
            "worker_opinion": "同意出机构"},
            signatures={"applicant_signature": (DRAWN, "drawn", "张伟")}, approve=True)

    def admit(self, risk):
        """From screening to the intake assessment."""
        self.screening()
        self.move("screen_in")
        self.application()
        self.move("accept_application")
        self.admission_assessment(risk)
        self.move("approve_admission")
        self.agreement()
        self.exchange("admission")
        return self.move("complete_admission")
