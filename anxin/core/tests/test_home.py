"""The home dashboard shows each role what it looks after, and never more."""

from django.urls import reverse

from anxin.core.testing.cases import PersonaTestCase


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

    def test_it_lists_recent_activity_with_readable_labels(self):
        self.client.force_login(self.p.wang_fang)
        self.client.get(reverse("clients:detail", args=[self.p.client_a.pk]))
        response = self.client.get(reverse("home"))
        self.assertContains(response, "查看服务对象档案")
        self.assertNotContains(response, "client.viewed")
