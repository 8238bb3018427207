"""`core.access.access`: one answer for every `access_*` — 403 before any lookup when a
capability is missing, 404 for a row that is not there, not visible or not an id."""

from django.contrib.auth.models import AnonymousUser

from anxin.accounts.capabilities import CLIENT_EDIT, CLIENT_VIEW
from anxin.clients.models import Client
from anxin.core.access import access
from anxin.core.exceptions import NotPermitted, NotVisible
from anxin.workspace.testing.cases import PersonaTestCase


class AccessTests(PersonaTestCase):
    def test_it_returns_a_row_the_user_sees(self):
        found = access(self.p.wang_fang, Client.objects, self.p.client_a.pk, CLIENT_VIEW)
        self.assertEqual(found, self.p.client_a)

    def test_another_organisations_row_is_not_found(self):
        with self.assertRaises(NotVisible):
            access(self.p.wang_fang, Client.objects, self.p.client_b.pk, CLIENT_VIEW)

    def test_a_colleagues_row_the_rule_hides_is_not_found(self):
        with self.assertRaises(NotVisible):
            access(self.p.wang_fang, Client.objects, self.p.client_a2.pk)

    def test_missing_and_malformed_ids_are_not_found(self):
        for pk in (10**9, "x1", None):
            with self.subTest(pk=pk), self.assertRaises(NotVisible):
                access(self.p.admin_a, Client.objects, pk)

    def test_a_missing_capability_refuses_before_looking(self):
        # The archivist reads every client but edits none: refused even for an id that does not
        # exist, so the answer says nothing about which ids do.
        for pk in (self.p.client_a.pk, 10**9):
            with self.subTest(pk=pk), self.assertRaises(NotPermitted), \
                    self.assertNumQueries(0):
                access(self.p.archivist_a, Client.objects, pk, CLIENT_VIEW, CLIENT_EDIT)

    def test_an_anonymous_user_is_refused(self):
        with self.assertRaises(NotPermitted):
            access(AnonymousUser(), Client.objects, self.p.client_a.pk, CLIENT_VIEW)
