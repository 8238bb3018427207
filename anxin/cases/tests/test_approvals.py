"""The approval gate of plans and closing forms (CMH-6.3 督导或上级分管领导确认, CMH-G 督导审批),
supplementary plans, and what the gated moves need from the documents."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from anxin.accounts.choices import Role
from anxin.audit.models import AuditEvent
from anxin.cases import actions, facts, scenarios
from anxin.cases.actions import DocumentLocked
from anxin.cases.models import FollowUp, PlanRow, Review, ServicePlan
from anxin.cases.workflow.engine import TransitionRefused
from anxin.core.exceptions import NotPermitted
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_user

D = datetime.date
APPLIED = D(2026, 9, 28)
PLAN_ROWS = [{"timing": "第1-4周", "strategy": "疾病管理", "method": "家访、电访",
              "evaluation_method": "服药记录"}]
PLAN_CODES = ["plan.confirmed_by_client", "plan.confirmed_by_worker",
              "plan.approved_by_supervisor"]


class ApprovalTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Org A has one supervisor; a second one, 孙红 (no team), supervises the cases that
        # 陈敏 herself works on.
        cls.sun_hong = make_user("sunhong", "孙红", role=Role.SUPERVISOR,
                                 organization=cls.p.org_a)

    def open_case(self, worker=None, supervisor=None):
        worker = worker or self.p.wang_fang
        return actions.do_open_case(
            self.p.client_a, acting_user=worker, worker=worker,
            supervisor=supervisor or self.p.chen_min, source="sought_help",
            application_date=APPLIED)

    def case_in(self, stage, worker=None, supervisor=None):
        worker, supervisor = worker or self.p.wang_fang, supervisor or self.p.chen_min
        return scenarios.advance(self.open_case(worker, supervisor), stage, worker=worker,
                                 supervisor=supervisor)

    def submit(self, document, worker=None):
        worker = worker or self.p.wang_fang
        return actions.do_submit_for_approval(
            document, acting_user=worker, client_signature=scenarios.signature("张伟", worker),
            client_confirmed_on=timezone.localdate())

    def review(self, document, user=None, decision="approved", comment=""):
        return actions.do_review(document, acting_user=user or self.p.chen_min,
                                 decision=decision, comment=comment)

    def missing(self, case, action, **kwargs) -> list[str]:
        with self.assertRaises(TransitionRefused) as caught:
            actions.do_transition(case, action, acting_user=self.p.wang_fang, **kwargs)
        return [r.code for r in caught.exception.missing]

    def assert_not_reviewed(self, document, status="submitted"):
        document.refresh_from_db()
        self.assertEqual((document.status, document.approved_by), (status, None))
        self.assertFalse(document.reviews.exists())


class WhoMayApproveTests(ApprovalTestCase):
    def test_a_worker_cannot_approve(self):
        case = self.case_in("planning")
        plan = scenarios.plan(case, self.p.wang_fang, today=timezone.localdate())
        for user in (self.p.wang_fang, self.p.li_qiang):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                self.review(plan, user)
        self.assert_not_reviewed(plan)

    def test_roles_without_the_approval_capability_cannot_approve(self):
        case = self.case_in("planning")
        plan = scenarios.plan(case, self.p.wang_fang, today=timezone.localdate())
        for user in (self.p.admin_a, self.p.archivist_a, self.p.quality_a, self.p.viewer):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                self.review(plan, user)
        self.assert_not_reviewed(plan)

    def test_a_lead_of_the_organisation_approves_as_the_superior(self):
        """CMH-6.3 "督导或上级分管领导确认": the 分管领导 approves a plan and a closing form; a
        lead of another organisation cannot."""
        lead = make_user("huangjg", "黄建国", role=Role.LEAD, organization=self.p.org_a)
        other_lead = make_user("lead_b", "周强", role=Role.LEAD, organization=self.p.org_b)
        case = self.case_in("planning")
        plan = scenarios.plan(case, self.p.wang_fang, today=timezone.localdate())
        with self.assertRaises(NotPermitted):
            self.review(plan, other_lead)
        self.assert_not_reviewed(plan)
        self.review(plan, lead)
        plan.refresh_from_db()
        self.assertEqual((plan.status, plan.approved_by), ("approved", lead))
        self.assert_audited("plan.approved", actor=lead, target=plan)
        self.assertIn("plan.approved_by_supervisor", facts.satisfied(case))

    def test_a_supervisor_of_another_organisation_cannot_approve(self):
        case = self.case_in("planning")
        plan = scenarios.plan(case, self.p.wang_fang, today=timezone.localdate())
        with self.assertRaises(NotPermitted):
            self.review(plan, self.p.qian_wei)
        self.assert_not_reviewed(plan)

    def test_a_supervisor_who_does_not_see_the_case_cannot_approve(self):
        case = self.case_in("planning")
        plan = scenarios.plan(case, self.p.wang_fang, today=timezone.localdate())
        with self.assertRaises(NotPermitted):
            self.review(plan, self.sun_hong)
        self.assert_not_reviewed(plan)

    def test_a_supervisor_cannot_approve_a_plan_of_her_own_case(self):
        """陈敏 is the responsible worker of this case; only 孙红 may approve its plan."""
        case = self.case_in("planning", worker=self.p.chen_min, supervisor=self.sun_hong)
        plan = scenarios.plan(case, self.p.chen_min, today=timezone.localdate())
        with self.assertRaises(ValidationError) as caught:
            self.review(plan, self.p.chen_min)
        self.assertIn("decision", caught.exception.message_dict)
        self.assert_not_reviewed(plan)
        self.assert_not_audited("plan.approved")
        review = self.review(plan, self.sun_hong)
        plan.refresh_from_db()
        self.assertEqual((plan.status, plan.approved_by, plan.approved_on),
                         ("approved", self.sun_hong, timezone.localdate()))
        self.assertEqual(review.reviewer, self.sun_hong)
        event = self.assert_audited("plan.approved", actor=self.sun_hong, target=plan,
                                    client=self.p.client_a)
        self.assertEqual(event.data["review"], review.pk)

    def test_a_supervisor_cannot_approve_a_closing_form_of_her_own_case(self):
        case = self.case_in("evaluation", worker=self.p.chen_min, supervisor=self.sun_hong)
        scenarios.evaluate(case, self.p.chen_min, today=timezone.localdate())
        closure = scenarios.closure(case, self.p.chen_min, today=timezone.localdate())
        with self.assertRaises(ValidationError):
            self.review(closure, self.p.chen_min)
        self.assert_not_reviewed(closure)
        self.review(closure, self.sun_hong)
        self.assert_audited("closure.approved", actor=self.sun_hong, target=closure,
                            client=self.p.client_a)

    def test_nobody_approves_a_plan_they_wrote(self):
        """陈敏 drafted the plan on 王芳's case; another supervisor must approve it."""
        case = self.case_in("planning")
        plan = actions.do_save_plan(case, acting_user=self.p.chen_min, data={
            "overall_goal": "稳定病情", "goals": "规律服药"}, rows=PLAN_ROWS)
        plan = self.submit(plan)
        with self.assertRaises(ValidationError):
            self.review(plan, self.p.chen_min)
        self.assert_not_reviewed(plan)
        actions.do_assign_case(case, acting_user=self.p.chen_min, worker=self.p.wang_fang,
                               supervisor=self.sun_hong, reason="陈敏起草了计划，改由孙红督导审批")
        self.review(plan, self.sun_hong)
        plan.refresh_from_db()
        self.assertEqual(plan.approved_by, self.sun_hong)


