"""Registering through the API a person a colleague already has on file is refused (one person,
one file, CMH-8.3) without naming that file: only whom to ask, as on the registration page."""

from django.urls import reverse
from rest_framework.test import APIClient

from anxin.clients.models import Client
from anxin.workspace.testing.cases import PersonaTestCase

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


class DuplicateDisclosureTest(PersonaTestCase):
    client_class = APIClient

    def register(self, user, data):
        self.client.force_authenticate(user)
        return self.client.post(reverse("client-list"), data, format="json", **EN)

    def test_a_colleagues_client_is_not_named_in_the_refusal(self):
        # 李强 may not open 王芳's client_a.
        response = self.register(self.p.li_qiang, {"name": "孙测试",
                                                   "id_number": self.p.client_a.id_number})
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["fields"]["id_number"][0]["code"], "duplicate_id_number")
        self.assertIn("王芳", error["fields"]["id_number"][0]["message"])
        self.assertNotIn("existing_client", error)
        self.assertNotIn(self.p.client_a.file_number, response.content.decode())
        self.assertNotIn(self.p.client_a.name, response.content.decode())
        self.assertFalse(Client.objects.filter(name="孙测试").exists())

    def test_a_file_the_user_may_open_is_still_offered(self):
        response = self.register(self.p.wang_fang, {"name": "孙测试",
                                                    "id_number": self.p.client_a.id_number})
        self.assertEqual(response.json()["error"]["existing_client"]["id"], self.p.client_a.pk)

    def test_possible_duplicates_list_only_files_the_user_may_open(self):
        data = {"name": self.p.client_a.name, "birth_date": "1980-05-17", "sex": "M"}
        response = self.register(self.p.li_qiang, data)
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["fields"]["name"][0]["code"], "possible_duplicate")
        self.assertIn("王芳", error["fields"]["name"][0]["message"])
        self.assertNotIn(self.p.client_a.file_number, response.content.decode())
        self.assertEqual(error.get("candidates", []), [])
