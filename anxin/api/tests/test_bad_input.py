"""Bad input to the API is a 400 in the error format, never a server error."""

from django.urls import reverse
from rest_framework.test import APIClient

from anxin.api.tests.test_cases_api import open_case
from anxin.workspace.testing.cases import PersonaTestCase

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


class ApiBadInputTest(PersonaTestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case_a = open_case(cls.p.client_a, cls.p.wang_fang, supervisor=cls.p.chen_min)

    def setUp(self):
        self.client.force_authenticate(self.p.wang_fang)
        # A server error must show as a response here, not as an exception in the test.
        self.client.raise_request_exception = False

    def post_raw(self, body: bytes):
        url = reverse("case-end", args=[self.case_a.pk])
        return self.client.generic("POST", url, body, content_type="application/json", **EN)

    def assert_bad_request(self, response, words: str):
        self.assertEqual(response.status_code, 400, response.content[:300])
        error = response.json()["error"]
        self.assertIn(error["code"], ("parse_error", "validation_error", "invalid_input"))
        self.assertIn(words, error["message"])

    def test_a_worker_id_beyond_64_bits_is_a_400(self):
        response = self.client.get(reverse("case-list"), {"worker": "9223372036854775808"},
                                   **EN)
        self.assertEqual(response.status_code, 400, response.content[:300])
        self.assertIn("worker", response.json()["error"]["fields"])

    def test_a_negative_or_zero_worker_id_is_a_400(self):
        for value in ("-1", "0", "99999999999999999999999"):
            with self.subTest(value=value):
                response = self.client.get(reverse("case-list"), {"worker": value}, **EN)
                self.assertEqual(response.status_code, 400)

    def test_an_ordinary_worker_id_still_filters(self):
        response = self.client.get(reverse("case-list"), {"worker": self.p.wang_fang.pk}, **EN)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 1)

    def test_a_lone_surrogate_in_json_is_a_400(self):
        self.assert_bad_request(self.post_raw(b'{"reason": "\\ud800"}'), "JSON")

    def test_a_lone_surrogate_in_a_key_is_a_400(self):
        self.assert_bad_request(self.post_raw(b'{"\\udfff": 1}'), "JSON")

    def test_json_nested_5000_deep_is_a_400(self):
        self.assert_bad_request(self.post_raw(b"[" * 5000 + b"]" * 5000), "deep")

    def test_a_nul_character_in_json_is_a_400(self):
        self.assert_bad_request(self.post_raw(b'{"reason": "a\\u0000b"}'), "NUL")

    def test_bytes_that_are_not_utf8_are_a_400(self):
        self.assert_bad_request(self.post_raw(b'{"reason": "\xff\xfe"}'), "JSON")

    def test_a_pair_of_surrogates_is_an_ordinary_character(self):
        # "\ud83d\ude00" is one emoji written as a UTF-16 pair: valid JSON, valid text.
        response = self.post_raw(b'{"reason": "\\ud83d\\ude00"}')
        self.assertNotEqual(response.status_code, 500)
        self.assertNotEqual(response.json().get("error", {}).get("code"), "parse_error")
