"""The public self-assessment pages answer to the organisation's code in any case: a poster
that prints /self-assessment/cdwh/ opens CDWH's page (PSY-measure-2)."""

from django.urls import reverse

from anxin.portal.models import SelfAssessment

from .base import PHQ9_SELF_HARM, PortalTestCase


class OrganisationCodeCaseTest(PortalTestCase):
    def test_it_opens_the_landing_page_for_a_lower_case_code(self):
        for code in ("cdwh", "Cdwh", "CDWH"):
            with self.subTest(code=code):
                response = self.client.get(f"/self-assessment/{code}/")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, self.p.org_a.name)
                # Links on the page use the organisation's own spelling.
                self.assertContains(response, reverse("portal:questionnaire",
                                                      args=["CDWH", "phq9"]))

    def test_it_takes_a_questionnaire_sent_to_the_lower_case_address(self):
        self.assertEqual(self.client.get("/self-assessment/cdwh/phq9/").status_code, 200)
        data = self.form_data("phq9", PHQ9_SELF_HARM)
        response = self.client.post("/self-assessment/cdwh/phq9/", data)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/self-assessment/CDWH/result/"))
        self.assertEqual(SelfAssessment.objects.get().organization, self.p.org_a)

    def test_an_unknown_code_is_still_not_found(self):
        self.assertEqual(self.client.get("/self-assessment/nope/").status_code, 404)
