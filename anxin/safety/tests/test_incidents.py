"""Safety incidents (CMH-8.2.2b): what must be recorded, that nothing is half-saved, and that an
incident raises the risk review on the case."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from anxin.core.exceptions import NotPermitted
from anxin.safety.actions import do_record_incident
from anxin.safety.models import Alert, Incident
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import open_case


def incident_data(**overrides):
    data = {"kind": "violence", "occurred_at": timezone.now() - datetime.timedelta(hours=1),
            "place": "案主家中客厅", "people": "张伟、其母亲、王芳、李强",
            "description": "家访中案主情绪激动，摔打物品。",
            "immediate_actions": ["left_danger", "family_contacted", "called_110"],
            "departments_notified": "街道综治办、社区居委会", "follow_up": "次日电话回访"}
    data.update(overrides)
    return data


class IncidentTests(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p)

    def test_recorded_with_a_risk_review_on_the_case(self):
        incident = do_record_incident(self.p.client_a, acting_user=self.p.wang_fang,
                                      case=self.case, **incident_data())
        self.assertEqual(incident.immediate_actions, ["left_danger", "family_contacted",
                                                      "called_110"])
        alert = Alert.objects.get()
        self.assertEqual((alert.rule, alert.case, alert.source),
                         ("incident_risk_review", self.case, incident))
        self.assertEqual((alert.worker, alert.supervisor), (self.p.wang_fang, self.p.chen_min))
        self.assertIn("reassess_risk", alert.rule_definition.protocol)
        self.assert_audited("safety.incident.recorded", actor=self.p.wang_fang, target=incident,
                            client=self.p.client_a)

    def test_missing_fields_are_named_and_nothing_is_saved(self):
        with self.assertRaises(ValidationError) as caught:
            do_record_incident(self.p.client_a, acting_user=self.p.wang_fang, case=self.case,
                               **incident_data(place=" ", description="", kind="",
                                               immediate_actions=["called_999"]))
        self.assertEqual(set(caught.exception.message_dict),
                         {"place", "description", "kind", "immediate_actions"})
        self.assertFalse(Incident.objects.exists())
        self.assertFalse(Alert.objects.exists())

    def test_future_time_refused(self):
        with self.assertRaises(ValidationError) as caught:
            do_record_incident(self.p.client_a, acting_user=self.p.wang_fang, **incident_data(
                occurred_at=timezone.now() + datetime.timedelta(hours=2)))
        self.assertIn("occurred_at", caught.exception.message_dict)

    def test_who_may_record(self):
        for name in ("li_qiang", "admin_a", "archivist_a", "quality_a", "zhao_lei", "viewer"):
            with self.subTest(name=name), self.assertRaises(NotPermitted):
                do_record_incident(self.p.client_a, acting_user=getattr(self.p, name),
                                   **incident_data())
        self.assertFalse(Incident.objects.exists())

    def test_case_of_another_client_refused(self):
        other = open_case(self.p, self.p.client_a)
        other.client = self.p.client_a2
        with self.assertRaises(NotPermitted):
            do_record_incident(self.p.client_a, acting_user=self.p.wang_fang, case=other,
                               **incident_data())
