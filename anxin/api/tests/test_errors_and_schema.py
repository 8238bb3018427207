import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from anxin.api.errors import django_validation_to_fields
from anxin.clients import identity
from anxin.workspace.testing.cases import PersonaTestCase


class ErrorShapeTests(PersonaTestCase):
    client_class = APIClient

    def test_it_answers_in_chinese_by_default(self):
        """Without Accept-Language the message is in the product's language, Chinese."""
        response = self.client.get(reverse("client-list"))
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"error": {"code": "not_authenticated",
                                                     "message": "身份认证信息未提供。"}})

    def test_it_answers_in_english_when_asked(self):
        """Accept-Language: en turns the action's validation message into English."""
        self.client.force_authenticate(self.p.wang_fang)
        number = identity.compose("510107", datetime.date(1990, 1, 2), 101)
        wrong = number[:-1] + ("1" if number[-1] == "0" else "0")
        response = self.client.post(reverse("client-list"), {"name": "新对象", "id_number": wrong},
                                    format="json", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["message"], "The data sent is not valid; see the fields.")
        self.assertEqual(error["fields"]["id_number"], [{
            "code": "id_checksum",
            "message": "The check digit of this ID number is wrong: please check each digit.",
        }])

    def test_it_answers_403_and_404_with_their_codes(self):
        """A missing capability is permission_denied; an invisible client is not_found."""
        self.client.force_authenticate(self.p.viewer)
        response = self.client.get(reverse("client-list"))
        self.assertEqual((response.status_code, response.json()["error"]["code"]),
                         (403, "permission_denied"))

        self.client.force_authenticate(self.p.wang_fang)
        response = self.client.get(reverse("client-detail", args=[self.p.client_b.pk]))
        self.assertEqual((response.status_code, response.json()["error"]["code"]),
                         (404, "not_found"))

    def test_it_reports_unknown_ids_and_non_numeric_ids_as_not_found(self):
        """An id that is not a number looks the same as one that does not exist."""
        self.client.force_authenticate(self.p.admin_a)
        for pk in ("999999", "abc"):
            with self.subTest(pk=pk):
                response = self.client.get(f"/api/v1/clients/{pk}/")
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json()["error"]["code"], "not_found")

    def test_it_keeps_errors_without_a_field_under_non_field_errors(self):
        """A ValidationError with no field still has the fields shape."""
        fields = django_validation_to_fields(ValidationError("Nope %(n)s", code="x",
                                                             params={"n": 1}))
        self.assertEqual(fields, {"non_field_errors": [{"code": "x", "message": "Nope 1"}]})


class SchemaAndDocsTests(PersonaTestCase):
    def test_it_serves_the_openapi_schema_to_anonymous_users(self):
        """The schema is documentation: readable before signing in, listing the client paths."""
        response = self.client.get(reverse("schema"), {"format": "json"})
        self.assertEqual(response.status_code, 200)
        paths = response.json()["paths"]
        self.assertIn("/api/v1/clients/", paths)
        self.assertEqual(set(paths["/api/v1/clients/"]), {"get", "post"})
        self.assertEqual(set(paths["/api/v1/clients/{id}/"]), {"get", "put", "patch"})

    def test_it_serves_the_schema_as_yaml_by_default(self):
        """Without a format the schema is the YAML that OpenAPI tools expect."""
        response = self.client.get("/api/schema/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/api/v1/clients/", response.content.decode())

    def test_it_lists_every_operation_on_the_docs_page(self):
        """The docs page needs no CDN: it lists each path, method and summary itself."""
        response = self.client.get(reverse("api-docs"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<code>/api/v1/clients/</code>", html=False)
        self.assertContains(response, "<code>/api/v1/clients/{id}/</code>", html=False)
        self.assertContains(response, "Register a client")
        self.assertNotContains(response, "cdn")
        self.assertNotContains(response, "<script")
