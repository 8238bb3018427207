"""REH-5.4.5: an emergency during community rehabilitation — self-harm, danger to others,
relapse, an acute or severe adverse drug reaction, a worsening physical illness — raises a
critical alert on the rehabilitation case, and the alert is resolved only once a referral of the
case is on record since it was raised."""

import datetime
import unittest

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from anxin.cases import actions as case_actions
from anxin.cases.models import Case, Referral
from anxin.cases.workflow.pathways import PATHWAYS
from anxin.safety.actions import do_record_incident, do_resolve_alert, raise_alert
from anxin.safety.choices import REHAB_EMERGENCIES, IncidentKind, Urgency
from anxin.safety.models import Alert
from anxin.safety.rules import RULES
from anxin.safety.tests.helpers import skip_reasons
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import TODAY, open_case

NEEDS_REH = unittest.skipIf("reh" not in PATHWAYS,
                            "the rehabilitation pathway (reh) is not registered yet")


def incident(kind: str) -> dict:
    return {"kind": kind, "occurred_at": timezone.now() - datetime.timedelta(hours=1),
            "place": "康复中心活动室", "people": "张伟、王芳",
            "description": "服药后出现严重皮疹伴高热。"}


def refer(case, user) -> Referral:
    return case_actions.do_prepare_referral(case, acting_user=user, data={
        "kind": "external", "external_name": "成都市第四人民医院", "reason": "药物不良反应",
        "consent_mode": "verbal", "consent_on": TODAY()})


def rehab_case(p) -> Case:
    """张伟's rehabilitation case, in an open stage (a fixture: the REH pathway's own moves are
    tested in its app)."""
    case = open_case(p.client_a, p.wang_fang, p.chen_min)
    stage = sorted(PATHWAYS["reh"].open_stages)[0]
    Case.objects.filter(pk=case.pk).update(pathway="reh", stage=stage)
    case.refresh_from_db()
    return case


class RehabEmergencyRuleTest(PersonaTestCase):
    def test_the_rule_is_critical_and_cites_the_clause(self):
        rule = RULES["rehab_emergency"]
        self.assertEqual((rule.urgency, rule.clause), (Urgency.CRITICAL, "REH-5.4.5"))
        self.assertIn("refer_immediately", rule.protocol)
        self.assertEqual(REHAB_EMERGENCIES, {"self_harm", "violence", "relapse",
                                             "adverse_drug_reaction", "physical_illness"})
        with translation.override("zh-hans"):
            self.assertEqual(IncidentKind.ADVERSE_DRUG_REACTION.label, "急性或严重药物不良反应")
            self.assertEqual(IncidentKind.PHYSICAL_ILLNESS.label, "躯体疾病加重")

    def test_an_incident_outside_rehabilitation_raises_only_the_risk_review(self):
        case = open_case(self.p.client_a, self.p.wang_fang, self.p.chen_min)
        do_record_incident(self.p.client_a, acting_user=self.p.wang_fang, case=case,
                           **incident("adverse_drug_reaction"))
        self.assertEqual(list(Alert.objects.values_list("rule", flat=True)),
                         ["incident_risk_review"])

    def test_the_alert_waits_for_a_referral_recorded_since_it_was_raised(self):
        """The gate reads the alert, not the pathway: raised by name here on any case."""
        case = open_case(self.p.client_a, self.p.wang_fang, self.p.chen_min)
        earlier = refer(case, self.p.wang_fang)
        Referral.objects.filter(pk=earlier.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=1),
            updated_at=timezone.now() - datetime.timedelta(days=1))
        alert = raise_alert("rehab_emergency", organization=self.p.org_a,
                            client=self.p.client_a, case=case)
        with translation.override("zh-hans"), self.assertRaises(ValidationError) as caught:
            do_resolve_alert(alert, acting_user=self.p.wang_fang, resolution="已送医",
                             not_applicable=skip_reasons(alert))
        self.assertIn("须立即转介 (REH-5.4.5)", caught.exception.message_dict["referral"][0])
        self.assertEqual(Alert.objects.get(pk=alert.pk).status, "open")
        # The draft begun the day before is prepared again since the emergency: it counts.
        self.assertEqual(refer(case, self.p.wang_fang).pk, earlier.pk)
        resolved = do_resolve_alert(alert, acting_user=self.p.wang_fang, resolution="已送医",
                                    not_applicable=skip_reasons(alert))
        self.assertEqual(resolved.status, "resolved")


@NEEDS_REH
class RehabEmergencyIncidentTest(PersonaTestCase):
    def setUp(self):
        self.case = rehab_case(self.p)

    def test_each_emergency_kind_raises_a_critical_alert_on_the_rehabilitation_case(self):
        for kind in sorted(REHAB_EMERGENCIES):
            with self.subTest(kind=kind):
                recorded = do_record_incident(self.p.client_a, acting_user=self.p.wang_fang,
                                              **incident(kind))
                alert = Alert.objects.get(rule="rehab_emergency", source_id=recorded.pk)
                self.assertEqual((alert.urgency, alert.case, alert.client),
                                 (Urgency.CRITICAL, self.case, self.p.client_a))
                self.assertEqual((alert.worker, alert.supervisor),
                                 (self.p.wang_fang, self.p.chen_min))
        self.assert_audited("safety.alert.raised", target=alert, client=self.p.client_a)
        do_record_incident(self.p.client_a, acting_user=self.p.wang_fang, **incident("disorder"))
        self.assertEqual(Alert.objects.filter(rule="rehab_emergency").count(),
                         len(REHAB_EMERGENCIES))

    def test_it_is_resolved_only_after_the_referral(self):
        do_record_incident(self.p.client_a, acting_user=self.p.wang_fang, case=self.case,
                           **incident("adverse_drug_reaction"))
        alert = Alert.objects.get(rule="rehab_emergency")
        with translation.override("zh-hans"), self.assertRaises(ValidationError) as caught:
            do_resolve_alert(alert, acting_user=self.p.chen_min, resolution="已处置",
                             not_applicable=skip_reasons(alert))
        self.assertIn("须立即转介", caught.exception.message_dict["referral"][0])
        refer(self.case, self.p.wang_fang)
        resolved = do_resolve_alert(alert, acting_user=self.p.chen_min, resolution="已转介",
                                    not_applicable=skip_reasons(alert))
        self.assertEqual(resolved.status, "resolved")
        self.assert_audited("safety.alert.resolved", actor=self.p.chen_min, target=alert)
