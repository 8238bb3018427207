"""The registration form: the street list follows the district, the server checks that the
street lies in the district, and a valid ID number hands its birth date and sex to the page."""

import datetime

from django.urls import reverse

from anxin.clients import identity
from anxin.clients.models import Client
from anxin.workspace.testing.cases import PersonaTestCase

YULIN, CHUNXI = "510107003", "510104001"  # 玉林街道 (武侯区), 春熙路街道 (锦江区)


class StreetOptionsTest(PersonaTestCase):
    url = reverse("clients:streets")

    def test_it_lists_only_the_streets_of_the_chosen_district(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(self.url, {"district": "510104"})
        self.assertContains(response, f'<option value="{CHUNXI}">春熙路街道</option>')
        self.assertNotContains(response, YULIN)

    def test_it_asks_for_the_district_first_when_none_is_chosen(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(self.url, {"district": ""})
        self.assertContains(response, "请先选择区县")
        self.assertNotContains(response, "街道")

    def test_it_answers_404_for_a_district_outside_the_users_city(self):
        """深圳's 赵磊 may not list 成都's streets, nor anyone a made-up district's."""
        self.client.force_login(self.p.zhao_lei)
        self.assertEqual(self.client.get(self.url, {"district": "510107"}).status_code, 404)
        self.assertEqual(self.client.get(self.url, {"district": "440305"}).status_code, 200)
        self.client.force_login(self.p.wang_fang)
        self.assertEqual(self.client.get(self.url, {"district": "999999"}).status_code, 404)

    def test_it_refuses_users_who_neither_register_nor_edit_clients(self):
        for user in (self.p.quality_a, self.p.archivist_a, self.p.viewer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(
                    self.client.get(self.url, {"district": "510107"}).status_code, 403)

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        response = self.client.get(self.url, {"district": "510107"})
        self.assertEqual(response.status_code, 302)

    def test_it_wires_the_district_list_to_the_street_list(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("clients:create"))
        self.assertContains(response, f'hx-get="{self.url}"')
        self.assertContains(response, 'hx-target="#id_street"')


class StreetInDistrictTest(PersonaTestCase):
    def setUp(self):
        self.client.force_login(self.p.wang_fang)

    def post(self, **overrides):
        data = {"name": "陈晓东", "id_number": identity.compose(
                    "510107", datetime.date(1975, 3, 8), 135),
                "district": "510107", "street": YULIN, "population_categories": []}
        data.update(overrides)
        return self.client.post(reverse("clients:create"), data)

    def test_it_refuses_a_street_of_another_district(self):
        response = self.post(street=CHUNXI)
        self.assertContains(response, 'data-field-error="street"')
        self.assertContains(response, "春熙路街道不属于武侯区")
        self.assertFalse(Client.objects.filter(name="陈晓东").exists())

    def test_it_refuses_a_street_without_its_district(self):
        response = self.post(district="")
        self.assertContains(response, 'data-field-error="district"')
        self.assertContains(response, "请选择玉林街道所在的区县")
        self.assertFalse(Client.objects.filter(name="陈晓东").exists())

    def test_it_shows_the_chosen_districts_streets_when_the_form_comes_back(self):
        """Sent back with an error, the street list still holds the district's streets only."""
        response = self.post(name="", district="510104", street=CHUNXI)
        html = response.content.decode()
        street_list = html[html.index('id="id_street"'):]
        street_list = street_list[:street_list.index("</select>")]
        self.assertIn("春熙路街道", street_list)
        self.assertNotIn("玉林街道", street_list)

    def test_it_lists_the_clients_district_streets_when_editing(self):
        client = self.p.client_a  # lives in 武侯区
        response = self.client.get(reverse("clients:edit", args=[client.pk]))
        html = response.content.decode()
        street_list = html[html.index('id="id_street"'):]
        street_list = street_list[:street_list.index("</select>")]
        self.assertIn("玉林街道", street_list)
        self.assertNotIn("春熙路街道", street_list)


class IdCheckHandsOverBirthDateAndSexTest(PersonaTestCase):
    def test_it_gives_the_birth_date_and_sex_of_a_valid_number_to_the_page(self):
        self.client.force_login(self.p.wang_fang)
        number = identity.compose("510107", datetime.date(1968, 11, 2), 246)
        response = self.client.get(reverse("clients:check_id"), {"id_number": number})
        self.assertContains(response, 'data-birth-date="1968-11-02" data-sex="F"')

    def test_it_gives_nothing_for_a_wrong_number(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("clients:check_id"),
                                   {"id_number": "110105194912310021"})
        self.assertNotContains(response, "data-birth-date")

    def test_it_loads_the_filling_script_on_the_registration_form_only(self):
        self.client.force_login(self.p.wang_fang)
        self.assertContains(self.client.get(reverse("clients:create")), "anxin/id_fill.js")
        self.assertNotContains(
            self.client.get(reverse("clients:edit", args=[self.p.client_a.pk])), "id_fill.js")
