"""The ID-number check (search before create, CMH-8.3) tells a user of a colleague's client
only that the person is registered and whom to ask — never the client's name or file number —
and each lookup is limited per user and on the record, without the number itself."""

import time
from unittest import mock

from django.core.cache import cache
from django.urls import reverse

from anxin.audit.models import AuditEvent
from anxin.clients import id_check
from anxin.clients.models import Client
from anxin.clients.selectors import id_number_index
from anxin.workspace.testing.cases import PersonaTestCase


class IdCheckDisclosureTest(PersonaTestCase):
    def setUp(self):
        cache.clear()  # rate-limit counters
        # The limit counts in fixed clock windows: a slow run must not cross into a new one.
        clock = mock.patch("django_ratelimit.core.time.time", return_value=time.time())
        clock.start()
        self.addCleanup(clock.stop)
        self.url = reverse("clients:check_id")

    def tearDown(self):
        cache.clear()

    def check(self, user, number, **headers):
        self.client.force_login(user)
        return self.client.get(self.url, {"id_number": number}, **headers)

    def test_a_colleagues_client_is_not_named_only_whom_to_ask(self):
        # 李强 may not open 王芳's client_a.
        response = self.check(self.p.li_qiang, self.p.client_a.id_number)
        self.assertContains(response, 'id="id-check-existing"')
        self.assertContains(response, "王芳")  # the registering colleague, to ask
        self.assertNotContains(response, self.p.client_a.name)
        self.assertNotContains(response, self.p.client_a.file_number)
        self.assertNotContains(response, self.p.client_a.get_absolute_url())

    def test_a_file_the_user_may_open_is_named_and_linked(self):
        response = self.check(self.p.wang_fang, self.p.client_a.id_number)
        self.assertContains(response, self.p.client_a.name)
        self.assertContains(response, self.p.client_a.file_number)
        self.assertContains(response, self.p.client_a.get_absolute_url())

    def test_another_organisations_client_is_not_found_at_all(self):
        response = self.check(self.p.wang_fang, self.p.client_b.id_number)
        self.assertNotContains(response, 'id="id-check-existing"')
        self.assertNotContains(response, self.p.client_b.name)

    def test_every_lookup_is_audited_with_the_blind_index_not_the_number(self):
        number = self.p.client_a.id_number
        self.check(self.p.li_qiang, number)
        event = self.assert_audited("clients.id_number_checked", actor=self.p.li_qiang,
                                    client=self.p.client_a)
        self.assertEqual(event.data, {"id_number_index": id_number_index(number),
                                      "found": True})
        self.assertNotIn(number, str(event.data))
        self.assertNotIn(number.upper(), str(event.data))

    def test_a_lookup_that_finds_nobody_is_audited_too(self):
        self.check(self.p.wang_fang, self.p.client_b.id_number)
        event = self.assert_audited("clients.id_number_checked", actor=self.p.wang_fang)
        self.assertIsNone(event.client)
        self.assertFalse(event.data["found"])

    def test_a_number_that_is_not_valid_looks_nothing_up(self):
        self.check(self.p.wang_fang, "110105194912310021")
        self.assert_not_audited("clients.id_number_checked")

    def test_lookups_are_limited_per_user(self):
        number = self.p.client_a.id_number
        limit = int(id_check.ID_CHECK_RATE.split("/")[0])
        for _ in range(limit):
            self.assertNotContains(self.check(self.p.li_qiang, number), "id-check-throttled")
        refused = self.check(self.p.li_qiang, number)
        self.assertEqual(refused.status_code, 429)
        self.assertContains(refused, 'id="id-check-throttled"', status_code=429)
        self.assertNotContains(refused, 'id="id-check-existing"', status_code=429)
        self.assertEqual(AuditEvent.objects.filter(action="clients.id_number_checked",
                                                   actor=self.p.li_qiang).count(), limit)
        # htmx swaps only 2xx answers: the form gets the message in a 200.
        htmx = self.check(self.p.li_qiang, number, HTTP_HX_REQUEST="true")
        self.assertContains(htmx, 'id="id-check-throttled"')
        # The limit is the user's own: a colleague still checks.
        self.assertContains(self.check(self.p.chen_min, number), 'id="id-check-existing"')

    def test_a_refused_check_still_fills_birth_date_and_sex(self):
        # Reading the number itself reveals nothing about anybody's file.
        for _ in range(int(id_check.ID_CHECK_RATE.split("/")[0]) + 1):
            response = self.check(self.p.wang_fang, self.p.client_a.id_number)
        self.assertContains(response, "data-birth-date", status_code=429)

    def test_the_duplicate_is_still_refused_at_save(self):
        self.client.force_login(self.p.li_qiang)
        response = self.client.post(reverse("clients:create"), {
            "name": "另一个人", "id_number": self.p.client_a.id_number, "phone": "13912345678",
            "district": "510107", "population_categories": ["mental_disorder"]})
        self.assertContains(response, 'id="duplicate-offer"')
        self.assertNotContains(response, self.p.client_a.name)
        self.assertFalse(Client.objects.filter(name="另一个人").exists())

    def test_a_colleagues_namesake_is_not_listed_by_file_number(self):
        # Same name and birth date as client_a, no ID number: 李强 is warned, not shown the file.
        self.client.force_login(self.p.li_qiang)
        twin = self.p.client_a
        response = self.client.post(reverse("clients:create"), {
            "name": twin.name, "birth_date": twin.birth_date.isoformat(), "sex": twin.sex,
            "district": "510107", "population_categories": ["mental_disorder"]})
        self.assertContains(response, 'id="possible-duplicates"')
        self.assertContains(response, "王芳")
        self.assertNotContains(response, twin.file_number)
        self.assertNotContains(response, twin.get_absolute_url())
