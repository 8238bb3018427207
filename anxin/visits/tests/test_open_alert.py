"""A client with a high or critical crisis alert open counts as above the organisation's risk
threshold for a home visit (CMH-8.2.2a 家访存在风险的精神障碍患者，应邀请相关人员协同前往): the
extra companion and a supervisor's approval are required until the alert is resolved, whatever the
last risk level said."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from anxin.safety.actions import raise_alert
from anxin.visits.choices import VisitStatus
from anxin.visits.models import HomeVisit

from .helpers import VisitTestCase, resolve

COMPANION = {"companion_name": "刘建国", "companion_role": "社区医生"}


class OpenAlertTests(VisitTestCase):
    def setUp(self):
        super().setUp()
        self.set_risk_level(1)  # below the threshold (2): on its own, no approval

    def raise_alert(self, rule: str = "incident_risk_review"):
        return raise_alert(rule, organization=self.p.org_a, client=self.p.client_a,
                           case=self.case, detail="事件后复评")

    def test_it_asks_for_a_companion_while_a_high_alert_is_open(self):
        self.raise_alert()
        before = HomeVisit.objects.count()
        with self.assertRaises(ValidationError) as caught:
            self.plan()
        self.assertEqual(sorted(caught.exception.message_dict),
                         ["companion_name", "companion_role"])
        self.assertIn("A crisis alert on the client is open",
                      caught.exception.message_dict["companion_name"][0])
        self.assertEqual(HomeVisit.objects.count(), before)

    def test_it_waits_for_approval_and_keeps_the_alert_with_the_visit(self):
        alert = self.raise_alert("phq9_self_harm")
        visit = self.plan(**COMPANION)
        self.assertEqual((visit.status, visit.needs_approval, visit.open_alert),
                         (VisitStatus.AWAITING_APPROVAL, True, alert))
        self.assertEqual(visit.risk_level, 1)
        event = self.assert_audited("home_visit.planned", actor=self.p.wang_fang, target=visit)
        self.assertEqual((event.data["open_alert"], event.data["needs_approval"]),
                         (alert.pk, True))
        with self.assertRaises(ValidationError):
            self.depart(visit)

    def test_a_resolved_alert_no_longer_counts(self):
        alert = self.raise_alert()
        resolve(alert, by=self.p.chen_min, resolution="复评为1级")
        visit = self.plan()
        self.assertEqual((visit.status, visit.needs_approval, visit.open_alert),
                         (VisitStatus.READY, False, None))

    def test_an_alert_raised_after_planning_stops_an_unapproved_visit(self):
        visit = self.plan()
        self.raise_alert()
        with self.assertRaises(ValidationError) as caught:
            self.depart(visit)
        self.assertIn("A crisis alert on the client is open", caught.exception.messages[0])
        visit.refresh_from_db()
        self.assertEqual(visit.status, VisitStatus.READY)
        self.assert_not_audited("home_visit.departed")

    def test_the_plan_page_says_why_a_companion_is_needed(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.p.wang_fang)
        url = reverse("visits:plan", args=[self.p.client_a.pk])
        self.assertNotContains(self.client.get(url), 'id="open-alert"')
        alert = self.raise_alert()
        response = self.client.get(url)
        self.assertContains(response, 'id="open-alert"')
        self.assertContains(response, alert.get_absolute_url())
        self.assertNotContains(response, "(optional at this risk level)")
