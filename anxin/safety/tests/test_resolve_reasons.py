"""Resolving an alert with protocol steps unticked asks, for each, why it did not apply
(CMH-8.2.2b): the action refuses without a reason per step, keeps each reason in the alert's
step log, and audits which steps were skipped; the page and the API ask the same."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from anxin.safety import actions
from anxin.safety.choices import AlertStatus
from anxin.safety.models import Alert
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import open_case, skip_reasons

VISIT_STEPS = ("call_visiting_staff", "emergency_call", "report_leadership")


class ResolveReasonsTest(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p)
        # A three-step protocol keeps the reasons short to write out.
        self.alert = actions.raise_alert("visit_overdue", organization=self.p.org_a,
                                         client=self.p.client_a, case=self.case,
                                         worker=self.p.wang_fang, supervisor=self.p.chen_min)
        actions.do_record_alert_step(self.alert, acting_user=self.p.chen_min,
                                     protocol_item="call_visiting_staff", note="已接通")

    def test_it_refuses_to_resolve_without_a_reason_for_each_unticked_step(self):
        with self.assertRaises(ValidationError) as caught:
            actions.do_resolve_alert(self.alert, acting_user=self.p.chen_min,
                                     resolution="家访人员已平安返回",
                                     not_applicable={"emergency_call": "无暴力情形"})
        self.assertEqual(set(caught.exception.message_dict), {"not_applicable.report_leadership"})
        alert = Alert.objects.get()
        self.assertEqual(alert.status, AlertStatus.ACKNOWLEDGED)
        self.assertEqual(alert.steps.count(), 1)
        self.assert_not_audited("safety.alert.resolved")

    def test_it_refuses_a_blank_reason_and_a_reason_for_a_ticked_step(self):
        with self.assertRaises(ValidationError) as caught:
            actions.do_resolve_alert(self.alert, acting_user=self.p.chen_min, resolution="ok",
                                     not_applicable={"emergency_call": "  ",
                                                     "report_leadership": "未涉及",
                                                     "call_visiting_staff": "已做"})
        self.assertEqual(set(caught.exception.message_dict),
                         {"not_applicable.emergency_call", "not_applicable.call_visiting_staff"})

    def test_it_keeps_each_reason_in_the_step_log_and_audits_the_skipped_steps(self):
        alert = actions.do_resolve_alert(
            self.alert, acting_user=self.p.chen_min, resolution="家访人员已平安返回",
            not_applicable={"emergency_call": "无暴力情形", "report_leadership": "未发生安全事件"})
        self.assertEqual(alert.status, AlertStatus.RESOLVED)
        skipped = {s.protocol_item: s.note for s in alert.steps.filter(not_applicable=True)}
        self.assertEqual(skipped, {"emergency_call": "无暴力情形",
                                   "report_leadership": "未发生安全事件"})
        self.assertTrue(all(s.taken_by == self.p.chen_min
                            for s in alert.steps.filter(not_applicable=True)))
        event = self.assert_audited("safety.alert.resolved", actor=self.p.chen_min,
                                    target=alert)
        self.assertEqual(sorted(event.data["not_applicable"]),
                         ["emergency_call", "report_leadership"])
        self.assertNotIn("无暴力情形", str(event.data))  # the reason stays in the encrypted log

    def test_it_needs_no_reason_when_every_step_was_ticked(self):
        for code in VISIT_STEPS[1:]:
            actions.do_record_alert_step(self.alert, acting_user=self.p.chen_min,
                                         protocol_item=code)
        alert = actions.do_resolve_alert(self.alert, acting_user=self.p.chen_min,
                                         resolution="ok")
        self.assertEqual(alert.status, AlertStatus.RESOLVED)
        self.assertFalse(alert.steps.filter(not_applicable=True).exists())

    def test_the_page_asks_for_each_reason_and_keeps_what_was_typed(self):
        self.client.force_login(self.p.chen_min)
        url = reverse("safety:alert", args=[self.alert.pk])
        page = self.client.get(url).content.decode()
        self.assertIn('name="not_applicable.emergency_call"', page)
        self.assertIn('name="not_applicable.report_leadership"', page)
        self.assertNotIn('name="not_applicable.call_visiting_staff"', page)
        refused = self.client.post(reverse("safety:alert_resolve", args=[self.alert.pk]), {
            "resolution": "家访人员已平安返回", "not_applicable.emergency_call": "无暴力情形"})
        self.assertEqual(refused.status_code, 400)
        self.assertContains(refused, 'data-field-error="not_applicable.report_leadership"',
                            status_code=400)
        self.assertContains(refused, "此步骤未勾选：请说明为何不适用。", status_code=400)
        self.assertContains(refused, "家访人员已平安返回", status_code=400)
        self.assertContains(refused, "无暴力情形", status_code=400)
        done = self.client.post(reverse("safety:alert_resolve", args=[self.alert.pk]), {
            "resolution": "家访人员已平安返回", "not_applicable.emergency_call": "无暴力情形",
            "not_applicable.report_leadership": "未发生安全事件"})
        self.assertRedirects(done, url, fetch_redirect_response=False)
        page = self.client.get(url).content.decode()
        self.assertIn('data-not-applicable="report_leadership"', page)
        self.assertIn('data-step-not-applicable="emergency_call"', page)
        self.assertIn("未发生安全事件", page)

    def test_the_api_asks_for_each_reason_too(self):
        api = APIClient()
        api.force_authenticate(self.p.chen_min)
        url = f"/api/v1/alerts/{self.alert.pk}/resolve/"
        refused = api.post(url, {"resolution": "ok"}, format="json")
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(set(refused.json()["error"]["fields"]),
                         {"not_applicable.emergency_call", "not_applicable.report_leadership"})
        done = api.post(url, {"resolution": "ok", "not_applicable": skip_reasons(self.alert)},
                        format="json")
        self.assertEqual(done.status_code, 200)
        protocol = {item["code"]: item for item in done.json()["protocol"]}
        self.assertEqual((protocol["call_visiting_staff"]["done"],
                          protocol["emergency_call"]["not_applicable"]), (True, True))
