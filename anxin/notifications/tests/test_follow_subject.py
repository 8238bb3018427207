"""Notifications follow their subject: they close (done, and read) when what they ask for is
done, whoever did it. A crisis alert's notices close when it is acknowledged or resolved; a plan
(form D) or closing form (G) sent for approval notifies the supervisor who must act, a return or
an approval notifies the case's worker, and each of those closes when acted on. None names the
client."""

import datetime

from django.urls import reverse
from django.utils import timezone

from anxin.cases import actions as case_actions
from anxin.cases import scenarios
from anxin.cases.actions import do_open_case
from anxin.notifications.models import Notification
from anxin.safety import actions
from anxin.safety.tests.helpers import TODAY, open_case, resolve
from anxin.workspace.testing.cases import PersonaTestCase


def notes(**where):
    return Notification.objects.filter(**where)


class AlertNoticesTest(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p)
        self.now = timezone.now()
        self.alert = actions.raise_alert("phq9_self_harm", organization=self.p.org_a,
                                         client=self.p.client_a, case=self.case, now=self.now)

    def test_it_closes_every_request_to_acknowledge_when_anyone_acknowledges(self):
        """王芳 acknowledges: her notice and 陈敏's close, and the bell stops counting them."""
        self.assertEqual(notes(kind="alert", closed_at__isnull=True).count(), 2)
        actions.do_acknowledge_alert(self.alert, acting_user=self.p.wang_fang)
        for person in (self.p.wang_fang, self.p.chen_min):
            with self.subTest(person=person.username):
                note = notes(recipient=person, kind="alert").get()
                self.assertIsNotNone(note.closed_at)
                self.assertIsNotNone(note.read_at)
        self.client.force_login(self.p.chen_min)
        home = self.client.get(reverse("home")).content.decode()
        self.assertIn('btn-outline-light" id="bell"', home)  # nothing unread
        page = self.client.get(reverse("notifications:list")).content.decode()
        self.assertIn("data-closed", page)

    def test_it_closes_the_escalation_too(self):
        actions.escalate_due_alerts(self.now + datetime.timedelta(hours=1))
        escalated = notes(kind="alert_escalated").get()
        self.assertIsNone(escalated.closed_at)
        actions.do_acknowledge_alert(self.alert, acting_user=self.p.chen_min)
        escalated.refresh_from_db()
        self.assertIsNotNone(escalated.closed_at)

    def test_it_closes_the_notices_of_an_alert_resolved_without_acknowledging(self):
        resolve(self.alert, by=self.p.chen_min)
        self.assertFalse(notes(closed_at__isnull=True).exists())
        self.assertEqual(notes(read_at__isnull=True).count(), 0)

    def test_an_open_alert_follows_its_case_to_the_new_worker(self):
        """The case goes from 王芳 to 李强 while its alert is open: 李强 is now asked (in the
        reader's language), 王芳's request closes, 陈敏 stays supervisor; a resolved alert of
        the same case keeps its addressees."""
        from anxin.cases.actions import do_reassign_cases
        from anxin.safety.models import Alert

        old = actions.raise_alert("risk_level_high", organization=self.p.org_a,
                                  client=self.p.client_a, case=self.case)
        resolve(old, by=self.p.chen_min)
        do_reassign_cases([self.case.pk], acting_user=self.p.admin_a, to_worker=self.p.li_qiang,
                          supervisor=self.p.chen_min, reason="工作调整")
        self.alert.refresh_from_db()
        self.assertEqual((self.alert.worker, self.alert.supervisor),
                         (self.p.li_qiang, self.p.chen_min))
        self.assertEqual(Alert.objects.get(pk=old.pk).worker, self.p.wang_fang)
        self.assertIsNotNone(notes(recipient=self.p.wang_fang, kind="alert",
                                   subject_id=self.alert.pk).get().closed_at)
        handed = notes(recipient=self.p.li_qiang, kind="alert_handed_over").get()
        self.assertIsNone(handed.closed_at)
        self.assertTrue(handed.urgent)
        self.assertEqual(handed.url, self.alert.get_absolute_url())
        self.assertIn("交给您", handed.title_text)
        self.assertTrue(Alert.objects.visible_to(self.p.li_qiang).filter(pk=self.alert.pk)
                        .exists())
        self.assert_audited("safety.alert.handed_over", actor=self.p.admin_a, target=self.alert)
        # 陈敏 stays supervisor: she is not told it was handed to her, her request stays open.
        self.assertFalse(notes(recipient=self.p.chen_min, kind="alert_handed_over").exists())
        self.assertIsNone(notes(recipient=self.p.chen_min, kind="alert",
                                subject_id=self.alert.pk).get().closed_at)
        actions.do_acknowledge_alert(self.alert, acting_user=self.p.li_qiang)
        handed.refresh_from_db()
        self.assertIsNotNone(handed.closed_at)

    def test_an_alert_addressed_to_others_stays_with_them(self):
        """A home visit's overdue alert goes to the station worker: reassigning the case does
        not take it from her."""
        from anxin.cases.actions import do_reassign_cases
        from anxin.safety.models import Alert

        station = self.p.quality_a
        overdue = actions.raise_alert("visit_overdue", organization=self.p.org_a,
                                      client=self.p.client_a, case=self.case,
                                      worker=station, supervisor=self.p.chen_min)
        do_reassign_cases([self.case.pk], acting_user=self.p.admin_a, to_worker=self.p.li_qiang,
                          supervisor=self.p.chen_min, reason="工作调整")
        self.assertEqual(Alert.objects.get(pk=overdue.pk).worker, station)
        self.assertIsNone(notes(recipient=station, subject_id=overdue.pk).get().closed_at)

    def test_it_leaves_other_subjects_open(self):
        other_alert = actions.raise_alert("risk_level_high", organization=self.p.org_a,
                                          client=self.p.client_a, case=self.case)
        actions.do_acknowledge_alert(self.alert, acting_user=self.p.chen_min)
        self.assertTrue(Notification.objects.about(other_alert).open().exists())


