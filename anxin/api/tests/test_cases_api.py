import base64
import datetime
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from anxin.audit.models import AuditEvent
from anxin.cases import actions, facts, scenarios
from anxin.cases.models import Case, FollowUp, Referral, StageChange
from anxin.cases.workflow import engine
from anxin.cases.workflow.pathways import PATHWAYS
from anxin.core import workdays
from anxin.workspace.testing.cases import PersonaTestCase

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

# persona -> expected status per operation. Operations on case_a (王芳's case, supervised by
# 陈敏) and case_b (赵磊's, org B). "close" is not a move an application can make, so a persona
# allowed to try it gets 409 and nothing changes; "reopen" needs case.approve.
MATRIX = {
    "wang_fang": {"list": 200, "retrieve_a": 200, "close_a": 409, "reopen_a": 403,
                  "retrieve_b": 404},
    "li_qiang": {"list": 200, "retrieve_a": 404, "close_a": 404, "reopen_a": 403,
                 "retrieve_b": 404},
    "chen_min": {"list": 200, "retrieve_a": 200, "close_a": 409, "reopen_a": 409,
                 "retrieve_b": 404},
    "admin_a": {"list": 200, "retrieve_a": 200, "close_a": 403, "reopen_a": 403,
                "retrieve_b": 404},
    "archivist_a": {"list": 200, "retrieve_a": 200, "close_a": 403, "reopen_a": 403,
                    "retrieve_b": 404},
    "quality_a": {"list": 200, "retrieve_a": 200, "close_a": 403, "reopen_a": 403,
                  "retrieve_b": 404},
    "zhao_lei": {"list": 200, "retrieve_a": 404, "close_a": 404, "reopen_a": 403,
                 "retrieve_b": 200},
    # No case capability at all: refused before any lookup, so never a 404.
    "viewer": {"list": 403, "retrieve_a": 403, "close_a": 403, "reopen_a": 403,
               "retrieve_b": 403},
}

# persona -> the cases the list shows them.
LISTED = {
    "wang_fang": {"case_a"}, "li_qiang": {"case_a2"}, "chen_min": {"case_a"},
    "admin_a": {"case_a", "case_a2"}, "archivist_a": {"case_a", "case_a2"},
    "quality_a": {"case_a", "case_a2"}, "zhao_lei": {"case_b"},
}


def open_case(client, worker, *, supervisor=None, application_date=None) -> Case:
    return actions.do_open_case(
        client, acting_user=worker, worker=worker, supervisor=supervisor,
        source="sought_help", application_date=application_date or timezone.localdate())


