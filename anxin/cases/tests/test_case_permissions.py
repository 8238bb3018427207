"""The permission matrix extended to cases: which cases and clients each persona sees, who may
open, move, reopen and reassign a case — and the audit event of every case action."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anxin.audit.models import AuditEvent
from anxin.cases import actions, facts, scenarios
from anxin.cases.access import access_case
from anxin.cases.models import Case, FollowUp, StageChange
from anxin.cases.workflow.pathways.cmh import CMH
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted, NotVisible
from anxin.workspace.testing.cases import PersonaTestCase

D = datetime.date
APPLIED = D(2026, 9, 28)
EVERYONE = ("wang_fang", "li_qiang", "chen_min", "admin_a", "archivist_a", "quality_a",
            "zhao_lei", "qian_wei", "viewer")


class CasePermissionTestCase(PersonaTestCase):
    def user(self, name):
        return getattr(self.p, name)

    def open(self, client, *, by, worker=None, supervisor=None, **extra):
        return actions.do_open_case(client, acting_user=by, worker=worker or by,
                                    supervisor=supervisor, source="sought_help",
                                    application_date=APPLIED, **extra)

    def attempt(self, name, call):
        """Run `call(user)` for the persona inside a savepoint that is rolled back: True if it
        went through, False if it raised NotPermitted."""
        try:
            with transaction.atomic():
                call(self.user(name))
                transaction.set_rollback(True)
            return True
        except NotPermitted:
            return False


class VisibilityTests(CasePermissionTestCase):
    """王芳's case of 张伟 (supervised by 陈敏), 李强's case of 刘秀英 (no supervisor), 赵磊's case
    of 黄磊 in org B (supervised by 钱伟), and a case of 刘秀英 that 李强 opened for 王芳."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.case_w = actions.do_open_case(p.client_a, acting_user=p.wang_fang,
                                          worker=p.wang_fang, supervisor=p.chen_min,
                                          source="sought_help", application_date=APPLIED)
        cls.case_l = actions.do_open_case(p.client_a2, acting_user=p.li_qiang, worker=p.li_qiang,
                                          source="sought_help", application_date=APPLIED)
        cls.case_b = actions.do_open_case(p.client_b, acting_user=p.zhao_lei, worker=p.zhao_lei,
                                          supervisor=p.qian_wei, source="found_by_worker",
                                          source_detail="门诊转来", application_date=APPLIED)
        cls.case_x = actions.do_open_case(p.client_a2, acting_user=p.li_qiang,
                                          worker=p.wang_fang, source="referred",
                                          source_detail="李强接到家属求助后转给王芳",
                                          application_date=APPLIED)

    def test_who_sees_which_case(self):
        w, l_, b, x = "case_w", "case_l", "case_b", "case_x"
        expected = {
            "wang_fang": {w, x},          # the cases she is responsible for
            "li_qiang": {l_},             # not the case he opened for 王芳
            "chen_min": {w, x},           # those of her team's worker
            "admin_a": {w, l_, x}, "archivist_a": {w, l_, x}, "quality_a": {w, l_, x},
            "zhao_lei": {b}, "qian_wei": {b},
            "viewer": set(),              # no identities at all
        }
        names = {getattr(self, n).pk: n for n in (w, l_, b, x)}
        for name in EVERYONE:
            with self.subTest(user=name):
                seen = {names[pk] for pk in Case.objects.visible_to(self.user(name))
                        .values_list("pk", flat=True)}
                self.assertEqual(seen, expected[name])

    def test_who_sees_which_client_through_cases(self):
        expected = {
            "wang_fang": {"client_a", "client_a2"},  # 刘秀英 through the case she was given
            "li_qiang": {"client_a2"},
            "chen_min": {"client_a", "client_a2"},   # through her team worker's case
            "admin_a": {"client_a", "client_a2"}, "archivist_a": {"client_a", "client_a2"},
            "quality_a": {"client_a", "client_a2"},
            "zhao_lei": {"client_b"},
            "qian_wei": {"client_b"},                # through the case he supervises
            "viewer": set(),
        }
        names = {getattr(self.p, n).pk: n for n in ("client_a", "client_a2", "client_b")}
        for name in EVERYONE:
            with self.subTest(user=name):
                seen = {names[pk] for pk in Client.objects.visible_to(self.user(name))
                        .values_list("pk", flat=True)}
                self.assertEqual(seen, expected[name])

    def test_one_case_answers_404_to_those_who_do_not_see_it(self):
        self.assertEqual(access_case(self.p.chen_min, self.case_w.pk, for_write=True),
                         self.case_w)
        self.assertEqual(access_case(self.p.archivist_a, self.case_w.pk), self.case_w)
        for name in ("li_qiang", "zhao_lei", "qian_wei"):
            with self.subTest(user=name), self.assertRaises(NotVisible):
                access_case(self.user(name), self.case_w.pk)
        for name in ("archivist_a", "quality_a", "admin_a"):
            with self.subTest(user=name), self.assertRaises(NotPermitted):
                access_case(self.user(name), self.case_w.pk, for_write=True)
        with self.assertRaises(NotPermitted):
            access_case(self.p.viewer, self.case_w.pk)
        with self.assertRaises(NotVisible):
            access_case(self.p.wang_fang, "not-a-number")


