"""The menu leads to "My jobs" for whoever can start one (an export or an import)."""

from django.urls import reverse

from anxin.accounts.capabilities import CLIENT_CREATE, CLIENT_EXPORT
from anxin.workspace.testing.cases import PersonaTestCase


class MyJobsInTheMenuTests(PersonaTestCase):
    def test_shown_exactly_to_those_who_can_export_or_import(self):
        link = f'href="{reverse("jobs:list")}"'
        for name, user in self.p.all_users().items():
            with self.subTest(persona=name):
                self.client.force_login(user)
                page = self.client.get(reverse("home")).content.decode()
                expected = user.can(CLIENT_EXPORT) or user.can(CLIENT_CREATE)
                self.assertEqual(link in page, expected)