class CaseApiTestCase(PersonaTestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.case_a = open_case(p.client_a, p.wang_fang, supervisor=p.chen_min)
        cls.case_a2 = open_case(p.client_a2, p.li_qiang)
        cls.case_b = open_case(p.client_b, p.zhao_lei)

    def as_user(self, user) -> None:
        self.client.force_authenticate(user)

    def list_url(self) -> str:
        return reverse("case-list")

    def detail_url(self, case: Case) -> str:
        return reverse("case-detail", args=[case.pk])

    def action_url(self, case: Case, code: str) -> str:
        return reverse(f"case-{code}", args=[case.pk])

    def post_action(self, case: Case, code: str, body: dict | None = None, **headers):
        return self.client.post(self.action_url(case, code), body or {}, format="json",
                                **headers)

    def advance(self, case: Case, stage: str) -> Case:
        return scenarios.advance(case, stage, worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min)

    def refreshed(self, case: Case) -> Case:
        return Case.objects.get(pk=case.pk)


class PermissionTests(CaseApiTestCase):
    def test_it_covers_every_persona_in_the_matrix(self):
        """The matrix names every persona, so a new role cannot slip past these tests."""
        self.assertEqual(set(MATRIX), set(self.p.all_users()))

    def requests(self) -> dict:
        return {
            "list": lambda: self.client.get(self.list_url()),
            "retrieve_a": lambda: self.client.get(self.detail_url(self.case_a)),
            "close_a": lambda: self.post_action(self.case_a, "close"),
            "reopen_a": lambda: self.post_action(self.case_a, "reopen", {"reason": "复查"}),
            "retrieve_b": lambda: self.client.get(self.detail_url(self.case_b)),
        }

    def test_it_answers_every_persona_as_the_permission_matrix_says(self):
        """Capability decides 403 before lookup; visibility decides 404; otherwise it works."""
        for name, user in self.p.all_users().items():
            self.as_user(user)
            for operation, make_request in self.requests().items():
                with self.subTest(persona=name, operation=operation):
                    response = make_request()
                    self.assertEqual(response.status_code, MATRIX[name][operation],
                                     response.content)
                    if response.status_code >= 400:
                        self.assertIn("code", response.json()["error"])
        # Nobody moved the case.
        self.assertEqual(self.refreshed(self.case_a).stage, "application")
        self.assertEqual(StageChange.objects.filter(case=self.case_a).count(), 1)

    def test_it_lists_only_the_cases_each_persona_may_see(self):
        """Worker: own cases; supervisor: the team's; organisation roles: all of org A."""
        cases = {"case_a": self.case_a.pk, "case_a2": self.case_a2.pk, "case_b": self.case_b.pk}
        for name, expected in LISTED.items():
            self.as_user(getattr(self.p, name))
            with self.subTest(persona=name):
                rows = self.client.get(self.list_url()).json()["results"]
                self.assertEqual({row["id"] for row in rows},
                                 {cases[case] for case in expected})

    def test_it_hides_a_colleagues_case_for_reading_and_moving(self):
        """李强 does not work on 王芳's case, nor 陈敏 supervise 李强: both 404."""
        for user, case in ((self.p.li_qiang, self.case_a), (self.p.wang_fang, self.case_a2),
                           (self.p.chen_min, self.case_a2)):
            self.as_user(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.detail_url(case)).status_code, 404)
                response = self.post_action(case, "end", {"reason": "搬家"})
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json()["error"]["code"], "not_found")
        self.assertFalse(AuditEvent.objects.filter(action="case.end").exists())

    def test_it_refuses_anonymous_requests_with_401(self):
        """Without a token or session every endpoint answers 401 not_authenticated."""
        for operation, make_request in self.requests().items():
            with self.subTest(operation=operation):
                response = make_request()
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response.json()["error"]["code"], "not_authenticated")

    def test_it_answers_an_unknown_action_with_404_in_the_error_shape(self):
        """A code no pathway has is not found, like an id that does not exist."""
        self.as_user(self.p.wang_fang)
        for method in ("get", "post"):
            with self.subTest(method=method):
                response = getattr(self.client, method)(
                    f"/api/v1/cases/{self.case_a.pk}/approve_everything/")
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json()["error"]["code"], "not_found")
        self.as_user(self.p.viewer)
        response = self.client.post(f"/api/v1/cases/{self.case_a.pk}/approve_everything/")
        self.assertEqual(response.status_code, 403)

    def test_it_offers_only_post_on_an_action(self):
        """Reading an action's URL is not a move: 405."""
        self.as_user(self.p.wang_fang)
        response = self.client.get(self.action_url(self.case_a, "accept"))
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response.json()["error"]["code"], "method_not_allowed")

    def test_it_describes_an_actions_body_with_options(self):
        """OPTIONS on an action lists the fields its POST takes."""
        self.as_user(self.p.wang_fang)
        response = self.client.options(self.action_url(self.case_a, "record_follow_up"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.json()["actions"]["POST"]),
                         ["reason", "follow_up", "done_on", "mode", "finding",
                          "reopen_recommended"])
        self.as_user(self.p.viewer)
        response = self.client.options(self.action_url(self.case_a, "record_follow_up"))
        self.assertEqual(response.status_code, 403)

    def test_it_does_not_offer_delete(self):
        """A case is never deleted through the API."""
        self.as_user(self.p.admin_a)
        self.assertEqual(self.client.delete(self.detail_url(self.case_a)).status_code, 405)
        self.assertTrue(Case.objects.filter(pk=self.case_a.pk).exists())


