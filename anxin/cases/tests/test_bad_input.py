"""Case ids in a query string that no database could hold are skipped, not a server error."""

from django.urls import reverse

from anxin.workspace.testing.cases import PersonaTestCase


class ReassignBadIdsTest(PersonaTestCase):
    def test_an_id_beyond_64_bits_is_skipped(self):
        self.client.force_login(self.p.chen_min)
        self.client.raise_request_exception = False
        response = self.client.get(reverse("cases:reassign"),
                                   {"case": ["9223372036854775808", "1" * 40, "abc", "٣"]})
        self.assertEqual(response.status_code, 200)
