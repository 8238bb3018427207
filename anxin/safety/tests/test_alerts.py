"""Crisis alerts: the rule table, raising (who is told), acknowledgement, the step log,
resolution, escalation timing, and the audit event of each."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from anxin.accounts.choices import Role
from anxin.audit.models import AuditEvent
from anxin.cases import scenarios
from anxin.core.exceptions import NotPermitted
from anxin.notifications.models import Notification
from anxin.safety import actions
from anxin.safety.choices import AlertStatus, Urgency
from anxin.safety.models import Alert
from anxin.safety.rules import RULES, TABLE, matching
from anxin.safety.selectors import settings_for
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import TODAY, open_case, phq9, skip_reasons, store_response

NOW = timezone.make_aware(datetime.datetime(2026, 11, 16, 10, 0))


class FakeResponse:
    def __init__(self, instrument, totals=None, bands=None, flags=()):
        self.instrument, self.totals = instrument, totals or {}
        self.bands, self.flags = bands or {}, list(flags)


class RuleTableTests(PersonaTestCase):
    def test_every_rule_cites_a_clause_and_has_protocol_steps(self):
        from anxin.safety.protocol import BY_CODE

        for rule in TABLE:
            with self.subTest(rule=rule.code):
                self.assertTrue(rule.clause)
                self.assertTrue(rule.protocol)
                self.assertTrue(all(code in BY_CODE for code in rule.protocol))

    def test_response_rules(self):
        cases = [
            # (instrument, totals, bands, flags) → rules expected
            (("phq9", {"total": 9}, {"total": "mild"}, ["self_harm_thoughts"]),
             ["phq9_self_harm"]),
            (("phq9", {"total": 9}, {"total": "mild"}, []), []),
            (("phq9", {"total": 20}, {"total": "severe"}, []), ["phq9_severe"]),
            (("phq9", {"total": 19}, {"total": "moderately_severe"}, []), []),
            (("gad7", {"total": 15}, {"total": "severe"}, []), ["gad7_severe"]),
            (("gad7", {"total": 14}, {"total": "moderate"}, []), []),
            (("risk_level", {"level": 2}, {}, []), []),
            (("risk_level", {"level": 3}, {}, ["notify_police"]), ["risk_level_high"]),
            (("risk_level", {"level": 5}, {}, ["notify_police"]), ["risk_level_high"]),
            (("followup_classification", {}, {"classification": "unstable"}, []),
             ["followup_unstable"]),
            (("followup_classification", {}, {"classification": "mostly_stable"}, []), []),
        ]
        for (code, totals, bands, flags), expected in cases:
            with self.subTest(code=code, totals=totals, bands=bands, flags=flags):
                got = [r.code for r in matching(FakeResponse(code, totals, bands, flags))]
                self.assertEqual(got, expected)


class RaiseAlertTests(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p)

    def test_phq9_item_9_alerts_worker_and_supervisor_at_once(self):
        response = store_response(self.case, "phq9", phq9(item9=2), by=self.p.wang_fang)
        alert = Alert.objects.get()
        self.assertEqual((alert.rule, alert.urgency, alert.status),
                         ("phq9_self_harm", Urgency.CRITICAL, AlertStatus.OPEN))
        self.assertEqual((alert.case, alert.client, alert.source), (self.case, self.p.client_a,
                                                                      response))
        self.assertEqual((alert.worker, alert.supervisor), (self.p.wang_fang, self.p.chen_min))
        told = set(Notification.objects.filter(urgent=True).values_list("recipient", flat=True))
        self.assertEqual(told, {self.p.wang_fang.pk, self.p.chen_min.pk})
        self.assert_audited("safety.alert.raised", actor=self.p.wang_fang, target=alert,
                            client=self.p.client_a)

    def test_item_9_zero_raises_nothing(self):
        store_response(self.case, "phq9", phq9(item9=0), by=self.p.wang_fang)
        self.assertFalse(Alert.objects.exists())
        self.assertFalse(Notification.objects.exists())

    def test_same_source_never_alerts_twice_while_open(self):
        response = store_response(self.case, "phq9", phq9(item9=1), by=self.p.wang_fang)
        again = actions.raise_alert("phq9_self_harm", organization=self.case.organization,
                                    client=self.case.client, case=self.case, source=response)
        self.assertEqual(Alert.objects.count(), 1)
        self.assertEqual(again, Alert.objects.get())

    def test_notification_does_not_name_the_client(self):
        store_response(self.case, "phq9", phq9(item9=3), by=self.p.wang_fang)
        for note in Notification.objects.all():
            self.assertNotIn(self.p.client_a.name, note.title_text + note.body_text)
            self.assertNotIn(self.p.client_a.name, str(note.params))

    def test_escalation_time_comes_from_the_organisation_settings(self):
        s = settings_for(self.p.org_a)
        s.escalate_after_minutes = 15
        s.save()
        alert = actions.raise_alert("phq9_self_harm", organization=self.p.org_a,
                                    client=self.p.client_a, case=self.case, now=NOW)
        self.assertEqual(alert.escalate_at, NOW + datetime.timedelta(minutes=15))

    def test_risk_level_3_on_form_c_alerts_once(self):
        case = open_case(self.p, self.p.client_a, stage="assessment")
        scenarios.assess(case, self.p.wang_fang, today=TODAY, risk_level=3)
        alert = Alert.objects.get(rule="assessment_risk_high")
        self.assertEqual(alert.case, case)
        # Saving the same form again with the same level raises nothing new.
        from anxin.cases.models import Assessment

        assessment = Assessment.objects.get(case=case)
        assessment.save()
        self.assertEqual(Alert.objects.filter(rule="assessment_risk_high").count(), 1)

    def test_risk_level_2_on_form_c_raises_nothing(self):
        case = open_case(self.p, self.p.client_a, stage="assessment")
        scenarios.assess(case, self.p.wang_fang, today=TODAY, risk_level=2)
        self.assertFalse(Alert.objects.exists())


class WorkingAnAlertTests(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p)
        self.alert = actions.raise_alert("phq9_self_harm", organization=self.p.org_a,
                                         client=self.p.client_a, case=self.case, now=NOW)

    def test_supervisor_acknowledges(self):
        later = NOW + datetime.timedelta(minutes=7)
        alert = actions.do_acknowledge_alert(self.alert, acting_user=self.p.chen_min, now=later)
        self.assertEqual((alert.status, alert.acknowledged_by, alert.acknowledged_at),
                         (AlertStatus.ACKNOWLEDGED, self.p.chen_min, later))
        event = self.assert_audited("safety.alert.acknowledged", actor=self.p.chen_min,
                                    target=alert)
        self.assertEqual(event.data["minutes_to_acknowledge"], 7)

    def test_who_may_work_an_alert(self):
        for name in ("li_qiang", "admin_a", "archivist_a", "quality_a", "zhao_lei", "viewer"):
            with self.subTest(name=name), self.assertRaises(NotPermitted):
                actions.do_acknowledge_alert(self.alert, acting_user=getattr(self.p, name))
        self.assertEqual(Alert.objects.get().status, AlertStatus.OPEN)

    def test_a_step_acknowledges_and_is_logged(self):
        step = actions.do_record_alert_step(self.alert, acting_user=self.p.wang_fang,
                                            protocol_item="contact_family")
        alert = Alert.objects.get()
        self.assertEqual(alert.status, AlertStatus.ACKNOWLEDGED)
        self.assertEqual(step.taken_by, self.p.wang_fang)
        self.assert_audited("safety.alert.step", actor=self.p.wang_fang, target=alert)
        self.assert_audited("safety.alert.acknowledged", actor=self.p.wang_fang, target=alert)

    def test_a_step_must_say_something(self):
        with self.assertRaises(ValidationError) as caught:
            actions.do_record_alert_step(self.alert, acting_user=self.p.wang_fang)
        self.assertIn("note", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            actions.do_record_alert_step(self.alert, acting_user=self.p.wang_fang,
                                         protocol_item="call_visiting_staff")
        self.assertIn("protocol_item", caught.exception.message_dict)
        self.assertFalse(self.alert.steps.exists())
        self.assertEqual(Alert.objects.get().status, AlertStatus.OPEN)

    def test_resolve_needs_words_then_closes_the_log(self):
        with self.assertRaises(ValidationError) as caught:
            actions.do_resolve_alert(self.alert, acting_user=self.p.chen_min, resolution=" ")
        self.assertIn("resolution", caught.exception.message_dict)
        alert = actions.do_resolve_alert(self.alert, acting_user=self.p.chen_min,
                                         resolution="已联系家属，送医评估",
                                         not_applicable=skip_reasons(self.alert))
        self.assertEqual((alert.status, alert.resolved_by), (AlertStatus.RESOLVED,
                                                             self.p.chen_min))
        self.assert_audited("safety.alert.resolved", actor=self.p.chen_min, target=alert)
        with self.assertRaises(ValidationError):
            actions.do_record_alert_step(alert, acting_user=self.p.wang_fang, note="late")


class EscalationTests(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p)
        self.alert = actions.raise_alert("phq9_self_harm", organization=self.p.org_a,
                                         client=self.p.client_a, case=self.case, now=NOW)
        Notification.objects.all().delete()

    def test_not_before_its_time(self):
        self.assertEqual(actions.escalate_due_alerts(NOW + datetime.timedelta(minutes=29)), 0)
        self.assertIsNone(Alert.objects.get().escalated_at)
        self.assertFalse(Notification.objects.exists())

    def test_at_its_time_once_to_the_supervisor(self):
        at = NOW + datetime.timedelta(minutes=30)
        self.assertEqual(actions.escalate_due_alerts(at), 1)
        self.assertEqual(Alert.objects.get().escalated_at, at)
        self.assertEqual(list(Notification.objects.values_list("recipient", "kind")),
                         [(self.p.chen_min.pk, "alert_escalated")])
        self.assertEqual(actions.escalate_due_alerts(at + datetime.timedelta(hours=1)), 0)
        self.assertEqual(Notification.objects.count(), 1)
        event = AuditEvent.objects.get(action="safety.alert.escalated")
        self.assertIsNone(event.actor)
        self.assertEqual(event.data["to"], [self.p.chen_min.pk])

    def test_acknowledged_alerts_do_not_escalate(self):
        actions.do_acknowledge_alert(self.alert, acting_user=self.p.wang_fang,
                                     now=NOW + datetime.timedelta(minutes=5))
        self.assertEqual(actions.escalate_due_alerts(NOW + datetime.timedelta(hours=2)), 0)

    def test_without_a_supervisor_the_org_admins_are_told(self):
        from anxin.cases.actions import do_open_case

        case = do_open_case(self.p.client_a2, acting_user=self.p.li_qiang,
                            worker=self.p.li_qiang, source="sought_help",
                            application_date=TODAY)
        self.assertIsNone(case.supervisor)
        actions.raise_alert("risk_level_high", organization=self.p.org_a,
                            client=self.p.client_a2, case=case, now=NOW)
        Notification.objects.all().delete()
        actions.escalate_due_alerts(NOW + datetime.timedelta(minutes=31))
        told = set(Notification.objects.filter(kind="alert_escalated")
                   .values_list("recipient", flat=True))
        self.assertIn(self.p.admin_a.pk, told)
        self.assertIn(self.p.chen_min.pk, told)  # the first alert's supervisor
        admins = set(self.p.org_a.memberships.filter(role=Role.ORG_ADMIN)
                     .values_list("user", flat=True))
        self.assertTrue(admins <= told)

    def test_the_command_runs_the_checks(self):
        from io import StringIO

        from django.core.management import call_command

        Alert.objects.filter(pk=self.alert.pk).update(
            escalate_at=timezone.now() - datetime.timedelta(minutes=1))
        out = StringIO()
        call_command("safety_checks", stdout=out)
        self.assertIn("escalate_due_alerts: 1", out.getvalue())
        self.assertIsNotNone(Alert.objects.get().escalated_at)


class OrderingTests(PersonaTestCase):
    def test_most_urgent_first(self):
        case = open_case(self.p)
        make = lambda rule, minutes: actions.raise_alert(  # noqa: E731
            rule, organization=self.p.org_a, client=self.p.client_a, case=case,
            source=None, now=NOW + datetime.timedelta(minutes=minutes))
        high_old = make("followup_unstable", 0)
        critical_new = make("phq9_self_harm", 10)
        critical_old = make("risk_level_high", 5)
        in_hand = make("visit_overdue", 1)
        actions.do_acknowledge_alert(in_hand, acting_user=self.p.wang_fang)
        order = list(Alert.objects.most_urgent_first())
        self.assertEqual(order, [critical_old, critical_new, high_old, in_hand])
        self.assertTrue(all(RULES[a.rule] for a in order))