class ListTests(CaseApiTestCase):
    def setUp(self):
        self.as_user(self.p.admin_a)

    def listed(self, **params) -> list[int]:
        response = self.client.get(self.list_url(), params)
        self.assertEqual(response.status_code, 200, response.content)
        return sorted(row["id"] for row in response.json()["results"])

    def test_it_shows_a_row_with_client_staff_stage_and_deadline(self):
        """A row names the client, the staff and the stage, and says when the stage is due."""
        response = self.client.get(self.list_url(), {"worker": self.p.wang_fang.pk}, **EN)
        [row] = response.json()["results"]
        case, client = self.case_a, self.p.client_a
        self.assertEqual(row["case_number"], case.case_number)
        self.assertEqual(row["client"], {"id": client.pk, "name": client.name,
                                         "file_number": client.file_number})
        self.assertEqual((row["pathway"], row["stage"], row["stage_label"]),
                         ("cmh", "application", "Application"))
        self.assertEqual(row["worker"], {"id": self.p.wang_fang.pk, "username": "wangfang",
                                         "full_name": "王芳"})
        self.assertEqual(row["supervisor"]["username"], "chenmin")
        self.assertEqual(row["source"], "sought_help")
        self.assertEqual(row["opened_on"], timezone.localdate().isoformat())
        self.assertEqual(row["due_on"], case.due_on.isoformat())
        self.assertEqual(row["deadline_text"], "due in 5 working days")
        self.assertIs(row["is_overdue"], False)
        self.assertEqual(row["episode"], 1)
        self.assertNotIn("allowed_actions", row)
        self.assertNotIn("documents", row)

    def test_it_filters_by_stage_worker_and_overdue(self):
        """stage and worker narrow the list; overdue=true keeps cases past their due date."""
        late = open_case(self.p.client_a, self.p.wang_fang, supervisor=self.p.chen_min,
                         application_date=timezone.localdate() - datetime.timedelta(days=30))
        scenarios.consent(self.case_a2, self.p.li_qiang, today=timezone.localdate())
        scenarios.accept(self.case_a2, self.p.li_qiang)

        self.assertEqual(self.listed(stage="intake"), [self.case_a2.pk])
        self.assertEqual(self.listed(stage="application"), sorted([self.case_a.pk, late.pk]))
        self.assertEqual(self.listed(worker=self.p.wang_fang.pk),
                         sorted([self.case_a.pk, late.pk]))
        self.assertEqual(self.listed(worker=self.p.li_qiang.pk), [self.case_a2.pk])
        self.assertEqual(self.listed(overdue="true"), [late.pk])
        self.assertEqual(self.listed(overdue="false"), sorted([self.case_a.pk, self.case_a2.pk]))
        row = self.client.get(self.list_url(), {"overdue": "true"}, **EN).json()["results"][0]
        self.assertIs(row["is_overdue"], True)
        self.assertTrue(row["deadline_text"].startswith("overdue by "), row["deadline_text"])

    def test_it_counts_a_case_late_on_the_day_off_after_its_due_date(self):
        """Due on 30 September 2026, the case is late on 1 October (National Day), although no
        working day has passed: the flag, the text and the filter agree."""
        due = datetime.date(2026, 9, 30)
        start = next(day for day in (due - datetime.timedelta(days=n) for n in range(1, 15))
                     if workdays.add_working_days(day, 5) == due)
        late = open_case(self.p.client_a, self.p.wang_fang, application_date=start)
        self.assertEqual(late.due_on, due)
        with mock.patch("django.utils.timezone.localdate",
                        return_value=datetime.date(2026, 10, 1)):
            response = self.client.get(self.list_url(), {"overdue": "true"}, **EN)
        [row] = response.json()["results"]
        self.assertEqual(row["id"], late.pk)
        self.assertIs(row["is_overdue"], True)
        self.assertTrue(row["deadline_text"].startswith("overdue by "), row["deadline_text"])

    def test_it_rejects_an_unknown_stage(self):
        """A stage no pathway has is a 400 on that parameter, not an empty list."""
        response = self.client.get(self.list_url(), {"stage": "limbo"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("stage", response.json()["error"]["fields"])

    def test_it_lists_without_auditing_each_case(self):
        """The list shows no documents, so it is not a reading of each file."""
        self.listed()
        self.assertFalse(AuditEvent.objects.filter(action="case.viewed").exists())

    def test_it_uses_the_same_number_of_queries_for_3_and_20_cases(self):
        """Client and staff are joined; no workflow evaluation per row."""
        self.as_user(self.p.chen_min)  # the supervisor's visibility rule is the widest query

        def count_queries(expected_rows: int) -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.list_url(), {"page_size": 100})
            self.assertEqual(len(response.json()["results"]), expected_rows)
            return len(queries)

        for _ in range(2):
            open_case(self.p.client_a, self.p.wang_fang, supervisor=self.p.chen_min)
        with_three = count_queries(3)
        for _ in range(17):
            open_case(self.p.client_a, self.p.wang_fang, supervisor=self.p.chen_min)
        self.assertEqual(count_queries(20), with_three)


class DetailTests(CaseApiTestCase):
    def setUp(self):
        self.as_user(self.p.wang_fang)

    def detail(self, case: Case, **headers) -> dict:
        response = self.client.get(self.detail_url(case), **headers)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_it_records_an_api_reading_of_a_case(self):
        """Opening a case is opening the client's file: case.viewed with channel api."""
        self.detail(self.case_a)
        event = self.assert_audited("case.viewed", actor=self.p.wang_fang, target=self.case_a,
                                    client=self.p.client_a)
        self.assertEqual(event.data, {"channel": "api"})

    def test_it_shows_the_stage_deadline(self):
        """CMH-6.1: an application is due within 5 working days of its date."""
        body = self.detail(self.case_a, **EN)
        self.assertEqual(body["deadline"], {
            "due_on": self.case_a.due_on.isoformat(), "working_days_left": 5,
            "clause": "CMH-6.1", "text": "due in 5 working days", "problem": ""})
        self.assertEqual(body["milestones"],
                         {"application.received": timezone.localdate().isoformat()})

    def test_it_lists_the_actions_of_an_application_and_what_each_needs(self):
        """The table's actions leaving `application`, with their missing requirements."""
        body = self.detail(self.case_a)
        actions_ = {a["code"]: a for a in body["allowed_actions"]}
        self.assertEqual(list(actions_),
                         ["accept", "accept_simple", "decline", "refer_out"])
        self.assertEqual({code: [m["code"] for m in a["missing"]] for code, a in actions_.items()},
                         {"accept": ["application.accepted"],
                          "accept_simple": ["application.accepted_simple", "consent.signed"],
                          "decline": ["application.not_accepted"],
                          "refer_out": ["referral.consent_recorded"]})
        self.assertFalse(any(a["allowed"] for a in actions_.values()))
        self.assertEqual(actions_["decline"]["missing"][0]["clause"], "CMH-B")
        self.assertIs(actions_["decline"]["needs_reason"], True)
        self.assertEqual(actions_["accept"]["to_stage"], "intake")
        self.assertEqual((actions_["accept"]["capability"], actions_["accept"]["has_capability"]),
                         ("case.transition", True))

    def test_it_evaluates_actions_as_the_engine_does_at_every_stage(self):
        """allowed_actions is engine.evaluate on the case's facts, stage after stage."""
        table = PATHWAYS["cmh"]
        case = self.case_a
        for stage in scenarios.HAPPY_PATH:
            case = self.advance(case, stage)
            expected = [(c.transition.code, c.allowed, [r.code for r in c.missing])
                        for c in engine.evaluate(table, case.stage, facts.satisfied(case))]
            got = [(a["code"], a["allowed"], [m["code"] for m in a["missing"]])
                   for a in self.detail(case)["allowed_actions"]]
            with self.subTest(stage=stage):
                self.assertEqual(got, expected)
                self.assertTrue(got)

    def test_it_shows_no_actions_on_a_case_whose_episode_is_over(self):
        """An ended case leaves no stage: an empty list."""
        case = actions.do_transition(self.advance(self.case_a, "intake"), "end",
                                     acting_user=self.p.wang_fang, reason="服务对象搬离")
        body = self.detail(case)
        self.assertEqual((body["stage"], body["is_terminal"], body["allowed_actions"]),
                         ("ended", True, []))

    def test_it_says_whether_the_user_may_take_each_action(self):
        """On a closed case 王芳 may record a follow-up but not reopen; 陈敏 may do both."""
        case = self.advance(self.case_a, "closed")
        for user, may_reopen in ((self.p.wang_fang, False), (self.p.chen_min, True)):
            self.as_user(user)
            actions_ = {a["code"]: a for a in self.detail(case)["allowed_actions"]}
            with self.subTest(user=user.username):
                self.assertEqual(actions_["reopen"]["capability"], "case.approve")
                self.assertIs(actions_["reopen"]["has_capability"], may_reopen)
                self.assertIs(actions_["record_follow_up"]["has_capability"], True)

    def test_it_shows_the_timeline_and_every_document_but_no_signature_image(self):
        """Forms A–G, plan rows, reviews and follow-ups; signatures only as booleans."""
        case = self.advance(self.case_a, "closed")
        response = self.client.get(self.detail_url(case), **EN)
        body = response.json()
        self.assertEqual([(t["action"], t["from_stage"], t["to_stage"]) for t in body["timeline"]],
                         [("open", "", "application"), ("accept", "application", "intake"),
                          ("complete_intake", "intake", "assessment"),
                          ("complete_assessment", "assessment", "planning"),
                          ("start_intervention", "planning", "intervention"),
                          ("start_evaluation", "intervention", "evaluation"),
                          ("close", "evaluation", "closed")])
        first, last = body["timeline"][0], body["timeline"][-1]
        self.assertEqual((first["action_label"], first["to_stage_label"]),
                         ("Case opened", "Application"))
        self.assertEqual((last["action_label"], last["actor"]["username"]),
                         ("Close the case", "wangfang"))

        documents = body["documents"]
        [consent] = documents["consents"]
        self.assertIs(consent["has_client_signature"], True)
        self.assertEqual(consent["worker_signed_by"]["username"], "wangfang")
        self.assertEqual(documents["application"]["decision"], "accepted")
        self.assertEqual(documents["application"]["decided_by"]["username"], "wangfang")
        [assessment] = documents["assessments"]
        self.assertEqual((assessment["risk_level"], assessment["disease_type"]), (1, "精神分裂症"))
        [plan] = documents["plans"]
        self.assertEqual((plan["status"], plan["has_client_signature"]), ("approved", True))
        self.assertEqual([row["strategy"] for row in plan["rows"]], ["疾病管理", "家庭关系协调"])
        self.assertEqual([(r["decision"], r["reviewer"]["username"]) for r in plan["reviews"]],
                         [("approved", "chenmin")])
        self.assertEqual(len(documents["service_records"]), 1)
        self.assertEqual(documents["service_records"][0]["session_number"], 1)
        self.assertEqual(documents["evaluations"][0]["satisfaction"], 5)
        [closure] = documents["closures"]
        self.assertEqual((closure["status"], closure["approved_by"]["username"]),
                         ("approved", "chenmin"))
        self.assertEqual(len(closure["reviews"]), 1)
        self.assertEqual([f["done_on"] for f in documents["follow_ups"]], [None, None])
        self.assertEqual(documents["referrals"], [])

        content = response.content.decode()
        self.assertNotIn(base64.b64encode(scenarios.BLANK_PNG).decode()[:16], content)
        self.assertNotIn('"client_signature"', content)


class TransitionTests(CaseApiTestCase):
    def setUp(self):
        self.as_user(self.p.wang_fang)

    def at_intake(self) -> Case:
        return self.advance(self.case_a, "intake")

    def test_it_moves_the_case_and_writes_the_timeline_and_audit(self):
        """complete_intake: 200 with the case as it now stands, a StageChange, case.<action>."""
        case = self.at_intake()
        response = self.post_action(case, "complete_intake")
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["stage"], "assessment")
        self.assertEqual(body["timeline"][-1]["action"], "complete_intake")
        self.assertEqual([a["code"] for a in body["allowed_actions"]][0], "complete_assessment")
        change = StageChange.objects.filter(case=case).last()
        self.assertEqual((change.action, change.from_stage, change.to_stage, change.actor),
                         ("complete_intake", "intake", "assessment", self.p.wang_fang))
        event = self.assert_audited("case.complete_intake", actor=self.p.wang_fang,
                                    target=case, client=self.p.client_a)
        self.assertEqual((event.data["from"], event.data["to"]), ("intake", "assessment"))
        # CMH-6.2: the assessment's 15 working days count from the end of intake.
        self.assertEqual(self.refreshed(case).milestones["intake.completed"],
                         timezone.localdate().isoformat())

    def test_it_refuses_a_premature_move_naming_what_is_missing_and_changes_nothing(self):
        """complete_assessment with no assessment form: 409 transition_refused."""
        case = self.advance(self.case_a, "assessment")
        changes = StageChange.objects.filter(case=case).count()
        response = self.post_action(case, "complete_assessment", **EN)
        self.assertEqual(response.status_code, 409, response.content)
        error = response.json()["error"]
        self.assertEqual(error["code"], "transition_refused")
        self.assertEqual(error["message"],
                         "Cannot 'Complete assessment' yet. Missing: the risk level on the "
                         "assessment form; the completed assessment form.")
        self.assertEqual(error["missing"], [
            {"code": "assessment.risk_level_recorded",
             "description": "the risk level on the assessment form", "clause": "CMH-6.2"},
            {"code": "assessment.complete", "description": "the completed assessment form",
             "clause": "CMH-6.2"}])
        self.assertEqual(self.refreshed(case).stage, "assessment")
        self.assertEqual(StageChange.objects.filter(case=case).count(), changes)
        self.assert_not_audited("case.complete_assessment")

    def test_it_refuses_in_chinese_when_asked(self):
        """The refusal is the engine's message, in the request's language."""
        case = self.advance(self.case_a, "assessment")
        response = self.post_action(case, "complete_assessment",
                                    HTTP_ACCEPT_LANGUAGE="zh-hans")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["error"]["message"],
                         "暂不能“完成预估”，尚缺：预估表中的危险性评估等级；填写完整的预估表。")

    def test_it_refuses_a_move_the_stage_does_not_offer(self):
        """Closing an application is illegal whatever the documents: 409 illegal_transition."""
        response = self.post_action(self.case_a, "close", **EN)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["error"], {
            "code": "illegal_transition",
            "message": "Cannot 'Close the case' from 'Application'."})
        self.assert_not_audited("case.close")

    def test_it_counts_a_missing_reason_among_the_missing_requirements(self):
        """decline needs form B's decision and a reason (what the client is told, CMH-B)."""
        response = self.post_action(self.case_a, "decline", {"reason": "  "})
        self.assertEqual(response.status_code, 409)
        self.assertEqual([m["code"] for m in response.json()["error"]["missing"]],
                         ["application.not_accepted", engine.REASON_GIVEN])

    def test_it_keeps_the_reason_on_the_timeline_and_in_the_audit_trail(self):
        """end (CMH-6.4 中止服务) with its reason."""
        case = self.at_intake()
        response = self.post_action(case, "end", {"reason": "服务对象迁居外省"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["timeline"][-1]["reason"], "服务对象迁居外省")
        self.assertEqual(response.json()["closed_on"], timezone.localdate().isoformat())
        event = self.assert_audited("case.end", actor=self.p.wang_fang, target=case)
        self.assertEqual(event.reason, "服务对象迁居外省")

    def test_it_lets_only_a_supervisor_reopen_a_closed_case(self):
        """CMH-6.6: reopening undoes an approved closing, so it needs case.approve."""
        case = self.advance(self.case_a, "closed")
        response = self.post_action(case, "reopen", {"reason": "回访发现病情波动"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["code"], "permission_denied")

        self.as_user(self.p.chen_min)
        response = self.post_action(case, "reopen", {"reason": ""})
        self.assertEqual(response.status_code, 409)
        self.assertEqual([m["code"] for m in response.json()["error"]["missing"]],
                         [engine.REASON_GIVEN])
        self.assertEqual(self.refreshed(case).stage, "closed")

        response = self.post_action(case, "reopen", {"reason": "回访发现病情波动"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["stage"], response.json()["episode"]), ("intake", 2))
        self.assert_audited("case.reopen", actor=self.p.chen_min, target=case)

    def test_it_records_a_planned_follow_up(self):
        """record_follow_up fills the planned follow-up named in the body (CMH-6.6)."""
        case = self.advance(self.case_a, "closed")
        planned = FollowUp.objects.filter(case=case).order_by("planned_on").first()
        today = timezone.localdate()
        response = self.post_action(case, "record_follow_up", {
            "follow_up": planned.pk, "done_on": today.isoformat(), "mode": "phone",
            "finding": "情况稳定，睡眠改善", "reopen_recommended": True})
        self.assertEqual(response.status_code, 200, response.content)
        planned.refresh_from_db()
        self.assertEqual((planned.done_on, planned.mode, planned.finding, planned.recorded_by),
                         (today, "phone", "情况稳定，睡眠改善", self.p.wang_fang))
        self.assertIs(planned.reopen_recommended, True)
        self.assertEqual(response.json()["stage"], "closed")
        [done] = [f for f in response.json()["documents"]["follow_ups"] if f["done_on"]]
        self.assertEqual(done["id"], planned.pk)
        event = self.assert_audited("case.record_follow_up", actor=self.p.wang_fang,
                                    target=case)
        self.assertEqual((event.data["follow_up"], event.data["reopen_recommended"]),
                         (planned.pk, True))

    def test_it_reports_what_the_follow_up_lacks_per_field(self):
        """The action's own messages, under `fields`; nothing is recorded."""
        case = self.advance(self.case_a, "closed")
        changes = StageChange.objects.filter(case=case).count()
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        for body, fields in (
            ({"done_on": timezone.localdate().isoformat(), "mode": "telepathy"},
             {"mode", "finding"}),
            ({"done_on": "2026-02-30", "mode": "phone", "finding": "好"}, {"done_on"}),
            ({"done_on": tomorrow.isoformat(), "mode": "phone", "finding": "好"}, {"done_on"}),
            ({"mode": "phone", "finding": "好"}, {"done_on"}),
        ):
            with self.subTest(body=body):
                response = self.post_action(case, "record_follow_up", body)
                self.assertEqual(response.status_code, 400, response.content)
                error = response.json()["error"]
                self.assertEqual(error["code"], "validation_error")
                self.assertEqual(set(error["fields"]), fields)
        self.assertEqual(StageChange.objects.filter(case=case).count(), changes)
        self.assertFalse(FollowUp.objects.filter(case=case, done_on__isnull=False).exists())
        self.assert_not_audited("case.record_follow_up")

    def test_it_refers_a_case_out_once_the_referral_is_consented(self):
        """refer_out (CMH-6.4) sends the prepared referral; the case shows it."""
        response = self.post_action(self.case_a, "refer_out", {"reason": "需要住院治疗"})
        self.assertEqual(response.status_code, 409)
        actions.do_prepare_referral(self.case_a, acting_user=self.p.wang_fang, data={
            "kind": "external", "external_name": "成都市第四人民医院", "reason": "需要住院治疗",
            "consent_mode": "verbal", "consent_on": timezone.localdate(),
            "shared_items": ["basic"]})
        response = self.post_action(self.case_a, "refer_out", {"reason": "需要住院治疗"})
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["stage"], "referred")
        [referral] = body["documents"]["referrals"]
        self.assertEqual((referral["external_name"], referral["status"]),
                         ("成都市第四人民医院", "awaiting_feedback"))
        self.assertEqual(referral["organization"]["id"], self.p.org_a.pk)
        self.assertEqual(Referral.objects.get(pk=referral["id"]).status, "awaiting_feedback")

    def test_a_supervisor_may_move_a_case_of_the_team(self):
        """陈敏 sees 王芳's case and may take its actions; the audit names her."""
        case = self.at_intake()
        self.as_user(self.p.chen_min)
        response = self.post_action(case, "complete_intake")
        self.assertEqual(response.status_code, 200, response.content)
        self.assert_audited("case.complete_intake", actor=self.p.chen_min, target=case)


class SchemaTests(PersonaTestCase):
    def test_it_documents_every_action_of_the_pathway_tables(self):
        """One POST operation per action code, with its label as the summary."""
        response = self.client.get(reverse("schema"), {"format": "json"},
                                   HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        paths = response.json()["paths"]
        self.assertEqual(set(paths["/api/v1/cases/"]), {"get"})
        self.assertEqual(set(paths["/api/v1/cases/{id}/"]), {"get"})
        codes = {t.code for p in PATHWAYS.values() for t in p.transitions}
        self.assertEqual(codes, {"accept", "accept_simple", "decline", "complete_intake",
                                 "complete_assessment", "start_intervention", "revise_plan",
                                 "start_evaluation", "close", "close_brief",
                                 "record_follow_up", "reopen", "refer_out", "end",
                                 # The rehabilitation centre's (REH); close, revise_plan,
                                 # refer_out and record_follow_up are codes of both.
                                 "screen_in", "accept_application", "approve_admission",
                                 "complete_admission", "complete_intake_assessment",
                                 "start_rehabilitation", "start_mid_evaluation",
                                 "resume_rehabilitation", "start_end_evaluation", "leave_early",
                                 "not_admit", "refer_resident", "readmit"})
        for code in codes:
            with self.subTest(code=code):
                operation = paths[f"/api/v1/cases/{{id}}/{code}/"]
                self.assertEqual(set(operation), {"post"})
                self.assertIn("409", operation["post"]["responses"])
        self.assertEqual(paths["/api/v1/cases/{id}/reopen/"]["post"]["summary"], "Reopen")
        self.assertFalse([p for p in paths if "action_code" in p])
