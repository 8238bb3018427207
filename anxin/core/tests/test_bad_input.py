"""A NUL character in the address, a query string or a form is a 400 naming the field, before
any view runs. PostgreSQL text cannot hold NUL: it was a server error there (run these on
PostgreSQL too)."""

from django.urls import reverse

from anxin.clients.models import Client
from anxin.workspace.testing.cases import PersonaTestCase

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}  # the API honours it; pages follow the session


class NulCharacterTest(PersonaTestCase):
    def setUp(self):
        self.client.force_login(self.p.wang_fang)
        self.client.raise_request_exception = False
        self.english()

    def english(self):
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})

    def test_a_nul_in_the_stage_filter_is_a_400_naming_it(self):
        response = self.client.get(reverse("cases:list") + "?stage=a%00b", **EN)
        self.assertContains(response, 'data-status="400"', status_code=400)
        self.assertContains(response, "“stage” holds a NUL character", status_code=400)
        self.assertContains(response, 'id="main-nav"', status_code=400)  # the site's layout

    def test_a_nul_in_a_region_field_of_the_client_form_saves_nothing(self):
        before = Client.objects.count()
        response = self.client.post(reverse("clients:create"), {
            "name": "测试", "sex": "F", "birth_date": "1990-01-01",
            "district": "510107\x00", "street": "510107001\x00"}, **EN)
        self.assertContains(response, "holds a NUL character", status_code=400)
        self.assertEqual(Client.objects.count(), before)

    def test_a_nul_in_the_street_list_query_is_a_400(self):
        response = self.client.get(reverse("clients:streets"), {"district": "5101\x0007"})
        self.assertEqual(response.status_code, 400)

    def test_a_nul_in_a_field_name_is_a_400(self):
        response = self.client.get(reverse("cases:list") + "?st%00age=x", **EN)
        self.assertContains(response, "“st\\0age”", status_code=400)

    def test_a_nul_in_the_path_is_a_400(self):
        response = self.client.get("/clients/%00/", **EN)
        self.assertContains(response, "The address holds a NUL character", status_code=400)

    def test_the_refusal_is_in_chinese_by_default(self):
        self.client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
        response = self.client.get(reverse("cases:list") + "?stage=a%00b")
        self.assertContains(response, "空字符", status_code=400)

    def test_the_api_answers_in_its_error_shape(self):
        response = self.client.get("/api/v1/cases/?stage=a%00b", **EN)
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["code"], "invalid_input")
        self.assertIn("“stage”", error["message"])

    def test_ordinary_input_passes(self):
        self.assertEqual(self.client.get(reverse("cases:list") + "?stage=intake").status_code,
                         200)