class ReviewTests(ApprovalTestCase):
    def test_returning_needs_a_comment(self):
        case = self.case_in("planning")
        plan = scenarios.plan(case, self.p.wang_fang, today=timezone.localdate())
        with self.assertRaises(ValidationError) as caught:
            self.review(plan, decision="returned", comment="   ")
        self.assertIn("comment", caught.exception.message_dict)
        self.assert_not_reviewed(plan)
        self.assert_not_audited("plan.returned")

    def test_a_decision_is_approve_or_return(self):
        case = self.case_in("planning")
        plan = scenarios.plan(case, self.p.wang_fang, today=timezone.localdate())
        with self.assertRaises(ValidationError) as caught:
            self.review(plan, decision="maybe", comment="再看看")
        self.assertIn("decision", caught.exception.message_dict)
        self.assert_not_reviewed(plan)

    def test_only_a_form_awaiting_approval_is_reviewed(self):
        case = self.case_in("planning")
        draft = scenarios.plan(case, self.p.wang_fang, today=timezone.localdate(), submit=False)
        with self.assertRaises(DocumentLocked):
            self.review(draft)
        self.assert_not_reviewed(draft, status="draft")
        plan = self.submit(draft)
        self.review(plan)
        with self.assertRaises(DocumentLocked):
            self.review(plan, decision="returned", comment="改主意了")
        self.assertEqual(Review.objects.count(), 1)

    def test_reviews_keep_their_history_in_order(self):
        case = self.case_in("planning")
        plan = scenarios.plan(case, self.p.wang_fang, today=timezone.localdate())
        self.review(plan, decision="returned", comment="请补充母亲在计划中的角色分工")
        returned = self.assert_audited("plan.returned", actor=self.p.chen_min, target=plan,
                                       client=self.p.client_a)
        self.assertEqual(returned.reason, "请补充母亲在计划中的角色分工")
        plan.refresh_from_db()
        self.assertEqual(plan.status, "returned")
        plan = actions.do_save_plan(case, acting_user=self.p.wang_fang, data={
            "overall_goal": "稳定病情，恢复基本社会功能。", "goals": "规律服药\n改善家庭沟通"},
            rows=[{**PLAN_ROWS[0], "roles": "社工督促，母亲每日提醒服药"}])
        self.review(self.submit(plan), decision="approved", comment="同意")
        self.assertEqual(
            list(Review.objects.filter(plan=plan).values_list("decision", "comment",
                                                              "reviewer")),
            [("returned", "请补充母亲在计划中的角色分工", self.p.chen_min.pk),
             ("approved", "同意", self.p.chen_min.pk)])
        plan.refresh_from_db()
        self.assertEqual(plan.status, "approved")


