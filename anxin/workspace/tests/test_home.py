"""The home dashboard shows each role what it looks after, and never more."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anxin.audit.actions import record
from anxin.workspace.testing.cases import PersonaTestCase


class HomeDashboardTest(PersonaTestCase):
    def test_it_shows_a_supervisor_the_clients_of_their_team(self):
        self.client.force_login(self.p.chen_min)
        response = self.client.get(reverse("home"))
        self.assertContains(response, self.p.client_a.name)
        self.assertNotContains(response, self.p.client_a2.name)

    def test_it_shows_a_worker_only_their_own_clients(self):
        self.client.force_login(self.p.li_qiang)
        response = self.client.get(reverse("home"))
        self.assertContains(response, self.p.client_a2.name)
        self.assertNotContains(response, self.p.client_a.name)
        self.assertNotContains(response, self.p.client_b.name)

    def test_it_shows_a_regional_viewer_no_identities(self):
        self.client.force_login(self.p.viewer)
        response = self.client.get(reverse("home"))
        for client in (self.p.client_a, self.p.client_a2, self.p.client_b):
            self.assertNotContains(response, client.name)
        self.assertContains(response, "区域概览")



class RecentActivityTest(PersonaTestCase):
    """我的近期操作 lists the work the user did: changes, by their readable names; not sign-ins,
    nor the files they viewed, printed or exported."""

    def activity(self, response) -> str:
        html = response.content.decode()
        start = html.index('id="home-activity"')
        return html[start:html.index("</section>", start)]

    def test_it_lists_changes_by_their_readable_names(self):
        me, client = self.p.wang_fang, self.p.client_a
        record("client.updated", actor=me, target=client, client=client)
        record("client.contact_added", actor=me, target=client, client=client)
        self.client.force_login(me)
        activity = self.activity(self.client.get(reverse("home")))
        self.assertIn("修改服务对象信息", activity)
        self.assertIn("添加联系人", activity)
        self.assertIn(client.name, activity)
        self.assertNotIn("client.updated", activity)

    def test_it_leaves_out_sign_ins_views_prints_and_exports(self):
        me, client = self.p.wang_fang, self.p.client_a
        for action in ("auth.login_succeeded", "auth.logout", "client.viewed",
                       "case.document_viewed", "case.document.printed", "clients.exported",
                       "home_visit.viewed", "safety.alert.viewed"):
            record(action, actor=me, target=client, client=client)
        self.client.force_login(me)
        activity = self.activity(self.client.get(reverse("home")))
        self.assertNotIn(client.name, activity)
        self.assertIn("暂无", activity)

    def test_it_shows_only_the_users_own_work(self):
        record("client.updated", actor=self.p.li_qiang, target=self.p.client_a2,
               client=self.p.client_a2)
        self.client.force_login(self.p.wang_fang)
        activity = self.activity(self.client.get(reverse("home")))
        self.assertNotIn(self.p.client_a2.name, activity)

    def test_it_reads_the_activity_in_the_same_number_of_queries_however_long(self):
        me, client = self.p.wang_fang, self.p.client_a
        self.client.force_login(me)
        record("client.updated", actor=me, target=client, client=client)
        with CaptureQueriesContext(connection) as one:
            self.client.get(reverse("home"))
        for _ in range(9):
            record("client.updated", actor=me, target=self.p.client_a, client=client)
            record("client.updated", actor=me, target=self.p.client_a2,
                   client=self.p.client_a2)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(reverse("home"))
        self.assertEqual(len(response.context["activity"]), 10)
        self.assertEqual(len(many), len(one))


class OrganisationMenuTest(PersonaTestCase):
    def test_the_org_admin_finds_the_emergency_access_review_in_the_menu(self):
        review = reverse("clients:emergency_list")
        for user, shown in ((self.p.admin_a, True), (self.p.chen_min, False),
                            (self.p.wang_fang, False)):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                page = self.client.get(reverse("home")).content.decode()
                self.assertEqual(f'href="{review}"' in page, shown)
