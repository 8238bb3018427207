"""`caring_for(client, user)` and the client-file panel: the client's caring teams and
peer-supporter record, for readers of community work who may see the client, in few queries."""

from django.template import Context, Template
from django.test import RequestFactory

from anxin.caring import actions
from anxin.caring.selectors import caring_for
from anxin.clients.access import access_client

from .helpers import TODAY, CaringTestCase


class CaringForTest(CaringTestCase):
    def test_it_gives_the_teams_and_the_peer_record_to_those_who_see_the_client(self):
        summary = caring_for(self.p.client_a, self.p.wang_fang)
        self.assertTrue(summary.shown)
        self.assertEqual([row.team for row in summary.teams], [self.team])
        self.assertEqual(summary.peer, self.supporter)

    def test_it_gives_nothing_to_those_who_may_not_see(self):
        for user in (self.p.li_qiang, self.p.zhao_lei, self.p.viewer):
            with self.subTest(user=user.username):
                summary = caring_for(self.p.client_a, user)
                self.assertEqual((summary.shown, summary.teams, summary.peer),
                                 (False, [], None))

    def test_it_costs_two_queries_for_a_client_that_came_through_access(self):
        client = access_client(self.p.wang_fang, self.p.client_a.pk)
        self.assertIsNotNone(self.p.wang_fang.membership)  # a request has it already
        with self.assertNumQueries(2):
            caring_for(client, self.p.wang_fang)

    def test_the_panel_shows_the_team_and_the_status(self):
        actions.do_end_team_client(self.team_client, acting_user=self.p.wang_fang,
                                   until=TODAY())
        request = RequestFactory().get("/")
        request.user = self.p.wang_fang
        html = Template("{% load caring_tags %}{% caring_client_panel client %}").render(
            Context({"request": request, "client": self.p.client_a}))
        self.assertIn("浆洗街关爱帮扶团队", html)
        self.assertIn("候选", html)
        include = Template('{% include "caring/_client_panel.html" %}').render(Context({
            "caring": caring_for(self.p.client_a, self.p.li_qiang)}))
        self.assertNotIn("caring-panel", include)