class StartInterventionTests(ApprovalTestCase):
    def test_the_plan_needs_the_client_the_worker_and_a_supervisor(self):
        """CMH-6.3: the plan takes effect once all three have confirmed it."""
        case = self.case_in("planning")
        self.assertEqual(self.missing(case, "start_intervention"), PLAN_CODES)
        draft = scenarios.plan(case, self.p.wang_fang, today=timezone.localdate(), submit=False)
        self.assertEqual(self.missing(case, "start_intervention"), PLAN_CODES)
        plan = self.submit(draft)
        self.assertEqual(self.missing(case, "start_intervention"),
                         ["plan.approved_by_supervisor"])
        self.review(plan, decision="returned", comment="目标需可测量")
        self.assertEqual(self.missing(case, "start_intervention"),
                         ["plan.approved_by_supervisor"])
        plan = actions.do_save_plan(case, acting_user=self.p.wang_fang, data={
            "overall_goal": "稳定病情", "goals": "每周按时服药7天"}, rows=PLAN_ROWS)
        self.assertEqual(self.missing(case, "start_intervention"), PLAN_CODES)
        self.review(self.submit(plan))
        case = actions.do_transition(case, "start_intervention", acting_user=self.p.wang_fang)
        self.assertEqual(case.stage, "intervention")


class SupplementaryPlanTests(ApprovalTestCase):
    def test_a_supplementary_plan_supersedes_the_earlier_one_only_once_approved(self):
        case = self.case_in("intervention")
        first = ServicePlan.objects.get(case=case)
        case = actions.do_transition(case, "revise_plan", acting_user=self.p.wang_fang,
                                     reason="服务对象出院后需调整服药管理安排")
        self.assertEqual(case.stage, "planning")
        second = ServicePlan.objects.get(case=case, version=2)
        self.assertEqual((second.kind, second.supersedes, second.status, second.revision_reason),
                         ("supplementary", first, "draft", "服务对象出院后需调整服药管理安排"))
        self.assertEqual(second.overall_goal, first.overall_goal)
        self.assertEqual([r.strategy for r in second.rows.all()],
                         [r.strategy for r in first.rows.all()])
        event = self.assert_audited("case.revise_plan", actor=self.p.wang_fang, target=case,
                                    client=self.p.client_a)
        self.assertEqual(event.data["supplementary_plan"], second.pk)
        # Until the new plan is approved, the earlier one stays in force.
        first.refresh_from_db()
        self.assertEqual(first.status, "approved")
        self.assertEqual((facts.current_plan(case), facts.effective_plan(case)), (second, first))
        self.assertEqual(self.missing(case, "start_intervention"), PLAN_CODES)
        second = actions.do_save_plan(case, acting_user=self.p.wang_fang, data={
            "goals": "规律服药\n出院后一周内完成复诊"}, rows=[*PLAN_ROWS, {
                "timing": "出院后第1周", "strategy": "出院衔接", "method": "陪同复诊",
                "evaluation_method": "复诊记录"}])
        self.assertEqual(second.version, 2)
        second = self.submit(second)
        self.review(second, decision="returned", comment="请写明复诊医院")
        first.refresh_from_db()
        self.assertEqual(first.status, "approved")
        self.review(self.submit(second))
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.status, second.status), ("superseded", "approved"))
        # Both stay on file, and the new one is the plan in force.
        self.assertEqual(list(ServicePlan.objects.filter(case=case).values_list(
            "version", flat=True)), [1, 2])
        self.assertEqual(PlanRow.objects.filter(plan=first).count(), 2)
        self.assertEqual(facts.effective_plan(case), second)
        case = actions.do_transition(case, "start_intervention", acting_user=self.p.wang_fang)
        self.assertEqual(case.stage, "intervention")

    def test_a_supplementary_plan_can_follow_a_supplementary_plan(self):
        case = self.case_in("intervention")
        for version in (2, 3):
            case = actions.do_transition(case, "revise_plan", acting_user=self.p.wang_fang,
                                         reason=f"第{version}次调整计划")
            plan = self.submit(facts.current_plan(case))
            self.review(plan)
            case = actions.do_transition(case, "start_intervention",
                                         acting_user=self.p.wang_fang)
        self.assertEqual(list(ServicePlan.objects.filter(case=case).values_list(
            "version", "status", "supersedes__version")),
            [(1, "superseded", None), (2, "superseded", 1), (3, "approved", 2)])


