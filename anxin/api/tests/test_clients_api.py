import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from anxin.accounts.actions import do_issue_api_token
from anxin.audit.models import AuditEvent
from anxin.clients import actions, identity
from anxin.clients.models import Client
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client

BIRTH_DATE = datetime.date(1990, 1, 2)

# persona -> (visible client, other organisation's client, expected status per operation)
MATRIX = {
    "wang_fang": ("client_a", "client_b",
                  {"list": 200, "create": 201, "retrieve": 200, "retrieve_other_org": 404,
                   "update": 200}),
    "li_qiang": ("client_a2", "client_b",
                 {"list": 200, "create": 201, "retrieve": 200, "retrieve_other_org": 404,
                  "update": 200}),
    "chen_min": ("client_a", "client_b",
                 {"list": 200, "create": 201, "retrieve": 200, "retrieve_other_org": 404,
                  "update": 200}),
    "admin_a": ("client_a2", "client_b",
                {"list": 200, "create": 201, "retrieve": 200, "retrieve_other_org": 404,
                 "update": 200}),
    "archivist_a": ("client_a2", "client_b",
                    {"list": 200, "create": 403, "retrieve": 200, "retrieve_other_org": 404,
                     "update": 403}),
    "quality_a": ("client_a", "client_b",
                  {"list": 200, "create": 403, "retrieve": 200, "retrieve_other_org": 404,
                   "update": 403}),
    "zhao_lei": ("client_b", "client_a",
                 {"list": 200, "create": 201, "retrieve": 200, "retrieve_other_org": 404,
                  "update": 200}),
    # No client capability at all: refused before any lookup, so never a 404.
    "viewer": ("client_a", "client_b",
               {"list": 403, "create": 403, "retrieve": 403, "retrieve_other_org": 403,
                "update": 403}),
}


def new_client_data(sequence: int, **extra) -> dict:
    return {"name": f"新对象{sequence}",
            "id_number": identity.compose("510107", BIRTH_DATE, sequence),
            "population_categories": ["high_risk"], **extra}


class ClientApiTestCase(PersonaTestCase):
    client_class = APIClient

    def list_url(self) -> str:
        return reverse("client-list")

    def detail_url(self, client: Client) -> str:
        return reverse("client-detail", args=[client.pk])

    def as_user(self, user) -> None:
        self.client.force_authenticate(user)


