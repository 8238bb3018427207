"""Two people editing one case's form D (and the other forms edited in place): the second save
is refused, shows what changed, and is merged, never saved over the first (ADR 0013)."""

import base64

from django.conf import settings
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from anxin.cases import actions, facts, scenarios
from anxin.cases.models import ServicePlan
from anxin.clients.tests.form_page import form_data
from anxin.core.concurrency import EditConflict
from anxin.workspace.testing.cases import PersonaTestCase

SIGNATURE = "data:image/png;base64," + base64.b64encode(scenarios.BLANK_PNG).decode()


def signed_in(user) -> Browser:
    browser = Browser()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    browser.force_login(user)
    return browser


class CaseTestCase(PersonaTestCase):
    """王芳's case of 张伟, supervised by 陈敏: both may fill in its forms."""

    stage = "planning"

    def setUp(self):
        self.today = timezone.localdate()
        case = actions.do_open_case(self.p.client_a, acting_user=self.p.wang_fang,
                                    worker=self.p.wang_fang, supervisor=self.p.chen_min,
                                    source="sought_help", application_date=self.today)
        self.case = scenarios.advance(case, self.stage, worker=self.p.wang_fang,
                                      supervisor=self.p.chen_min)
        self.wang = signed_in(self.p.wang_fang)
        self.chen = signed_in(self.p.chen_min)

    def edit_url(self, code: str) -> str:
        return reverse("cases:document_edit", args=[self.case.pk, code])


