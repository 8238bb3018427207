"""A team not back in time (CMH-8.2.2a): at the expected return time plus the organisation's
grace, one crisis alert goes to the station worker and the supervisor; a late check-in still
counts and resolves nothing."""

from django.contrib.contenttypes.models import ContentType

from anxin.notifications.models import Notification
from anxin.safety.choices import AlertStatus
from anxin.safety.models import Alert
from anxin.safety.periodic import CHECKS
from anxin.visits import actions
from anxin.visits.actions import check_overdue_visits
from anxin.visits.choices import VisitStatus

from .helpers import HOUR, MINUTE, VisitTestCase, resolve


class OverdueCheckTests(VisitTestCase):
    def setUp(self):
        super().setUp()
        self.visit = self.out()  # back in two hours; grace 30 minutes (the default)
        self.due = self.visit.expected_return_at + 30 * MINUTE

    def alerts(self):
        return Alert.objects.filter(
            rule="visit_overdue", source_id=self.visit.pk,
            source_type=ContentType.objects.get_for_model(self.visit))

    def test_it_is_registered_with_the_minute_checks(self):
        self.assertIn(check_overdue_visits, CHECKS)

    def test_nothing_is_raised_one_minute_before_the_grace_ends(self):
        self.assertEqual(check_overdue_visits(self.due - MINUTE), 0)
        self.assertEqual(check_overdue_visits(self.visit.expected_return_at), 0)
        self.assertFalse(self.alerts().exists())
        self.assert_not_audited("home_visit.overdue")

    def test_exactly_one_alert_is_raised_at_the_end_of_the_grace(self):
        self.assertEqual(check_overdue_visits(self.due), 1)
        alert = self.alerts().get()
        self.assertEqual((alert.worker, alert.supervisor), (self.zhou_mei, self.p.chen_min))
        self.assertEqual((alert.client, alert.case, alert.raised_at),
                         (self.p.client_a, self.case, self.due))
        self.assertIn("13800001111", alert.detail_text)  # the station worker can call the team
        for person in (self.zhou_mei, self.p.chen_min):
            with self.subTest(recipient=person.username):
                self.assertTrue(Notification.objects.filter(
                    recipient=person, kind="alert", url=alert.get_absolute_url()).exists())
        self.visit.refresh_from_db()
        self.assertEqual(self.visit.overdue_alerted_at, self.due)
        event = self.assert_audited("home_visit.overdue", target=self.visit,
                                    client=self.p.client_a)
        self.assertEqual(event.data["grace_minutes"], 30)

    def test_later_runs_raise_no_second_alert_even_after_it_is_resolved(self):
        check_overdue_visits(self.due)
        self.assertEqual(check_overdue_visits(self.due + MINUTE), 0)
        resolve(self.alerts().get(), by=self.p.chen_min,
                resolution="电话联系上，服务对象家中无信号")
        self.assertEqual(check_overdue_visits(self.due + HOUR), 0)
        self.assertEqual(self.alerts().count(), 1)

    def test_the_grace_is_the_organisations_setting(self):
        self.set_grace(10)
        due = self.visit.expected_return_at + 10 * MINUTE
        self.assertEqual(check_overdue_visits(due - MINUTE), 0)
        self.assertEqual(check_overdue_visits(due), 1)

    def test_a_team_back_in_time_raises_nothing(self):
        actions.do_check_in_home_visit(self.visit, acting_user=self.p.wang_fang,
                                       now=self.due - MINUTE)
        self.assertEqual(check_overdue_visits(self.due + HOUR), 0)
        self.assertFalse(self.alerts().exists())

    def test_only_visits_that_are_out_are_checked(self):
        planned = self.plan()  # planned for an hour from "now", never left
        self.assertEqual(check_overdue_visits(self.due), 1)
        planned.refresh_from_db()
        self.assertIsNone(planned.overdue_alerted_at)

    def test_a_late_check_in_still_works_and_resolves_nothing(self):
        check_overdue_visits(self.due)
        visit = actions.do_check_in_home_visit(self.visit, acting_user=self.p.wang_fang,
                                               note="手机没电", now=self.due + 10 * MINUTE)
        self.assertEqual(visit.status, VisitStatus.RETURNED)
        self.assertTrue(visit.checked_in_late)
        self.assertEqual(self.alerts().get().status, AlertStatus.OPEN)
        event = self.assert_audited("home_visit.checked_in", actor=self.p.wang_fang,
                                    target=visit)
        self.assertEqual((event.data["after_alert"], event.data["minutes_after_expected"]),
                         (True, 40))
        # Those who got the alert hear the team is back; the alert stays theirs to resolve.
        for person in (self.zhou_mei, self.p.chen_min):
            with self.subTest(recipient=person.username):
                self.assertTrue(Notification.objects.filter(
                    recipient=person, kind="home_visit", urgent=True).exists())
