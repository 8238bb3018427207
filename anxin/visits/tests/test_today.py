"""今日家访 is today's visits: a visit planned for another day is not on today's list and cannot
be left on today ("leave now" is neither offered nor accepted). The day is the site's (China
time), not UTC's."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from anxin.visits import actions, selectors
from anxin.visits.choices import VisitStatus

from .helpers import HOUR, MINUTE, VisitTestCase

DAY = datetime.timedelta(days=1)
COMPANION = {"companion_name": "刘建国", "companion_role": "社区医生"}


class TodayTestCase(VisitTestCase):
    def setUp(self):
        super().setUp()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.p.wang_fang)

    def at(self, day_offset: int, hour: int, minute: int = 0) -> datetime.datetime:
        """A moment of today (or `day_offset` days on), site time."""
        zone = timezone.get_default_timezone()
        day = timezone.localtime(self.now, zone).date() + datetime.timedelta(days=day_offset)
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)

    def yesterdays_visit(self):
        """A visit planned yesterday for yesterday, never left."""
        return actions.do_plan_home_visit(
            self.p.client_a, acting_user=self.p.wang_fang, case=self.case,
            planned_for=self.now - DAY, purpose="了解服药情况", place="幸福路1号",
            staff=[self.p.wang_fang, self.p.li_qiang], suitability_note="母亲说近来平稳",
            now=self.now - DAY)


class TodaysListTests(TodayTestCase):
    def test_it_lists_todays_visits_and_not_tomorrows(self):
        """A visit planned for tomorrow, ready or awaiting approval, is not on today's list."""
        today = self.plan()
        tomorrow = self.plan(planned_for=self.now + DAY)
        yesterday = self.yesterdays_visit()
        self.set_risk_level(3)
        tomorrow_risky = self.plan(planned_for=self.now + DAY + HOUR, **COMPANION)
        self.assertEqual(tomorrow_risky.status, VisitStatus.AWAITING_APPROVAL)

        response = self.client.get(reverse("visits:list"))

        self.assertContains(response, today.get_absolute_url())
        for other in (tomorrow, tomorrow_risky, yesterday):
            with self.subTest(visit=str(other)):
                self.assertNotContains(response, f'data-visit="{other.pk}"')

    def test_it_counts_the_day_in_the_site_time_zone(self):
        """At 23:30 China time a visit at 00:30 is tomorrow's, though the same day in UTC."""
        late = self.plan(planned_for=self.at(0, 23, 45))
        after_midnight = self.plan(planned_for=self.at(1, 0, 30))
        now = self.at(0, 23, 30)
        self.assertEqual(now.astimezone(datetime.UTC).date(),
                         after_midnight.planned_for.astimezone(datetime.UTC).date())

        listed = set(selectors.board(self.p.wang_fang, now=now))

        self.assertIn(late, listed)
        self.assertNotIn(after_midnight, listed)
        self.assertIn(after_midnight, set(selectors.board(self.p.wang_fang,
                                                          now=now + HOUR)))

    def test_a_visit_out_since_yesterday_stays_on_the_list(self):
        """A team still out is listed whatever day it left: nobody loses sight of it."""
        visit = self.plan(planned_for=self.at(0, 22))
        self.depart(visit, at=self.at(0, 22), back_in=3 * HOUR)
        self.assertIn(visit, set(selectors.board(self.p.wang_fang, now=self.at(1, 0, 30))))


class LeaveNowTests(TodayTestCase):
    def test_it_offers_leave_now_only_for_a_visit_planned_for_today(self):
        today, tomorrow = self.plan(), self.plan(planned_for=self.now + DAY)

        page = self.client.get(today.get_absolute_url())
        self.assertContains(page, 'id="depart-link"')
        self.assertNotContains(page, 'id="not-today"')

        page = self.client.get(tomorrow.get_absolute_url())
        self.assertNotContains(page, 'id="depart-link"')
        self.assertContains(page, 'id="not-today"')
        local = timezone.localtime(tomorrow.planned_for).strftime("%Y-%m-%d")
        self.assertContains(page, f"Planned for {local}")

    def test_the_departure_page_of_another_days_visit_sends_back_to_the_visit(self):
        tomorrow = self.plan(planned_for=self.now + DAY)
        response = self.client.get(reverse("visits:depart", args=[tomorrow.pk]),
                                   follow=True)
        self.assertRedirects(response, tomorrow.get_absolute_url())
        self.assertContains(response, "not today")

    def test_it_refuses_to_leave_today_on_a_visit_planned_for_another_day(self):
        for visit in (self.plan(planned_for=self.now + DAY), self.yesterdays_visit()):
            with self.subTest(planned_for=visit.planned_for), \
                    self.assertRaises(ValidationError) as caught:
                self.depart(visit)
            day = timezone.localtime(visit.planned_for).strftime("%Y-%m-%d")
            self.assertEqual(caught.exception.messages, [
                f"This visit is planned for {day}, not today: the staff leave on that day. "
                "To go today, cancel it and plan it again for today."])
            visit.refresh_from_db()
            self.assertEqual(visit.status, VisitStatus.READY)
        self.assert_not_audited("home_visit.departed")

    def test_the_same_visit_leaves_on_its_day(self):
        visit = self.plan(planned_for=self.now + DAY)
        left = self.depart(visit, at=visit.planned_for - 10 * MINUTE)
        self.assertEqual(left.status, VisitStatus.OUT)
