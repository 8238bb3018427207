"""A client's community activities for their file: one query, only what the reader may see."""

from django.template.loader import render_to_string

from anxin.community import actions
from anxin.community.selectors import activities_of
from anxin.core.access import mark_seen
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import DAY, record_activity


class ActivitiesOfClientTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lecture = record_activity(cls.p.wang_fang)
        cls.visits = record_activity(cls.p.wang_fang, type="festival_visits", title="中秋慰问",
                                     date=DAY.replace(month=9, day=25))
        record_activity(cls.p.wang_fang, title="另一场讲座")  # without her
        for activity in (cls.lecture, cls.visits):
            actions.do_add_participant(activity, cls.p.client_a, acting_user=cls.p.wang_fang)

    def test_it_lists_the_clients_activities_newest_first_in_one_query(self):
        with self.assertNumQueries(1):
            activities = activities_of(self.p.client_a, self.p.wang_fang)
        self.assertEqual(activities, [self.visits, self.lecture])
        with self.assertNumQueries(0):
            html = render_to_string("community/_client_activities.html",
                                    {"activities": activities})
        self.assertIn("中秋慰问", html)
        self.assertIn("节日慰问", html)
        self.assertNotIn("另一场讲座", html)

    def test_a_client_already_found_visible_costs_no_visibility_rule(self):
        mark_seen(self.p.client_a, self.p.wang_fang)
        with self.assertNumQueries(1):
            self.assertEqual(len(activities_of(self.p.client_a, self.p.wang_fang)), 2)

    def test_those_who_may_not_see_the_client_or_community_work_get_nothing(self):
        self.assertEqual(activities_of(self.p.client_a, self.p.li_qiang), [])
        self.assertEqual(activities_of(self.p.client_a, self.p.zhao_lei), [])
        self.assertEqual(activities_of(self.p.client_a, self.p.viewer), [])
        self.assertEqual(len(activities_of(self.p.client_a, self.p.archivist_a)), 2)

    def test_the_include_says_when_there_are_none(self):
        html = render_to_string("community/_client_activities.html", {"activities": []})
        self.assertIn("暂无社区活动记录。", html)
