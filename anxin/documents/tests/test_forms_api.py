"""GET /api/v1/forms/ and /api/v1/forms/{code}/: every registered kind's latest definition
with its field schema, for any signed-in user or token; an unknown code is a 404."""

from django.urls import reverse
from rest_framework.test import APIClient

from anxin.workspace.testing.cases import PersonaTestCase

from . import test_documents  # noqa: F401  (registers the trial kinds)


class FormsApiTests(PersonaTestCase):
    def get(self, path, user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client.get(path)

    def test_it_lists_the_kinds_with_sections_fields_and_their_rules(self):
        response = self.get(reverse("form-list"), self.p.wang_fang)
        self.assertEqual(response.status_code, 200)
        forms = {f["code"]: f for f in response.json()}
        plan = forms["trial_group_plan"]
        self.assertEqual((plan["version"], plan["subject"], plan["approved_by"]),
                         (1, "case", "case.approve"))
        fields = {f["code"]: f for f in plan["sections"][0]["fields"]}
        self.assertEqual(fields["kind"]["choices"][0],
                         {"code": "training", "label": {"zh": "康复训练",
                                                        "en": "Rehabilitation training"}})
        self.assertEqual((fields["members"]["minimum"], fields["members"]["maximum"],
                          fields["members"]["clause"]), (1, 8, "REH-5.5.1.2"))
        self.assertEqual(fields["doctor"]["required_when"],
                         {"field": "doctor_joins", "values": [True]})
        self.assertTrue(fields["goals"]["sensitive"])
        self.assertFalse(fields["kind"]["sensitive"])
        self.assertEqual(forms["trial_note"]["approved_by"], "")

    def test_one_kind_and_an_unknown_one(self):
        response = self.get(reverse("form-detail", args=["trial_note"]), self.p.viewer)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["title"], {"zh": "记录（测试）", "en": "Note (test)"})
        self.assertEqual(self.get(reverse("form-detail", args=["nothing"]),
                                  self.p.viewer).status_code, 404)

    def test_anonymous_callers_are_refused(self):
        self.assertIn(self.get(reverse("form-list")).status_code, (401, 403))