class DocumentNoticesTest(PersonaTestCase):
    @property
    def case(self):
        if not hasattr(self, "_case"):
            self._case = open_case(self.p, stage="planning")
        return self._case

    def submit(self, document):
        return case_actions.do_submit_for_approval(
            document, acting_user=self.p.wang_fang,
            client_signature=scenarios.signature("张伟", self.p.wang_fang),
            client_confirmed_on=TODAY)

    def assert_no_client(self, note):
        text = f"{note.title_text} {note.body_text} {note.params} {note.url}"
        self.assertNotIn(self.p.client_a.name, text)

    def test_it_asks_the_supervisor_to_approve_a_submitted_plan(self):
        """Only 陈敏, the case's supervisor, is asked; the link opens the review page."""
        plan = scenarios.plan(self.case, self.p.wang_fang, today=TODAY)
        note = notes(kind="approval_request").get()
        self.assertEqual(note.recipient, self.p.chen_min)
        self.assertEqual(note.subject, plan)
        self.assertEqual(note.url, reverse("cases:document_review",
                                           args=[self.case.pk, "plan", plan.pk]))
        self.assertFalse(notes(recipient=self.p.wang_fang).exists())
        self.assert_no_client(note)

    def test_it_tells_the_worker_of_a_return_and_closes_it_on_resubmission(self):
        plan = scenarios.plan(self.case, self.p.wang_fang, today=TODAY)
        case_actions.do_review(plan, acting_user=self.p.chen_min, decision="returned",
                               comment="请补充家庭支持目标")
        request = notes(kind="approval_request").get()
        self.assertIsNotNone(request.closed_at)
        returned = notes(kind="document_returned").get()
        self.assertEqual(returned.recipient, self.p.wang_fang)
        self.assertEqual(returned.url, reverse("cases:document_view",
                                               args=[self.case.pk, "plan", plan.pk]))
        self.assertNotIn("家庭支持", returned.title_text + returned.body_text)
        self.assert_no_client(returned)
        plan.refresh_from_db()
        self.submit(plan)
        returned.refresh_from_db()
        self.assertIsNotNone(returned.closed_at)
        self.assertEqual(notes(kind="approval_request", closed_at__isnull=True).get().recipient,
                         self.p.chen_min)

    def test_it_tells_the_worker_of_an_approval_which_closes_when_opened(self):
        plan = scenarios.plan(self.case, self.p.wang_fang, today=TODAY)
        case_actions.do_review(plan, acting_user=self.p.chen_min, decision="approved")
        self.assertFalse(notes(kind="approval_request", closed_at__isnull=True).exists())
        approved = notes(kind="document_approved").get()
        self.assertEqual(approved.recipient, self.p.wang_fang)
        self.assertIsNone(approved.closed_at)
        self.client.force_login(self.p.wang_fang)
        self.client.get(reverse("notifications:open", args=[approved.pk]))
        approved.refresh_from_db()
        self.assertIsNotNone(approved.closed_at)

    def test_it_notifies_for_the_closing_form_as_well(self):
        case = open_case(self.p, stage="evaluation")
        scenarios.evaluate(case, self.p.wang_fang, today=TODAY)
        closure = scenarios.closure(case, self.p.wang_fang, today=TODAY)
        request = Notification.objects.about(closure).get(kind="approval_request")
        self.assertEqual(request.recipient, self.p.chen_min)
        self.assertEqual(request.url, reverse("cases:document_review",
                                              args=[case.pk, "closure", closure.pk]))
        case_actions.do_review(closure, acting_user=self.p.chen_min, decision="approved")
        request.refresh_from_db()
        self.assertIsNotNone(request.closed_at)
        self.assertEqual(Notification.objects.about(closure).get(kind="document_approved")
                         .recipient, self.p.wang_fang)

    def test_it_asks_the_workers_team_supervisor_when_the_case_names_none(self):
        case = do_open_case(self.p.client_a, acting_user=self.p.wang_fang,
                            worker=self.p.wang_fang, supervisor=None, source="sought_help",
                            application_date=TODAY)
        case = scenarios.advance(case, "planning", worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min, today=TODAY)
        scenarios.plan(case, self.p.wang_fang, today=TODAY)
        self.assertEqual(notes(kind="approval_request", closed_at__isnull=True).get().recipient,
                         self.p.chen_min)