class PermissionTests(ClientApiTestCase):
    def test_it_covers_every_persona_in_the_matrix(self):
        """The matrix names every persona, so a new role cannot slip past these tests."""
        self.assertEqual(set(MATRIX), set(self.p.all_users()))

    def test_it_answers_every_persona_as_the_permission_matrix_says(self):
        """Capability decides 403 before lookup; visibility decides 404; otherwise it works."""
        for sequence, (name, user) in enumerate(self.p.all_users().items(), start=101):
            visible_name, other_name, expected = MATRIX[name]
            self.as_user(user)
            requests = self.requests(visible=getattr(self.p, visible_name),
                                     other=getattr(self.p, other_name), sequence=sequence)
            for operation, make_request in requests.items():
                with self.subTest(persona=name, operation=operation):
                    response = make_request()
                    self.assertEqual(response.status_code, expected[operation],
                                     response.content)

    def requests(self, *, visible: Client, other: Client, sequence: int) -> dict:
        return {
            "list": lambda: self.client.get(self.list_url()),
            "create": lambda: self.client.post(self.list_url(), new_client_data(sequence),
                                               format="json"),
            "retrieve": lambda: self.client.get(self.detail_url(visible)),
            "retrieve_other_org": lambda: self.client.get(self.detail_url(other)),
            "update": lambda: self.client.patch(self.detail_url(visible),
                                                {"phone": f"1390000{sequence:04d}",
                                                 # as read now: earlier personas saved it
                                                 "edit_version": Client.objects.get(
                                                     pk=visible.pk).edit_version},
                                                format="json"),
        }

    def test_it_hides_same_org_clients_outside_the_users_caseload(self):
        """A worker's or supervisor's colleague's client is a 404, for reading and for writing."""
        hidden = {"wang_fang": "client_a2", "li_qiang": "client_a", "chen_min": "client_a2"}
        for name, client_name in hidden.items():
            self.as_user(getattr(self.p, name))
            url = self.detail_url(getattr(self.p, client_name))
            with self.subTest(persona=name):
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.patch(url, {"phone": "13900000000"},
                                                   format="json").status_code, 404)

    def test_it_refuses_anonymous_requests_with_401(self):
        """Without a token or session every endpoint answers 401 not_authenticated."""
        requests = self.requests(visible=self.p.client_a, other=self.p.client_b, sequence=101)
        for operation, make_request in requests.items():
            with self.subTest(operation=operation):
                response = make_request()
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response.json()["error"]["code"], "not_authenticated")
        self.assertFalse(Client.objects.filter(name="新对象101").exists())

    def test_it_authenticates_with_a_token(self):
        """`Authorization: Token <key>` signs the request in as the token's owner."""
        _token, key = do_issue_api_token(self.p.wang_fang, name="test")
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        response = self.client.get(self.list_url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row["id"] for row in response.json()["results"]], [self.p.client_a.pk])

    def test_it_refuses_an_unknown_token(self):
        """A wrong key is a 401, not a silent anonymous request."""
        self.client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
        response = self.client.get(self.list_url())
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["code"], "authentication_failed")

    def test_it_does_not_offer_delete(self):
        """A client's file is never deleted through the API."""
        self.as_user(self.p.admin_a)
        response = self.client.delete(self.detail_url(self.p.client_a))
        self.assertEqual(response.status_code, 405)
        self.assertTrue(Client.objects.filter(pk=self.p.client_a.pk).exists())

    def test_it_describes_the_endpoint_only_to_roles_that_see_clients(self):
        """OPTIONS follows the client.view capability like a read does."""
        for user, expected in ((self.p.quality_a, 200), (self.p.viewer, 403)):
            self.as_user(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.options(self.list_url()).status_code, expected)


class RegisterTests(ClientApiTestCase):
    def setUp(self):
        self.as_user(self.p.wang_fang)

    def register(self, data: dict):
        return self.client.post(self.list_url(), data, format="json")

    def test_it_registers_a_client_and_audits_it(self):
        """The new file gets a number, the ID number's birth date and sex, and an audit event."""
        response = self.register(new_client_data(101, phone="13912345678"))
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        client = Client.objects.get(pk=body["id"])
        self.assertEqual(client.organization, self.p.org_a)
        self.assertEqual(body["file_number"], client.file_number)
        self.assertEqual(body["birth_date"], "1990-01-02")
        self.assertEqual(body["sex"], "M")
        self.assertEqual(body["registered_by"], "wangfang")
        self.assertEqual(body["id_number"], identity.compose("510107", BIRTH_DATE, 101))
        self.assertEqual(body["population_categories"], ["high_risk"])
        self.assert_audited("client.registered", actor=self.p.wang_fang, target=client,
                            client=client)

    def test_it_rejects_a_wrong_check_digit(self):
        """A mistyped ID number is a 400 naming the check digit, and nothing is registered."""
        number = identity.compose("510107", BIRTH_DATE, 101)
        wrong = number[:-1] + ("1" if number[-1] == "0" else "0")
        response = self.register(new_client_data(101, id_number=wrong))
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["code"], "validation_error")
        self.assertEqual(error["fields"]["id_number"][0]["code"], "id_checksum")
        self.assert_not_audited("client.registered")

    def test_it_refuses_a_duplicate_id_number_and_names_the_existing_file(self):
        """An ID number already on file in the organisation points to that file instead."""
        response = self.register({"name": "张伟", "id_number": self.p.client_a.id_number})
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["fields"]["id_number"][0]["code"], "duplicate_id_number")
        self.assertEqual(error["existing_client"], {"id": self.p.client_a.pk,
                                                    "file_number": self.p.client_a.file_number})

    def test_it_allows_the_same_id_number_in_another_organisation(self):
        """Organisations keep separate files: org B may register a person org A already has."""
        self.as_user(self.p.zhao_lei)
        response = self.register({"name": "张伟", "id_number": self.p.client_a.id_number})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Client.objects.get(pk=response.json()["id"]).organization,
                         self.p.org_b)

    def test_it_asks_to_confirm_a_possible_duplicate(self):
        """Same name and birth date lists the candidates; confirm_not_duplicate registers."""
        data = {"name": self.p.client_a.name, "birth_date": "1980-05-17", "sex": "M"}
        response = self.register(data)
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["fields"]["name"][0]["code"], "possible_duplicate")
        self.assertEqual(error["candidates"], [{"id": self.p.client_a.pk,
                                                "file_number": self.p.client_a.file_number}])

        response = self.register({**data, "confirm_not_duplicate": True})
        self.assertEqual(response.status_code, 201, response.content)
        event = self.assert_audited("client.registered", actor=self.p.wang_fang)
        self.assertTrue(event.data["confirmed_not_duplicate"])

    def test_it_requires_a_name(self):
        """The action's own rule and message answer a missing name."""
        response = self.register({"id_number": identity.compose("510107", BIRTH_DATE, 101)})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["fields"]["name"][0]["code"], "required")


