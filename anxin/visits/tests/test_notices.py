"""Home-visit notifications and the overdue alert's detail are stored as codes and read in the
reader's language; each request to act closes when it is settled (approval by the decision or
a cancellation, the station worker's watch by the check-in)."""

from django.utils import translation

from anxin.notifications.models import Notification
from anxin.safety.models import Alert
from anxin.visits import actions
from anxin.visits.actions import check_overdue_visits

from .helpers import MINUTE, VisitTestCase

COMPANION = {"companion_name": "刘建国", "companion_role": "社区医生"}


def read(note, language):
    with translation.override(language):
        return note.title_text, note.body_text


class VisitNoticeTests(VisitTestCase):
    def approval_request(self):
        self.set_risk_level(3)
        visit = self.plan(**COMPANION)
        note = Notification.objects.get(recipient=self.p.chen_min, subject_id=visit.pk,
                                        kind="home_visit_approval")
        return visit, note

    def test_the_approval_request_reads_in_each_readers_language(self):
        _visit, note = self.approval_request()
        self.assertEqual(note.title, "")  # a code, not text frozen in the sender's language
        self.assertEqual(read(note, "en")[0], "A home visit awaits your approval")
        title, body = read(note, "zh-hans")
        self.assertIn("家访", title)
        self.assertNotIn("Planned", body)

    def test_deciding_closes_the_request_and_tells_the_planner(self):
        for decide in ("approve", "refuse"):
            with self.subTest(decide=decide):
                visit, note = self.approval_request()
                if decide == "approve":
                    actions.do_approve_home_visit(visit, acting_user=self.p.chen_min)
                else:
                    actions.do_refuse_home_visit(visit, acting_user=self.p.chen_min,
                                                 reason="先安排门诊复诊")
                note.refresh_from_db()
                self.assertIsNotNone(note.closed_at)
                told = Notification.objects.filter(recipient=self.p.wang_fang,
                                                   subject_id=visit.pk).latest("pk")
                self.assertEqual(read(told, "en")[0], {
                    "approve": "Home visit approved",
                    "refuse": "Home visit not approved"}[decide])

    def test_cancelling_closes_the_request(self):
        visit, note = self.approval_request()
        actions.do_cancel_home_visit(visit, acting_user=self.p.wang_fang, reason="家属改约")
        note.refresh_from_db()
        self.assertIsNotNone(note.closed_at)

    def test_the_station_workers_watch_reads_in_english_and_closes_at_check_in(self):
        visit = self.out()
        note = Notification.objects.get(recipient=self.zhou_mei, kind="home_visit_station")
        title, body = read(note, "en")
        self.assertEqual(title, "You are the station worker for a home visit")
        self.assertIn("expect to be back by", body)
        self.assertIn("王芳", body)
        actions.do_check_in_home_visit(visit, acting_user=self.p.li_qiang,
                                       now=self.now + 30 * MINUTE)
        note.refresh_from_db()
        self.assertIsNotNone(note.closed_at)

    def test_the_overdue_alert_detail_reads_in_each_language(self):
        visit = self.out()
        check_overdue_visits(visit.expected_return_at + 30 * MINUTE)
        alert = Alert.objects.get(rule="visit_overdue")
        self.assertEqual(alert.detail, "")
        with translation.override("en"):
            self.assertIn("nobody has checked in", alert.detail_text)
            self.assertIn("13800001111", alert.detail_text)
        with translation.override("zh-hans"):
            self.assertNotIn("nobody", alert.detail_text)
            self.assertIn("13800001111", alert.detail_text)
