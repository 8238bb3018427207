"""`/api/v1/medication-prescriptions/` and `/api/v1/medication-administrations/`: the same
actions, permissions and audit as the pages. Every persona on every endpoint; another
organisation's row a 404 or refused like an unknown id; lists whose query count does not grow."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from anxin.accounts.choices import OrganizationKind
from anxin.medication import actions
from anxin.medication.models import Administration, Prescription, scheduled_at
from anxin.workspace.testing.personas import make_client

from .helpers import DAY, TODAY, MedicationTestCase, at_noon, set_kind

RX = "/api/v1/medication-prescriptions/"
DOSES = "/api/v1/medication-administrations/"
READERS = {"wang_fang", "chen_min", "admin_a", "archivist_a", "quality_a"}
RECORDERS = {"wang_fang", "chen_min"}


class ApiTestCase(MedicationTestCase):
    def post(self, url, body):
        return self.client.post(url, body, content_type="application/json")


class ApiPermissionMatrixTest(ApiTestCase):
    def test_every_read_endpoint_answers_each_role(self):
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            with self.subTest(user=name):
                lists = 403 if name == "viewer" else 200
                self.assertEqual(self.client.get(RX).status_code, lists)
                self.assertEqual(self.client.get(DOSES).status_code, lists)
                one = 200 if name in READERS else 403 if name == "viewer" else 404
                self.assertEqual(self.client.get(f"{RX}{self.rx.pk}/").status_code, one)
                if name in READERS:
                    ids = [row["id"] for row in self.client.get(RX).json()["results"]]
                    self.assertEqual(ids, [self.rx.pk])
                elif name != "viewer":
                    self.assertEqual(self.client.get(RX).json()["results"], [])
                    self.assertEqual(self.client.get(DOSES).json()["results"], [])

    def test_every_write_endpoint_refuses_those_who_may_not_and_changes_nothing(self):
        before = (Prescription.objects.count(), Administration.objects.count())
        for name, user in self.p.all_users().items():
            if name in RECORDERS:
                continue
            self.client.force_login(user)
            with self.subTest(user=name):
                add = self.post(RX, {"client": self.p.client_a.pk, "drug": "奥氮平片",
                                     "dose": "5 mg", "times": ["08:00"],
                                     "started_on": TODAY().isoformat()}).status_code
                end = self.post(f"{RX}{self.rx.pk}/end/",
                                {"ended_on": TODAY().isoformat()}).status_code
                dose = self.post(DOSES, {
                    "prescription": self.rx.pk, "outcome": "given",
                    "scheduled_for": scheduled_at(TODAY() - 2 * DAY, "08:00").isoformat(),
                }).status_code
                if name in {"li_qiang", "zhao_lei"}:
                    # Capable, but the client is not theirs: refused like an unknown id.
                    self.assertEqual((add, end, dose), (400, 404, 400))
                else:
                    self.assertEqual((add, end, dose), (403, 403, 403))
        self.assertEqual((Prescription.objects.count(), Administration.objects.count()), before)

    def test_an_organisation_without_the_record_gets_403(self):
        set_kind(self.p, self.p.org_a, OrganizationKind.REHAB_DAY)
        self.client.force_login(self.p.wang_fang)
        self.assertEqual(self.client.get(RX).status_code, 200)
        self.assertEqual(self.client.get(DOSES).status_code, 403)
        set_kind(self.p, self.p.org_a, OrganizationKind.COMMUNITY_STATION)
        self.assertEqual(self.client.get(RX).status_code, 403)


class ApiMedicationTest(ApiTestCase):
    def setUp(self):
        self.client.force_login(self.p.wang_fang)

    def test_it_adds_lists_by_client_and_ends_a_prescription(self):
        response = self.post(RX, {"client": self.p.client_a.pk, "drug": "奥氮平片",
                                  "dose": "5 mg", "times": ["21:00", "8:00"],
                                  "started_on": TODAY().isoformat()})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["drug"], body["times"]), ("奥氮平片", ["08:00", "21:00"]))
        listed = self.client.get(RX, {"client": self.p.client_a.pk}).json()["results"]
        self.assertEqual({row["id"] for row in listed}, {self.rx.pk, body["id"]})
        self.assert_audited("medication.viewed", actor=self.p.wang_fang,
                            client=self.p.client_a)
        self.assertEqual(self.client.get(RX, {"client": self.p.client_b.pk}).json()["results"],
                         [])
        ended = self.post(f"{RX}{body['id']}/end/", {"ended_on": TODAY().isoformat()})
        self.assertEqual(ended.json()["ended_on"], TODAY().isoformat())
        self.assert_audited("medication.prescription_ended", actor=self.p.wang_fang)

    def test_it_answers_refusals_in_chinese_naming_the_field(self):
        response = self.post(RX, {"client": self.p.client_a.pk, "drug": "奥氮平片",
                                  "dose": "5 mg", "started_on": TODAY().isoformat()})
        self.assertEqual(response.status_code, 400)
        self.assertIn("频次", str(response.json()))
        self.assertIn("times", str(response.json()))
        response = self.post(f"{RX}{self.rx.pk}/end/",
                             {"ended_on": (TODAY() + DAY).isoformat()})
        self.assertIn("晚于今天", str(response.json()))
        self.assertEqual(self.client.get(RX, {"client": "x"}).status_code, 400)

    def test_it_records_and_lists_doses(self):
        with at_noon():
            response = self.post(DOSES, {
                "prescription": self.rx.pk, "outcome": "missed", "note": "外出未归",
                "scheduled_for": scheduled_at(TODAY(), "08:00").isoformat()})
            self.assertEqual(response.status_code, 201, response.content)
            self.assertEqual(response.json()["outcome"], "missed")
            early = self.post(DOSES, {
                "prescription": self.rx.pk, "outcome": "given",
                "scheduled_for": scheduled_at(TODAY(), "20:00").isoformat()})
        self.assertEqual(early.status_code, 400)
        self.assertIn("尚未", str(early.json()))
        today = self.client.get(DOSES, {"date": TODAY().isoformat()}).json()["results"]
        self.assertEqual([row["outcome"] for row in today], ["missed"])
        everything = self.client.get(DOSES, {"client": self.p.client_a.pk}).json()["results"]
        self.assertEqual(len(everything), 3)
        self.assertEqual(self.client.get(DOSES, {"date": "昨天"}).status_code, 400)

    def test_the_lists_cost_the_same_with_more_rows(self):
        def queries(url):
            self.client.get(url)
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(captured)

        before = [queries(RX), queries(DOSES)]
        for number in range(3):
            client = make_client(self.p.org_a, self.p.wang_fang, name=f"住户{number}",
                                 sequence=400 + number)
            rx = actions.do_add_prescription(client, acting_user=self.p.wang_fang,
                                             drug="利培酮片", dose="1 mg", times=["08:00"],
                                             started_on=TODAY() - 3 * DAY)
            actions.do_record_administration(
                rx, acting_user=self.p.wang_fang,
                scheduled_for=scheduled_at(TODAY() - DAY, "08:00"), outcome="given")
        self.assertEqual([queries(RX), queries(DOSES)], before)
