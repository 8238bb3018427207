"""`/api/v1/placements/`, `/api/v1/relapse-admissions/`, `/api/v1/disability-assessments/`: the
same actions, permissions and audit as the pages, for every persona; another organisation's
client or placement a 404 (or refused like an unknown id in a body)."""

from anxin.outcomes.models import DisabilityAssessment, Placement, RelapseAdmission

from .helpers import HOSPITAL, TODAY, WORKPLACE, OutcomesTestCase, days_ago

LISTS = ("/api/v1/placements/", "/api/v1/relapse-admissions/",
         "/api/v1/disability-assessments/")
READERS = {"wang_fang", "chen_min", "admin_a", "archivist_a", "quality_a", "li_qiang",
           "zhao_lei"}
# Those who see 张伟 (client_a).
SEE_A = {"wang_fang", "chen_min", "admin_a", "archivist_a", "quality_a"}


class ApiPermissionTest(OutcomesTestCase):
    def test_every_list_answers_each_role_with_only_what_it_sees(self):
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for url in LISTS:
                with self.subTest(user=name, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200 if name in READERS else 403)
                    if name in READERS:
                        self.assertEqual(response.json()["count"], 1 if name in SEE_A else 0)
                    filtered = self.client.get(url, {"client": self.p.client_a.pk})
                    expected = 200 if name in SEE_A else 403 if name == "viewer" else 404
                    self.assertEqual(filtered.status_code, expected)

    def test_every_write_answers_each_role_and_changes_nothing_when_refused(self):
        bodies = {
            "/api/v1/placements/": {"client": self.p.client_a.pk, "kind": "flexible",
                                    "workplace": "x", "job": "x", "hours_per_week": "10",
                                    "started_on": TODAY().isoformat()},
            "/api/v1/relapse-admissions/": {"client": self.p.client_a.pk, "hospital": "x",
                                            "admitted_on": TODAY().isoformat()},
            "/api/v1/disability-assessments/": {"client": self.p.client_a.pk, "grade": 2,
                                                "assessing_body": "x",
                                                "assessed_on": TODAY().isoformat()},
            f"/api/v1/placements/{self.placement.pk}/end/": {"ended_on": TODAY().isoformat()},
        }
        before = (Placement.objects.count(), RelapseAdmission.objects.count(),
                  DisabilityAssessment.objects.count())
        for name in ("admin_a", "archivist_a", "quality_a", "viewer", "li_qiang", "zhao_lei"):
            self.client.force_login(getattr(self.p, name))
            for url, body in bodies.items():
                with self.subTest(user=name, url=url):
                    response = self.client.post(url, body, content_type="application/json")
                    if name in ("li_qiang", "zhao_lei"):
                        # client_a is not theirs: the end is a 404, a body's client refused.
                        self.assertEqual(response.status_code,
                                         404 if url.endswith("/end/") else 400)
                    else:
                        self.assertEqual(response.status_code, 403)
        self.assertEqual((Placement.objects.count(), RelapseAdmission.objects.count(),
                          DisabilityAssessment.objects.count()), before)
        self.assertIsNone(Placement.objects.get(pk=self.placement.pk).ended_on)


class ApiFlowTest(OutcomesTestCase):
    def setUp(self):
        self.client.force_login(self.p.chen_min)

    def post(self, url, body):
        return self.client.post(url, body, content_type="application/json")

    def test_a_placement_is_added_listed_and_ended(self):
        response = self.post("/api/v1/placements/", {
            "client": self.p.client_a.pk, "kind": "full_time", "workplace": "红牌楼超市",
            "job": "理货员", "hours_per_week": "40", "started_on": days_ago(5).isoformat()})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual((response.json()["kind"], response.json()["ongoing"]),
                         ("full_time", True))
        placement_id = response.json()["id"]
        self.assert_audited("placement.added", actor=self.p.chen_min)
        listed = self.client.get("/api/v1/placements/", {"client": self.p.client_a.pk}).json()
        self.assertEqual({row["workplace"] for row in listed["results"]},
                         {"红牌楼超市", WORKPLACE})
        ended = self.post(f"/api/v1/placements/{placement_id}/end/",
                          {"ended_on": TODAY().isoformat()})
        self.assertEqual((ended.status_code, ended.json()["ongoing"]), (200, False))
        again = self.post(f"/api/v1/placements/{placement_id}/end/",
                          {"ended_on": TODAY().isoformat()})
        self.assertEqual(again.status_code, 400)
        self.assertIn("已结束", again.content.decode())

    def test_assisted_work_without_an_agreement_is_refused_in_chinese(self):
        Placement.objects.filter(pk=self.placement.pk).update(ended_on=days_ago(1))
        response = self.post("/api/v1/placements/", {
            "client": self.p.client_a.pk, "kind": "assisted", "workplace": "手工坊",
            "job": "包装", "hours_per_week": "10", "started_on": TODAY().isoformat()})
        self.assertEqual(response.status_code, 400)
        self.assertIn("agreement", response.json()["error"]["fields"])
        self.assertIn("REH-5.5.2.5.3", response.content.decode())
        unknown = self.post("/api/v1/placements/", {
            "client": self.p.client_a.pk, "kind": "assisted", "workplace": "手工坊",
            "job": "包装", "hours_per_week": "10", "started_on": TODAY().isoformat(),
            "agreement": 999999})
        self.assertEqual(unknown.status_code, 400)
        ok = self.post("/api/v1/placements/", {
            "client": self.p.client_a.pk, "kind": "assisted", "workplace": "手工坊",
            "job": "包装", "hours_per_week": "10", "started_on": TODAY().isoformat(),
            "agreement": self.agreement.pk})
        self.assertEqual((ok.status_code, ok.json()["agreement"]), (201, self.agreement.pk))

    def test_a_relapse_and_a_disability_are_recorded(self):
        relapse = self.post("/api/v1/relapse-admissions/", {
            "client": self.p.client_a.pk, "admitted_on": days_ago(3).isoformat(),
            "hospital": HOSPITAL, "note": "家属送医"})
        self.assertEqual(relapse.status_code, 201, relapse.content)
        self.assert_audited("relapse_admission.recorded", actor=self.p.chen_min,
                            client=self.p.client_a)
        disability = self.post("/api/v1/disability-assessments/", {
            "client": self.p.client_a.pk, "assessed_on": days_ago(3).isoformat(),
            "grade": 1, "assessing_body": "武侯区残疾人联合会"})
        self.assertEqual((disability.status_code, disability.json()["grade"]), (201, 1))
        refused = self.post("/api/v1/disability-assessments/", {
            "client": self.p.client_a.pk, "assessed_on": days_ago(3).isoformat(),
            "grade": 1, "assessing_body": "武侯区残疾人联合会"})
        self.assertEqual(refused.status_code, 400)
        self.assertIn("已记录", refused.content.decode())