class TwoPlanEditorsTest(CaseTestCase):
    def setUp(self):
        super().setUp()
        scenarios.plan(self.case, self.p.wang_fang, today=self.today, submit=False)
        self.url = self.edit_url("plan")
        self.wang_form = form_data(self.wang.get(self.url))
        self.chen_form = form_data(self.chen.get(self.url))

    def test_the_second_save_is_refused_and_shows_what_changed(self):
        saved = self.chen.post(self.url, {**self.chen_form, "goals": "规律服药\n按时复诊"})
        self.assertEqual(saved.status_code, 302)
        refused = self.wang.post(self.url, {**self.wang_form,
                                            "overall_goal": "稳定病情，回归社区。",
                                            "rows-0-method": "家访、电访、微信"})
        self.assertEqual(refused.status_code, 409)
        plan = facts.current_plan(self.case)
        self.assertEqual(plan.goals, "规律服药\n按时复诊")
        self.assertEqual(plan.overall_goal, "稳定病情，恢复基本社会功能。")
        self.assertEqual(plan.rows.first().method, "家访、电访")
        self.assertContains(refused, "陈敏 saved this at", status_code=409)
        # Goals were 陈敏's change alone: the form now shows hers; 王芳's goal and row stay.
        merged = form_data(refused)
        self.assertEqual(merged["goals"], "规律服药\n按时复诊")
        self.assertEqual(merged["overall_goal"], "稳定病情，回归社区。")
        self.assertEqual(merged["rows-0-method"], "家访、电访、微信")
        self.assertEqual(merged["edit_version"], str(plan.edit_version))
        taken = refused.content.decode().split('data-conflict="taken"')[1].split("</dl>")[0]
        self.assertIn("Goals", taken)
        self.assertIn("按时复诊", taken)

    def test_both_changing_the_rows_lists_theirs_and_keeps_yours(self):
        self.chen.post(self.url, {**self.chen_form, "rows-1-method": "家庭会谈、小组"})
        refused = self.wang.post(self.url, {**self.wang_form, "rows-0-method": "电访"})
        self.assertEqual(refused.status_code, 409)
        review = refused.content.decode().split('data-conflict="review"')[1].split("</dl>")[0]
        self.assertIn("Service plan rows", review)
        self.assertIn("家庭会谈、小组", review)
        self.assertIn("Saved by 陈敏", review)
        merged = form_data(refused)
        self.assertEqual((merged["rows-0-method"], merged["rows-1-method"]), ("电访", "家庭会谈"))

    def test_the_merged_form_saves_both_changes(self):
        self.chen.post(self.url, {**self.chen_form, "goals": "规律服药\n按时复诊"})
        refused = self.wang.post(self.url, {**self.wang_form,
                                            "overall_goal": "稳定病情，回归社区。"})
        again = self.wang.post(self.url, form_data(refused))
        self.assertEqual(again.status_code, 302)
        plan = ServicePlan.objects.get(pk=facts.current_plan(self.case).pk)
        self.assertEqual((plan.overall_goal, plan.goals),
                         ("稳定病情，回归社区。", "规律服药\n按时复诊"))
        self.assertEqual(plan.rows.count(), 2)
        self.assertEqual(plan.updated_by, self.p.wang_fang)

    def test_the_client_does_not_sign_a_plan_changed_while_they_read_it(self):
        submit_url = reverse("cases:document_submit",
                             args=[self.case.pk, "plan", facts.current_plan(self.case).pk])
        page = form_data(self.wang.get(submit_url))
        self.chen.post(self.url, {**self.chen_form, "goals": "规律服药\n按时复诊"})
        response = self.wang.post(submit_url, {
            **page, "signer_name": "张伟", "client_signature": SIGNATURE,
            "client_signature_kind": "drawn", "client_confirmed_on": self.today.isoformat(),
            "worker_confirms": "on"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "陈敏 changed this form after you opened this page.")
        plan = facts.current_plan(self.case)
        self.assertEqual(plan.status, "draft")
        self.assertIsNone(plan.client_signature)
        self.assertEqual(form_data(response)["edit_version"], str(plan.edit_version))

    def test_two_people_starting_the_first_plan_cannot_both_create_it(self):
        ServicePlan.objects.filter(case=self.case).delete()
        empty_wang = form_data(self.wang.get(self.url))
        empty_chen = form_data(self.chen.get(self.url))
        self.assertEqual(empty_wang["edit_version"], "0")
        row = {"rows-0-timing": "第1周", "rows-0-strategy": "建立关系", "rows-0-method": "家访",
               "rows-0-evaluation_method": "观察"}
        first = self.chen.post(self.url, {**empty_chen, **row, "overall_goal": "A",
                                          "goals": "一"})
        self.assertEqual(first.status_code, 302)
        second = self.wang.post(self.url, {**empty_wang, **row, "overall_goal": "B",
                                           "goals": "二"})
        self.assertEqual(second.status_code, 409)
        self.assertEqual(ServicePlan.objects.get(case=self.case).overall_goal, "A")


class OtherFormsTest(CaseTestCase):
    """Forms B, C, F and G share the save path: a stale version is refused by each action."""

    stage = "assessment"

    def test_a_stale_assessment_is_refused_by_its_page(self):
        url = self.edit_url("assessment")
        wang_form = form_data(self.wang.get(url))
        chen_form = form_data(self.chen.get(url))
        self.assertEqual(self.chen.post(url, {**chen_form, "medication": "利培酮"}).status_code,
                         302)
        refused = self.wang.post(url, {**wang_form, "family_situation": "与母亲同住"})
        self.assertEqual(refused.status_code, 409)
        self.assertEqual(form_data(refused)["medication"], "利培酮")
        self.assertEqual(facts.current_assessment(self.case).family_situation, "")

    def test_each_in_place_form_refuses_a_stale_version(self):
        saves = {
            "evaluation": lambda version: actions.do_save_evaluation(
                self.case, acting_user=self.p.wang_fang, data={"services_received": "家访"},
                edit_version=version),
            "closure": lambda version: actions.do_save_closure(
                self.case, acting_user=self.p.wang_fang, data={"summary": "小结"},
                edit_version=version),
        }
        for code, save in saves.items():
            with self.subTest(form=code), self.assertRaises(EditConflict):
                save(99)


class ApplicationFormTest(CaseTestCase):
    stage = "application"

    def test_a_stale_application_is_refused(self):
        version = self.case.application.edit_version
        actions.do_save_application(self.case, acting_user=self.p.chen_min,
                                    data={"needs": "改善睡眠"}, edit_version=version)
        with self.assertRaises(EditConflict) as caught:
            actions.do_save_application(self.case, acting_user=self.p.wang_fang,
                                        data={"needs": "找工作"}, edit_version=version)
        self.assertEqual([(c.field, c.yours, c.saved) for c in caught.exception.changes],
                         [("needs", "找工作", "改善睡眠")])
