"""The organisation itself as a document's subject (its emergency plan, say): written by its
administrators, read by its members who read case files, another organisation's a 404."""

from django.urls import reverse

from anxin.documents.definitions import DocumentKind, Field, FieldType, Section
from anxin.documents.models import Document
from anxin.documents.registry import kinds
from anxin.instruments.definitions import Text
from anxin.workspace.testing.cases import PersonaTestCase

T = FieldType
EMERGENCY_PLAN = kinds.register(DocumentKind(
    code="trial_emergency_plan", version=1, title=Text("应急预案（测试）", "Emergency plan (test)"),
    clause="CMH-8.2.1", subject="organization",
    sections=(Section("plan", Text("预案", "Plan"), (
        Field("principles", T.LONG_TEXT, Text("处置原则", "Principles"), required=True,
              sensitive=False),
        Field("drill_on", T.DATE, Text("演练日期", "Drill held on")),
    )),)))


class OrganizationDocumentTests(PersonaTestCase):
    def new_url(self, organization=None):
        return reverse("documents:new_for", args=[
            "organization", (organization or self.p.org_a).pk, "trial_emergency_plan"])

    def test_the_admin_writes_it_and_the_members_read_it(self):
        self.client.force_login(self.p.admin_a)
        response = self.client.post(self.new_url(), {"principles": "生命安全第一",
                                                     "drill_on": "2026-06-01"})
        document = Document.objects.get()
        self.assertRedirects(response, reverse("documents:detail", args=[document.pk]))
        self.assertEqual((document.organization, document.case, document.subject.name),
                         (self.p.org_a, None, "organization"))
        self.assert_audited("document.saved", actor=self.p.admin_a, target=document)
        detail = reverse("documents:detail", args=[document.pk])
        expected = {"wang_fang": 200, "li_qiang": 200, "chen_min": 200, "admin_a": 200,
                    "archivist_a": 200, "quality_a": 200, "zhao_lei": 404, "viewer": 403}
        for name, user in self.p.all_users().items():
            with self.subTest(user=name):
                self.client.force_login(user)
                self.assertEqual(self.client.get(detail).status_code, expected[name])
        self.client.force_login(self.p.wang_fang)
        self.assertEqual(self.client.get(self.new_url()).status_code, 403)
        self.assertEqual([d["id"] for d in self.client.get("/api/v1/documents/")
                          .json()["results"]], [document.pk])
        self.client.force_login(self.p.zhao_lei)
        self.assertEqual(self.client.get("/api/v1/documents/").json()["results"], [])

    def test_another_organisations_is_a_404(self):
        self.client.force_login(self.p.admin_a)
        self.assertEqual(self.client.get(self.new_url(self.p.org_b)).status_code, 404)
        created = self.client.post("/api/v1/documents/", {
            "kind": "trial_emergency_plan", "organization": self.p.org_b.pk,
            "data": {"principles": "x"}}, content_type="application/json")
        self.assertEqual(created.status_code, 404)
        created = self.client.post("/api/v1/documents/", {
            "kind": "trial_emergency_plan", "organization": self.p.org_a.pk,
            "data": {"principles": "生命安全第一"}}, content_type="application/json")
        self.assertEqual(created.status_code, 201)