class ClosingTests(ApprovalTestCase):
    def test_closing_needs_the_evaluation_the_planned_date_and_an_approved_closing_form(self):
        case = self.case_in("evaluation")
        today = timezone.localdate()
        self.assertEqual(self.missing(case, "close"), [
            "evaluation.complete", "closure.planned_date_recorded", "closure.follow_up_planned",
            "closure.approved"])
        scenarios.evaluate(case, self.p.wang_fang, today=today)
        self.assertEqual(self.missing(case, "close"), [
            "closure.planned_date_recorded", "closure.follow_up_planned", "closure.approved"])
        draft = scenarios.closure(case, self.p.wang_fang, today=today, submit=False)
        self.assertEqual(self.missing(case, "close"), ["closure.approved"])
        closure = self.submit(draft)
        self.assertEqual(self.missing(case, "close"), ["closure.approved"])
        self.review(closure, decision="returned", comment="请补充回访安排的具体方式")
        self.assertEqual(self.missing(case, "close"), ["closure.approved"])
        self.review(self.submit(scenarios.closure(case, self.p.wang_fang, today=today,
                                                  submit=False)))
        case = actions.do_transition(case, "close", acting_user=self.p.wang_fang)
        self.assertEqual((case.stage, case.closed_on), ("closed", today))
        self.assert_audited("case.close", actor=self.p.wang_fang, target=case,
                            client=self.p.client_a)

    def close_with(self, **closing):
        case = self.case_in("evaluation")
        today = timezone.localdate()
        scenarios.evaluate(case, self.p.wang_fang, today=today)
        data = {"filled_on": today, "planned_closing_date": today,
                "client_told_on": today - datetime.timedelta(days=7),
                "reasons": ["goal_reached"], "client_knows_how_to_return": True,
                "summary": "服务目标达成。", "follow_up_plan": "结案后电话回访。", **closing}
        closure = actions.do_save_closure(case, acting_user=self.p.wang_fang, data=data)
        self.review(self.submit(closure))
        return actions.do_transition(case, "close", acting_user=self.p.wang_fang)

    def test_follow_ups_are_scheduled_from_the_closing_form(self):
        """CMH-6.6 结案后及时跟进回访: the count and interval of form G plan the follow-ups."""
        today = timezone.localdate()
        case = self.close_with(follow_up_count=3, follow_up_interval_days=14)
        planned = [today + datetime.timedelta(days=days) for days in (14, 28, 42)]
        self.assertEqual(list(FollowUp.objects.filter(case=case).values_list(
            "planned_on", "episode", "done_on")), [(day, 1, None) for day in planned])
        event = AuditEvent.objects.get(action="case.close")
        self.assertEqual(event.data["follow_ups_planned"], [day.isoformat() for day in planned])

    def test_follow_ups_count_from_a_planned_date_already_past_from_today(self):
        today = timezone.localdate()
        case = self.close_with(planned_closing_date=today - datetime.timedelta(days=5),
                               client_told_on=today - datetime.timedelta(days=20),
                               follow_up_count=2, follow_up_interval_days=30)
        self.assertEqual(list(FollowUp.objects.filter(case=case).values_list(
            "planned_on", flat=True)),
            [today + datetime.timedelta(days=30), today + datetime.timedelta(days=60)])

    def test_no_follow_up_is_scheduled_when_the_client_died(self):
        """The one closing with no follow-up: the client died (CMH-6.6, test_closing_rules)."""
        case = self.close_with(follow_up_count=0, reasons=["died"], reason_detail="病故")
        self.assertEqual(case.stage, "closed")
        self.assertFalse(FollowUp.objects.exists())
