"""The case page answers the pathway's requirements from the documents it has loaded
(`facts.Loaded`) instead of reading each again: for a case at every point of the pathway the
answer is the one the queries give (`facts.satisfied(case)`), which the actions use."""

import datetime

from django.utils import timezone

from anxin.cases import actions, facts, scenarios
from anxin.cases.models import Case
from anxin.cases.views.cases import RECORDS_SHOWN, _documents
from anxin.workspace.testing.cases import PersonaTestCase


class LoadedFactsTests(PersonaTestCase):
    def open_case(self):
        return actions.do_open_case(self.p.client_a, acting_user=self.p.wang_fang,
                                    worker=self.p.wang_fang, supervisor=self.p.chen_min,
                                    source="sought_help", application_date=timezone.localdate())

    def assert_same(self, case, expected_code=None):
        case = Case.objects.select_related("client").get(pk=case.pk)
        queried = facts.satisfied(case)
        loaded = facts.satisfied(case, facts.Loaded(case, _documents(case), RECORDS_SHOWN))
        self.assertEqual(loaded, queried)
        if expected_code:
            self.assertIn(expected_code, queried)  # the case does exercise that fact
        return queried

    def test_every_stage_of_the_main_path(self):
        today = timezone.localdate()
        expected = {"application": None, "intake": "application.accepted",
                    "assessment": "application.accepted",
                    "planning": "assessment.complete",
                    "intervention": "plan.approved_by_supervisor",
                    "evaluation": "service_record.any", "closed": "closure.approved"}
        for stage in scenarios.HAPPY_PATH:
            with self.subTest(stage=stage):
                case = scenarios.advance(self.open_case(), stage, worker=self.p.wang_fang,
                                         supervisor=self.p.chen_min, today=today)
                self.assert_same(case, expected[stage])

    def test_documents_between_the_steps(self):
        today = timezone.localdate()
        case = self.open_case()
        scenarios.consent(case, self.p.wang_fang, today=today)
        self.assert_same(case, "consent.signed")
        case = scenarios.advance(case, "planning", worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min, today=today)
        submitted = scenarios.plan(case, self.p.wang_fang, today=today)
        actions.do_review(submitted, acting_user=self.p.chen_min, decision="returned",
                          comment="目标需要更具体")
        self.assert_same(case, "plan.confirmed_by_worker")
        actions.do_prepare_referral(case, acting_user=self.p.wang_fang, data={
            "kind": "external", "external_name": "某医院", "reason": "需要住院评估",
            "consent_mode": "verbal", "consent_on": today})
        self.assert_same(case, "referral.consent_recorded")

    def test_a_record_beyond_the_listed_ones_still_counts(self):
        """The page lists the latest RECORDS_SHOWN sessions; with a full list that holds none
        of this episode, the fact is still read from the database."""
        today = timezone.localdate()
        case = scenarios.advance(self.open_case(), "intervention", worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min, today=today)
        start = timezone.now() - datetime.timedelta(days=30)
        for i in range(RECORDS_SHOWN + 1):
            scenarios.record_session(case, self.p.wang_fang,
                                     when=start + datetime.timedelta(days=i))
        case.refresh_from_db()
        docs = _documents(case)
        self.assertEqual(len(docs["records"]), RECORDS_SHOWN)
        # Pretend the listed ones belong to an earlier episode: only the query can tell.
        for record in docs["records"]:
            record.episode = case.episode - 1
        loaded = facts.Loaded(case, docs, RECORDS_SHOWN)
        self.assertTrue(loaded.has_service_record())
        self.assertIn("service_record.any", facts.satisfied(case, loaded))
