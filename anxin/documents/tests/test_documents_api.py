"""Documents over the API: begun, saved, submitted and reviewed through the same actions and
checks as the pages; field errors keyed by each field's path; another organisation's or a
colleague's case is a 404."""

from rest_framework.test import APIClient

from anxin.audit.models import AuditEvent
from anxin.documents.models import Document, DocumentStatus

from .test_documents import GOALS, DocumentTestCase


class DocumentsApiTests(DocumentTestCase):

    def api(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def create(self, user=None, **data):
        body = {"case": self.case.pk, "kind": "trial_group_plan",
                "data": {"kind": "training", "goals": GOALS, "members": 6, **data}}
        return self.api(user or self.p.wang_fang).post("/api/v1/documents/", body,
                                                       format="json")

    def test_a_document_is_begun_read_and_listed(self):
        response = self.create()
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["kind"], body["version"], body["status"], body["case"]),
                         ("trial_group_plan", 1, "draft", self.case.pk))
        self.assertEqual(body["data"]["goals"], GOALS)
        listed = self.api(self.p.chen_min).get("/api/v1/documents/", {"case": self.case.pk})
        self.assertEqual([d["id"] for d in listed.json()["results"]], [body["id"]])
        self.assertEqual(self.api(self.p.li_qiang).get("/api/v1/documents/").json()["count"], 0)
        self.assertEqual(self.api(self.p.zhao_lei).get(
            f"/api/v1/documents/{body['id']}/").status_code, 404)

    def test_field_errors_are_keyed_by_path_and_nothing_is_saved(self):
        response = self.create(members=9, goals="")
        self.assertEqual(response.status_code, 400)
        fields = response.json()["error"]["fields"]
        self.assertEqual(set(fields), {"goals", "members"})
        self.assertFalse(Document.objects.exists())
        response = self.api(self.p.wang_fang).post(
            "/api/v1/documents/", {"case": self.case.pk, "kind": "nothing", "data": {}},
            format="json")
        self.assertEqual(set(response.json()["error"]["fields"]), {"kind"})

    def test_saved_submitted_returned_and_approved_as_on_the_pages(self):
        pk = self.create().json()["id"]
        worker, supervisor = self.api(self.p.wang_fang), self.api(self.p.chen_min)
        response = worker.patch(f"/api/v1/documents/{pk}/",
                                {"data": {"kind": "support", "goals": GOALS}}, format="json")
        self.assertEqual(response.json()["data"], {"kind": "support", "goals": GOALS})
        self.assertEqual(worker.post(f"/api/v1/documents/{pk}/submit/").json()["status"],
                         "submitted")
        self.assertEqual(worker.post(f"/api/v1/documents/{pk}/review/",
                                     {"decision": "approved"}).status_code, 403)
        self.assertEqual(supervisor.post(f"/api/v1/documents/{pk}/review/",
                                         {"decision": "returned"}).status_code, 400)
        body = supervisor.post(f"/api/v1/documents/{pk}/review/",
                               {"decision": "approved"}).json()
        self.assertEqual(body["status"], DocumentStatus.APPROVED)
        self.assertEqual([r["decision"] for r in body["reviews"]], ["approved"])
        self.assertEqual(worker.patch(f"/api/v1/documents/{pk}/", {"data": {}},
                                      format="json").status_code, 400)  # approved: locked
        self.assertEqual(AuditEvent.objects.filter(action="document.approved").count(), 1)

    def test_who_may_begin_one(self):
        expected = {"wang_fang": 201, "chen_min": 201, "admin_a": 403, "archivist_a": 403,
                    "quality_a": 403, "li_qiang": 404, "zhao_lei": 404, "viewer": 403}
        actual = {name: self.create(user).status_code
                  for name, user in self.p.all_users().items()}
        self.assertEqual(actual, expected)
        self.assertEqual(APIClient().get("/api/v1/documents/").status_code, 401)