class ReadAndUpdateTests(ClientApiTestCase):
    def setUp(self):
        self.as_user(self.p.wang_fang)
        self.url = self.detail_url(self.p.client_a)

    def test_it_records_an_api_reading_of_a_file(self):
        """Reading a file through the API leaves client.viewed with channel api."""
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        event = self.assert_audited("client.viewed", actor=self.p.wang_fang,
                                    target=self.p.client_a, client=self.p.client_a)
        self.assertEqual(event.data, {"channel": "api"})

    def test_it_shows_the_full_id_number_only_on_a_single_file(self):
        """The list masks the ID number; the detail has it in full, with contacts and more."""
        client = self.p.client_a
        actions.do_add_contact(client, acting_user=self.p.wang_fang, kind="guardian",
                               name="张父", relationship="父亲", phone="13800001111")
        actions.do_add_household_member(client, acting_user=self.p.wang_fang, name="张母",
                                        relationship="母亲", birth_year=1955)
        actions.do_add_diagnosis(client, acting_user=self.p.wang_fang, code="F20")

        row = self.client.get(self.list_url()).json()["results"][0]
        self.assertNotIn("id_number", row)
        self.assertEqual(row["id_number_masked"], client.masked_id_number)

        body = self.client.get(self.url).json()
        self.assertEqual(body["id_number"], client.id_number)
        self.assertEqual([c["name"] for c in body["contacts"]], ["张父"])
        self.assertEqual(body["contacts"][0]["phone"], "13800001111")
        self.assertEqual([m["name"] for m in body["household"]], ["张母"])
        self.assertEqual(body["diagnoses"][0]["code"], "F20")
        self.assertTrue(body["diagnoses"][0]["label"])
        self.assertEqual(body["district"], "510107")

    def test_it_changes_only_the_fields_sent_with_patch(self):
        """PATCH keeps what was not sent and audits the names of the changed fields."""
        response = self.client.patch(self.url, {"phone": "13911112222", "reason": "搬家",
                                                 "edit_version": 1},
                                     format="json")
        self.assertEqual(response.status_code, 200, response.content)
        client = Client.objects.get(pk=self.p.client_a.pk)
        self.assertEqual(client.phone, "13911112222")
        self.assertEqual(client.id_number, self.p.client_a.id_number)
        self.assertEqual(client.address_detail, "幸福路1号")
        event = self.assert_audited("client.updated", actor=self.p.wang_fang, target=client,
                                    client=client)
        self.assertEqual(event.data, {"fields": ["phone"]})
        self.assertEqual(event.reason, "搬家")

    def test_it_replaces_all_details_with_put(self):
        """PUT clears the fields left out, as a replacement should."""
        response = self.client.put(
            self.url, {"name": "张伟", "id_number": self.p.client_a.id_number,
                       "edit_version": 1}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        client = Client.objects.get(pk=self.p.client_a.pk)
        self.assertEqual((client.phone, client.address_detail, client.district_id,
                          client.population_categories), ("", "", None, []))
        self.assertEqual(client.birth_date, datetime.date(1980, 5, 17))

    def test_it_reports_what_the_update_action_refuses(self):
        """A birth date that contradicts the ID number is refused with the action's code."""
        response = self.client.patch(self.url, {"birth_date": "1981-01-01", "edit_version": 1},
                                     format="json")
        self.assertEqual(response.status_code, 400)
        fields = response.json()["error"]["fields"]
        self.assertEqual(fields["birth_date"][0]["code"], "id_birth_date_mismatch")
        self.assert_not_audited("client.updated")

    def test_it_refuses_taking_another_files_id_number(self):
        """Changing the ID number to one already on file names that file."""
        self.as_user(self.p.admin_a)
        # client_a2 shares client_a's birth date; her sex comes along so only the number clashes.
        response = self.client.patch(
            self.url, {"id_number": self.p.client_a2.id_number, "sex": "F", "edit_version": 1},
            format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["existing_client"]["id"],
                         self.p.client_a2.pk)


class ListTests(ClientApiTestCase):
    def setUp(self):
        self.as_user(self.p.admin_a)

    def listed(self, **params) -> list[int]:
        response = self.client.get(self.list_url(), params)
        self.assertEqual(response.status_code, 200, response.content)
        return sorted(row["id"] for row in response.json()["results"])

    def test_it_filters_by_search_category_and_sex(self):
        """q searches name, file number and exact ID number; category and sex narrow."""
        a, a2 = self.p.client_a, self.p.client_a2
        caregiver = make_client(self.p.org_a, self.p.admin_a, name="王秀兰", sequence=44,
                                population_categories=["caregiver", "bereaved"])
        self.assertEqual(self.listed(q="张"), [a.pk])
        self.assertEqual(self.listed(q=a2.file_number), [a2.pk])
        self.assertEqual(self.listed(q=a.id_number), [a.pk])
        self.assertEqual(self.listed(population_category="caregiver"), [caregiver.pk])
        self.assertEqual(self.listed(population_category="mental_disorder"), [a.pk, a2.pk])
        self.assertEqual(self.listed(sex="M"), [a.pk])
        self.assertEqual(self.listed(sex="F"), [a2.pk, caregiver.pk])

    def test_it_rejects_an_unknown_filter_value(self):
        """A sex outside the choices is a 400 on that parameter, not an empty list."""
        response = self.client.get(self.list_url(), {"sex": "X"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("sex", response.json()["error"]["fields"])

    def test_it_never_lists_another_organisations_clients(self):
        """Even the exact name or ID number of org B's client finds nothing in org A."""
        self.assertEqual(self.listed(), sorted([self.p.client_a.pk, self.p.client_a2.pk]))
        self.assertEqual(self.listed(q=self.p.client_b.name), [])
        self.assertEqual(self.listed(q=self.p.client_b.id_number), [])

    def test_it_lists_without_auditing_each_file(self):
        """The list shows masked rows, so it is not a reading of each file."""
        self.listed()
        self.assertFalse(AuditEvent.objects.filter(action="client.viewed").exists())

    def test_it_uses_the_same_number_of_queries_for_3_and_20_clients(self):
        """Related rows are joined or prefetched, so the query count does not grow with rows."""

        def count_queries(expected_rows: int) -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.list_url(), {"page_size": 100})
            self.assertEqual(len(response.json()["results"]), expected_rows)
            return len(queries)

        for sequence in range(101, 104):
            make_client(self.p.org_a, self.p.admin_a, name=f"对象{sequence}", sequence=sequence)
        with_three = count_queries(3 + 2)
        for sequence in range(104, 121):
            make_client(self.p.org_a, self.p.admin_a, name=f"对象{sequence}", sequence=sequence)
        self.assertEqual(count_queries(20 + 2), with_three)
