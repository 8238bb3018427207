"""Home at volume: the user's most recently changed clients cost the same queries however many
clients they see, and are the right eight in the right order."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anxin.clients.models import Client
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client


class HomeScaleTests(PersonaTestCase):
    def count(self):
        self.client.get(reverse("home"))  # per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def test_my_clients_cost_the_same_queries_and_are_the_newest_eight(self):
        for name in ("wang_fang", "chen_min", "admin_a"):
            with self.subTest(name=name):
                self.client.force_login(getattr(self.p, name))
                few, _page = self.count()
                for i in range(12):
                    make_client(self.p.org_a, self.p.wang_fang, name=f"{name}{i}",
                                sequence=len(name) * 100 + i)
                many, page = self.count()
                self.assertEqual(many, few)
                user = getattr(self.p, name)
                expected = list(Client.objects.visible_to(user)
                                .order_by("-updated_at", "-id")[:8])
                self.assertEqual(len(expected), 8)
                self.assertEqual(list(page.context["my_clients"]), expected)
                # Another organisation's client is never among them.
                self.assertNotIn(self.p.client_b, page.context["my_clients"])
