"""One case along the whole CMH pathway through the actions, with its timeline and audit."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from anxin.audit.models import AuditEvent
from anxin.cases import actions, scenarios
from anxin.cases.models import Case, FollowUp, StageChange
from anxin.cases.workflow.engine import TransitionRefused
from anxin.workspace.testing.cases import PersonaTestCase


class CaseWalkTests(PersonaTestCase):
    def open_case(self, **overrides):
        data = {"worker": self.p.wang_fang, "supervisor": self.p.chen_min,
                "source": "sought_help", "application_date": timezone.localdate()}
        data.update(overrides)
        return actions.do_open_case(self.p.client_a, acting_user=self.p.wang_fang, **data)

    def test_a_case_walks_from_application_to_follow_up(self):
        case = self.open_case()
        self.assertEqual(case.stage, "application")
        self.assertIsNotNone(case.due_on)
        self.assert_audited("case.opened", actor=self.p.wang_fang, target=case,
                            client=self.p.client_a)
        case = scenarios.advance(case, "closed", worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min)
        self.assertEqual(case.stage, "closed")
        self.assertEqual(case.closed_on, timezone.localdate())
        planned = FollowUp.objects.filter(case=case, done_on__isnull=True)
        self.assertEqual(planned.count(), 2)
        case = actions.do_transition(case, "record_follow_up", acting_user=self.p.wang_fang,
                                     payload={"follow_up": planned.first().pk,
                                              "done_on": timezone.localdate(), "mode": "phone",
                                              "finding": "情况稳定", "reopen_recommended": False})
        self.assertEqual(FollowUp.objects.filter(case=case, done_on__isnull=False).count(), 1)
        actions_taken = list(StageChange.objects.filter(case=case).values_list("action",
                                                                               flat=True))
        self.assertEqual(actions_taken, [
            "open", "accept", "complete_intake", "complete_assessment", "start_intervention",
            "start_evaluation", "close", "record_follow_up"])
        for action in actions_taken[1:]:
            self.assertTrue(AuditEvent.objects.filter(action=f"case.{action}").exists(), action)

    def test_reopening_starts_a_new_episode_and_restarts_the_intake_clock(self):
        case = scenarios.advance(self.open_case(application_date=datetime.date(2026, 9, 1)),
                                 "closed", worker=self.p.wang_fang, supervisor=self.p.chen_min)
        with self.assertRaises(TransitionRefused):
            actions.do_transition(case, "reopen", acting_user=self.p.chen_min, reason=" ")
        case = actions.do_transition(case, "reopen", acting_user=self.p.chen_min,
                                     reason="回访发现病情波动")
        self.assertEqual((case.stage, case.episode), ("intake", 2))
        self.assertEqual(case.milestones, {"application.received":
                                           timezone.localdate().isoformat()})
        case = actions.do_transition(case, "complete_intake", acting_user=self.p.wang_fang)
        # The old episode's assessment does not count for the new one.
        with self.assertRaises(TransitionRefused):
            actions.do_transition(case, "complete_assessment", acting_user=self.p.wang_fang)

    def test_a_future_application_date_is_refused_and_nothing_is_saved(self):
        with self.assertRaises(ValidationError) as caught:
            self.open_case(application_date=timezone.localdate() + datetime.timedelta(days=1))
        self.assertIn("application_date", caught.exception.message_dict)
        self.assertFalse(Case.objects.exists())


class AuditLabelTests(PersonaTestCase):
    def test_every_event_of_a_case_walk_has_a_readable_name(self):
        from anxin.audit.labels import ACTION_LABELS

        case = actions.do_open_case(self.p.client_a, acting_user=self.p.wang_fang,
                                    worker=self.p.wang_fang, supervisor=self.p.chen_min,
                                    source="sought_help", application_date=timezone.localdate())
        scenarios.advance(case, "closed", worker=self.p.wang_fang, supervisor=self.p.chen_min)
        recorded = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertEqual(sorted(recorded - set(ACTION_LABELS)), [])
