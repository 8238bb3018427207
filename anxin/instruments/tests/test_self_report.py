"""Client links are for self-report questionnaires only: a rating the worker makes (risk level,
follow-up classification, BMI, SDSS) is never sent to the client to fill in. The page offers
no link for them and the actions refuse one, including a link issued before this rule."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from anxin.instruments import actions, registry
from anxin.instruments.models import ClientLink, InstrumentResponse
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import open_case

SELF_REPORT = {"phq9", "gad7", "whoqol_bref", "zbi22", "satisfaction_f"}
WORKER_RATED = {"risk_level", "followup_classification", "bmi", "sdss"}


def test_it_marks_which_instruments_the_person_answers_themselves():
    """PHQ-9, GAD-7, WHOQOL-BREF, the ZBI (the caregiver) and the satisfaction form are
    answered by the person; the risk level, the follow-up classification, BMI and the SDSS
    (rated from an informant) are the worker's."""
    marked = {code: registry.latest(code).self_report for code in registry.codes()}
    assert {code for code, own in marked.items() if own} == SELF_REPORT
    assert {code for code, own in marked.items() if not own} == WORKER_RATED


class SelfReportLinkTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = open_case(cls.p, stage="intake")

    def test_it_refuses_a_link_for_a_worker_rated_instrument(self):
        for code in sorted(WORKER_RATED):
            with self.subTest(instrument=code):
                with self.assertRaises(ValidationError) as caught:
                    actions.do_issue_client_link(self.case, instrument_code=code,
                                                 acting_user=self.p.wang_fang)
                self.assertIn("instrument", caught.exception.message_dict)
        self.assertFalse(ClientLink.objects.exists())
        self.assert_not_audited("instrument.link.issued")

    def test_it_still_issues_links_for_self_report_questionnaires(self):
        for code in sorted(SELF_REPORT):
            with self.subTest(instrument=code):
                link, _token = actions.do_issue_client_link(self.case, instrument_code=code,
                                                            acting_user=self.p.wang_fang)
                self.assertEqual(link.instrument, code)

    def test_the_pages_offer_links_for_self_report_only(self):
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(reverse("instruments:choose", args=[self.case.pk]))
        for code in SELF_REPORT:
            self.assertContains(page, f'data-client-link="{code}"')
        for code in WORKER_RATED:
            self.assertNotContains(page, f'data-client-link="{code}"')
            self.assertContains(page, f'data-worker-rated="{code}"')
        form = self.client.get(reverse("instruments:issue_link", args=[self.case.pk]))
        self.assertContains(form, 'value="phq9"')
        self.assertNotContains(form, 'value="risk_level"')
        posted = self.client.post(reverse("instruments:issue_link", args=[self.case.pk]),
                                  {"instrument": "bmi"})
        self.assertEqual(posted.status_code, 200)
        self.assertContains(posted, 'data-field-error="instrument"')
        self.assertFalse(ClientLink.objects.exists())

    def test_a_worker_rated_link_made_earlier_cannot_be_filled(self):
        """A link saved before the rule (here written directly) records nothing."""
        token = "old-risk-level-link"
        ClientLink.objects.create(
            organization=self.p.org_a, client=self.p.client_a, case=self.case,
            instrument="risk_level", token_hash=actions.hash_token(token),
            expires_at=timezone.now() + datetime.timedelta(days=1), created_by=self.p.wang_fang)
        with self.assertRaises(ValidationError) as caught:
            actions.do_fill_client_link(token, answers={"level": 0})
        self.assertIn("instrument", caught.exception.message_dict)
        self.assertFalse(InstrumentResponse.objects.exists())
        self.assertIsNone(ClientLink.objects.get().used_at)