class ClientThroughCaseTests(CasePermissionTestCase):
    def test_a_worker_given_a_case_sees_its_client_and_loses_neither_by_reassignment(self):
        p = self.p
        self.assertNotIn(p.client_a2, Client.objects.visible_to(p.wang_fang))
        case = self.open(p.client_a2, by=p.li_qiang, worker=p.wang_fang)
        self.assertIn(p.client_a2, Client.objects.visible_to(p.wang_fang))
        self.assertIn(p.client_a2, Client.objects.visible_to(p.chen_min))
        # Handed on to 李强: 王芳 loses the case and, as she did not register 刘秀英, the client.
        actions.do_assign_case(case, acting_user=p.chen_min, worker=p.li_qiang, supervisor=None,
                               reason="王芳休产假，个案交李强跟进")
        self.assertNotIn(case, Case.objects.visible_to(p.wang_fang))
        self.assertNotIn(p.client_a2, Client.objects.visible_to(p.wang_fang))
        self.assertIn(case, Case.objects.visible_to(p.li_qiang))


class OpeningTests(CasePermissionTestCase):
    def test_who_may_open_a_case_of_zhang_wei(self):
        expected = {"wang_fang": True, "chen_min": True, "li_qiang": False, "admin_a": False,
                    "archivist_a": False, "quality_a": False, "zhao_lei": False,
                    "qian_wei": False, "viewer": False}
        for name, allowed in expected.items():
            with self.subTest(user=name):
                worker = self.p.chen_min if name == "chen_min" else self.p.wang_fang
                self.assertEqual(self.attempt(name, lambda user, worker=worker: self.open(
                    self.p.client_a, by=user, worker=worker)), allowed)
        self.assertFalse(Case.objects.exists())

    def test_a_referral_link_does_not_open_the_door_to_another_workers_client(self):
        """李强 does not see 张伟; naming some case as `referred_from` must not let him open a
        case of 张伟 (and so see the client). Referrals open cases through their own action."""
        case_l = self.open(self.p.client_a2, by=self.p.li_qiang)
        with self.assertRaises(NotPermitted):
            self.open(self.p.client_a, by=self.p.li_qiang, referred_from=case_l)
        self.assertNotIn(self.p.client_a, Client.objects.visible_to(self.p.li_qiang))
        self.assertEqual(Case.objects.count(), 1)

    def test_the_staff_of_a_case_belong_to_the_organisation_and_fit_their_role(self):
        p = self.p
        for staff, field in (({"worker": p.zhao_lei}, "worker"),
                             ({"worker": p.admin_a}, "worker"),
                             ({"supervisor": p.li_qiang}, "supervisor"),
                             ({"supervisor": p.qian_wei}, "supervisor"),
                             ({"worker": p.chen_min, "supervisor": p.chen_min}, "supervisor")):
            with self.subTest(field=field, staff=staff):
                with self.assertRaises(ValidationError) as caught:
                    self.open(p.client_a, by=p.wang_fang, **staff)
                self.assertIn(field, caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            actions.do_open_case(p.client_a, acting_user=p.wang_fang, worker=p.wang_fang,
                                 source="referred", source_detail=" ", application_date=APPLIED)
        self.assertIn("source_detail", caught.exception.message_dict)
        self.assertFalse(Case.objects.exists())
        self.assert_not_audited("case.opened")


class MovingTests(CasePermissionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.intake = scenarios.advance(
            actions.do_open_case(p.client_a, acting_user=p.wang_fang, worker=p.wang_fang,
                                 supervisor=p.chen_min, source="sought_help",
                                 application_date=APPLIED),
            "intake", worker=p.wang_fang, supervisor=p.chen_min)
        cls.closed = scenarios.advance(
            actions.do_open_case(p.client_a, acting_user=p.wang_fang, worker=p.wang_fang,
                                 supervisor=p.chen_min, source="sought_help",
                                 application_date=APPLIED),
            "closed", worker=p.wang_fang, supervisor=p.chen_min)

    def test_who_may_move_a_case_along(self):
        """The worker and the supervisor who sees the case; the read-only roles never."""
        expected = {"wang_fang": True, "chen_min": True, "li_qiang": False, "admin_a": False,
                    "archivist_a": False, "quality_a": False, "zhao_lei": False,
                    "qian_wei": False, "viewer": False}
        for name, allowed in expected.items():
            with self.subTest(user=name):
                self.assertEqual(self.attempt(name, lambda user: actions.do_transition(
                    self.intake, "end", acting_user=user, reason="服务对象去世")), allowed)
        self.assertEqual(Case.objects.get(pk=self.intake.pk).stage, "intake")

    def test_who_may_fill_in_a_form(self):
        expected = {"wang_fang": True, "chen_min": True, "li_qiang": False, "admin_a": False,
                    "archivist_a": False, "quality_a": False, "zhao_lei": False,
                    "qian_wei": False, "viewer": False}
        for name, allowed in expected.items():
            with self.subTest(user=name):
                self.assertEqual(self.attempt(name, lambda user: actions.do_record_consent(
                    self.intake, acting_user=user, data={
                        "mode": "verbal", "exceptions_explained": True,
                        "informed_on": APPLIED})), allowed)

    def test_only_a_supervisor_reopens_a_closed_case(self):
        """Reopening undoes a closing a supervisor approved (CMH-G), so it needs case.approve."""
        expected = {"wang_fang": False, "chen_min": True, "li_qiang": False, "admin_a": False,
                    "archivist_a": False, "quality_a": False, "zhao_lei": False,
                    "qian_wei": False, "viewer": False}
        for name, allowed in expected.items():
            with self.subTest(user=name):
                self.assertEqual(self.attempt(name, lambda user: actions.do_transition(
                    self.closed, "reopen", acting_user=user, reason="回访发现病情复发")), allowed)
        self.assertEqual(Case.objects.get(pk=self.closed.pk).stage, "closed")

    def test_only_a_supervisor_or_the_org_admin_reassigns_a_case(self):
        expected = {"wang_fang": False, "chen_min": True, "li_qiang": False, "admin_a": True,
                    "archivist_a": False, "quality_a": False, "zhao_lei": False,
                    "qian_wei": False, "viewer": False}
        for name, allowed in expected.items():
            with self.subTest(user=name):
                self.assertEqual(self.attempt(name, lambda user: actions.do_assign_case(
                    self.intake, acting_user=user, worker=self.p.li_qiang,
                    supervisor=self.p.chen_min, reason="工作量调整")), allowed)
        self.assertEqual(Case.objects.get(pk=self.intake.pk).worker, self.p.wang_fang)

    def test_reassigning_needs_a_reason_and_staff_of_the_organisation(self):
        p = self.p
        for kwargs, field in (({"reason": " "}, "reason"),
                              ({"worker": p.zhao_lei}, "worker"),
                              ({"supervisor": p.wang_fang}, "supervisor")):
            with self.subTest(field=field):
                values = {"worker": p.li_qiang, "supervisor": p.chen_min, "reason": "工作量调整",
                          **kwargs}
                with self.assertRaises(ValidationError) as caught:
                    actions.do_assign_case(self.intake, acting_user=p.chen_min, **values)
                self.assertIn(field, caught.exception.message_dict)
        self.assert_not_audited("case.reassigned")
        case = actions.do_assign_case(self.intake, acting_user=p.chen_min, worker=p.li_qiang,
                                      supervisor=p.chen_min, reason="工作量调整")
        event = self.assert_audited("case.reassigned", actor=p.chen_min, target=case,
                                    client=p.client_a)
        self.assertEqual(event.data["before"], {"worker": p.wang_fang.pk,
                                                "supervisor": p.chen_min.pk})
        self.assertEqual(StageChange.objects.filter(case=case).last().action, "reassign")


class AuditTests(CasePermissionTestCase):
    """Every case action writes one audit event naming its actor, target and client (the
    referral's decline names no client: org B has no file of the person)."""

    # --- states to act on

    def new_case(self):
        return self.open(self.p.client_a, by=self.p.wang_fang, supervisor=self.p.chen_min)

    def at(self, stage):
        return scenarios.advance(self.new_case(), stage, worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min)

    def today(self):
        return timezone.localdate()

    def decided(self, **data):
        case = self.new_case()
        scenarios.consent(case, self.p.wang_fang, today=APPLIED)
        actions.do_save_application(case, acting_user=self.p.wang_fang,
                                    data={"needs": "希望改善睡眠", **data})
        return case

    def move(self, case, action, user=None, **kwargs):
        user = user or self.p.wang_fang
        return ("case." + action, user, actions.do_transition(case, action, acting_user=user,
                                                              **kwargs), self.p.client_a)

    def in_brief_help(self):
        case = self.decided(decision="brief", brief_kind="consultation")
        return actions.do_transition(case, "accept_simple", acting_user=self.p.wang_fang)

    def submitted_plan(self):
        case = self.at("planning")
        return scenarios.plan(case, self.p.wang_fang, today=self.today())

    def submitted_closure(self):
        case = self.at("evaluation")
        scenarios.evaluate(case, self.p.wang_fang, today=self.today())
        return scenarios.closure(case, self.p.wang_fang, today=self.today())

    def referral(self, kind="internal"):
        case = self.at("intake")
        data = {"kind": kind, "reason": "迁居", "consent_mode": "verbal",
                "consent_on": APPLIED, "shared_items": ["basic"]}
        if kind == "internal":
            data["to_organization"] = self.p.org_b
        else:
            data["external_name"] = "成都市第四人民医院"
        referral = actions.do_prepare_referral(case, acting_user=self.p.wang_fang, data=data)
        return case, referral

    def sent_referral(self, kind="internal"):
        case, referral = self.referral(kind)
        actions.do_transition(case, "refer_out", acting_user=self.p.wang_fang, reason="迁居")
        return referral

    # --- the table: each row acts once and says which event it expects

    def row_open(self):
        return "case.opened", self.p.wang_fang, self.new_case(), self.p.client_a

    def row_accept(self):
        return self.move(self.decided(decision="accepted"), "accept")

    def row_accept_simple(self):
        return self.move(self.decided(decision="brief", brief_kind="temporary"), "accept_simple")

    def row_decline(self):
        return self.move(self.decided(decision="not_accepted",
                                      not_accepted_grounds=["client_refused"],
                                      not_accepted_handling=["told_reason"]),
                         "decline", reason="服务对象表示暂不需要服务")

    def row_complete_intake(self):
        return self.move(self.at("intake"), "complete_intake")

    def row_complete_assessment(self):
        # The scenario completes form C and then takes the move.
        case = scenarios.assess(self.at("assessment"), self.p.wang_fang, today=self.today())
        return "case.complete_assessment", self.p.wang_fang, case, self.p.client_a

    def row_start_intervention(self):
        plan = self.submitted_plan()
        actions.do_review(plan, acting_user=self.p.chen_min, decision="approved")
        return self.move(plan.case, "start_intervention")

    def row_revise_plan(self):
        return self.move(self.at("intervention"), "revise_plan", reason="出院后调整计划")

    def row_start_evaluation(self):
        case = self.at("intervention")
        scenarios.record_session(case, self.p.wang_fang,
                                 when=timezone.now() - datetime.timedelta(hours=1))
        return self.move(case, "start_evaluation")

    def row_close(self):
        closure = self.submitted_closure()
        actions.do_review(closure, acting_user=self.p.chen_min, decision="approved")
        return self.move(closure.case, "close")

    def row_close_brief(self):
        case = self.in_brief_help()
        scenarios.record_session(case, self.p.wang_fang,
                                 when=timezone.now() - datetime.timedelta(hours=1),
                                 mode="counselling")
        closure = scenarios.closure(case, self.p.wang_fang, today=self.today())
        actions.do_review(closure, acting_user=self.p.chen_min, decision="approved")
        return self.move(case, "close_brief")

    def row_record_follow_up(self):
        case = self.at("closed")
        planned = FollowUp.objects.filter(case=case).first()
        return self.move(case, "record_follow_up", payload={
            "follow_up": planned.pk, "done_on": self.today(), "mode": "phone",
            "finding": "情况稳定，按时服药"})

    def row_reopen(self):
        return self.move(self.at("closed"), "reopen", user=self.p.chen_min,
                         reason="回访发现病情波动")

    def row_refer_out(self):
        case, _referral = self.referral()
        return self.move(case, "refer_out", reason="迁居深圳")

    def row_end(self):
        return self.move(self.at("assessment"), "end", reason="服务对象去世")

    def row_reassign(self):
        case = actions.do_assign_case(self.new_case(), acting_user=self.p.chen_min,
                                      worker=self.p.li_qiang, supervisor=None, reason="工作量调整")
        return "case.reassigned", self.p.chen_min, case, self.p.client_a

    def row_consent(self):
        consent = scenarios.consent(self.new_case(), self.p.wang_fang, today=APPLIED)
        return "consent.recorded", self.p.wang_fang, consent, self.p.client_a

    def row_application(self):
        application = actions.do_save_application(self.new_case(), acting_user=self.p.wang_fang,
                                                  data={"needs": "希望改善睡眠",
                                                        "decision": "accepted"})
        return "application.saved", self.p.wang_fang, application, self.p.client_a

    def row_assessment_saved(self):
        assessment = actions.do_save_assessment(self.at("assessment"),
                                                acting_user=self.p.wang_fang,
                                                data={"filled_on": APPLIED, "risk_level": 1})
        return "assessment.saved", self.p.wang_fang, assessment, self.p.client_a

    def row_assessment_completed(self):
        case = self.at("assessment")
        scenarios.assess(case, self.p.wang_fang, today=self.today())
        return ("assessment.completed", self.p.wang_fang, facts.current_assessment(case),
                self.p.client_a)

    def row_plan_saved(self):
        case = self.at("planning")
        plan = scenarios.plan(case, self.p.wang_fang, today=self.today(), submit=False)
        return "plan.saved", self.p.wang_fang, plan, self.p.client_a

    def row_plan_submitted(self):
        return "plan.submitted", self.p.wang_fang, self.submitted_plan(), self.p.client_a

    def row_plan_approved(self):
        plan = self.submitted_plan()
        actions.do_review(plan, acting_user=self.p.chen_min, decision="approved")
        return "plan.approved", self.p.chen_min, plan, self.p.client_a

    def row_plan_returned(self):
        plan = self.submitted_plan()
        actions.do_review(plan, acting_user=self.p.chen_min, decision="returned",
                          comment="目标需要可测量")
        return "plan.returned", self.p.chen_min, plan, self.p.client_a

    def row_service_record(self):
        record = scenarios.record_session(self.at("intervention"), self.p.wang_fang,
                                          when=timezone.now() - datetime.timedelta(hours=1))
        return "service_record.added", self.p.wang_fang, record, self.p.client_a

    def row_evaluation(self):
        evaluation = scenarios.evaluate(self.at("evaluation"), self.p.wang_fang,
                                        today=self.today())
        return "evaluation.saved", self.p.wang_fang, evaluation, self.p.client_a

    def row_closure_saved(self):
        closure = scenarios.closure(self.at("evaluation"), self.p.wang_fang, today=self.today(),
                                    submit=False)
        return "closure.saved", self.p.wang_fang, closure, self.p.client_a

    def row_closure_submitted(self):
        return "closure.submitted", self.p.wang_fang, self.submitted_closure(), self.p.client_a

    def row_closure_approved(self):
        closure = self.submitted_closure()
        actions.do_review(closure, acting_user=self.p.chen_min, decision="approved")
        return "closure.approved", self.p.chen_min, closure, self.p.client_a

    def row_closure_returned(self):
        closure = self.submitted_closure()
        actions.do_review(closure, acting_user=self.p.chen_min, decision="returned",
                          comment="请补充回访方式")
        return "closure.returned", self.p.chen_min, closure, self.p.client_a

    def row_referral_prepared(self):
        _case, referral = self.referral()
        return "referral.prepared", self.p.wang_fang, referral, self.p.client_a

    def row_referral_accepted(self):
        referral = actions.do_answer_referral(self.sent_referral(), acting_user=self.p.qian_wei,
                                              accept=True, worker=self.p.zhao_lei,
                                              supervisor=self.p.qian_wei)
        return "referral.accepted", self.p.qian_wei, referral, referral.new_case.client

    def row_referral_declined(self):
        referral = actions.do_answer_referral(self.sent_referral(), acting_user=self.p.qian_wei,
                                              accept=False, reason="本院无社区服务能力")
        return "referral.declined", self.p.qian_wei, referral, None

    def row_referral_feedback(self):
        referral = actions.do_record_referral_feedback(
            self.sent_referral("external"), acting_user=self.p.wang_fang,
            feedback="已收治入院", feedback_on=self.today(), completed=True)
        return "referral.feedback", self.p.wang_fang, referral, self.p.client_a

    def row_referral_received(self):
        referral = actions.do_receive_outside_referral(
            self.p.client_a, acting_user=self.p.wang_fang, external_name="玉林街道办事处",
            external_contact="028-85550000", reason="社区排查发现停药",
            worker=self.p.wang_fang, supervisor=self.p.chen_min, application_date=APPLIED)
        return "referral.received", self.p.wang_fang, referral, self.p.client_a

    def test_every_case_action_writes_its_audit_event(self):
        rows = sorted(name for name in dir(self) if name.startswith("row_"))
        transitions = {t.code for t in CMH.transitions}
        # Every move of the pathway has its row, so a new one cannot go unaudited unnoticed.
        self.assertLessEqual({f"row_{code}" for code in transitions}, set(rows))
        for name in rows:
            with self.subTest(row=name), transaction.atomic():
                before = AuditEvent.objects.count()
                action, actor, target, client = getattr(self, name)()
                event = AuditEvent.objects.filter(action=action).first()
                self.assertIsNotNone(event, action)
                self.assertEqual((event.actor, event.actor_label, event.organization),
                                 (actor, actor.username, actor.organization))
                self.assertEqual((event.target_type, event.target_id),
                                 (target._meta.label_lower, str(target.pk)))
                self.assertEqual(event.client, client)
                self.assertGreater(AuditEvent.objects.count(), before)
                if action.startswith("case.") and action not in ("case.opened",
                                                                 "case.reassigned"):
                    change = StageChange.objects.filter(case=target).last()
                    self.assertEqual((change.action, change.actor),
                                     (action.removeprefix("case."), actor))
                transaction.set_rollback(True)
