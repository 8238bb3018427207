"""do_record_response: scoring on the server with the latest definition, what is stored, the
refusals that name the item and save nothing, attaching to forms C and F, the audit event, the
signal inside the transaction, and old responses keeping their version."""

import datetime
from dataclasses import replace
from decimal import Decimal
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from anxin.audit.models import AuditEvent
from anxin.cases import actions as case_actions
from anxin.core.exceptions import NotPermitted
from anxin.instruments import registry
from anxin.instruments.actions import do_record_response
from anxin.instruments.definitions import SUM, Band, Scale, Text
from anxin.instruments.library.phq9 import PHQ9
from anxin.instruments.models import InstrumentResponse, Via
from anxin.instruments.scoring import ScoringError
from anxin.instruments.signals import response_recorded
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import days_ago, open_case, phq9, phq9_total


class RecordResponseTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = open_case(cls.p, stage="assessment")

    def record(self, answers, *, instrument="phq9", user=None, **extra):
        return do_record_response(self.p.client_a, instrument_code=instrument, answers=answers,
                                  acting_user=user or self.p.wang_fang, case=self.case, **extra)

    def test_it_stores_answers_totals_bands_flags_and_version(self):
        response = self.record(phq9(3, 2, 2, 1, 1, 2, 1, 1, 1), administered_on=days_ago(3))
        response.refresh_from_db()
        self.assertEqual(response.instrument, "phq9")
        self.assertEqual(response.version, 1)
        self.assertEqual(response.totals, {"total": 14})
        self.assertIsInstance(response.totals["total"], int)
        self.assertEqual(response.bands, {"total": "moderate"})
        self.assertEqual(response.flags, ["self_harm_thoughts"])
        self.assertEqual(response.answers, phq9(3, 2, 2, 1, 1, 2, 1, 1, 1))
        self.assertEqual(response.administered_on, days_ago(3))
        self.assertEqual((response.via, response.recorded_by), (Via.WORKER, self.p.wang_fang))
        self.assertEqual((response.case, response.client, response.organization),
                         (self.case, self.p.client_a, self.p.org_a))

    def test_it_stores_decimal_scores_as_exact_strings(self):
        response = self.record({"weight_kg": Decimal("70"), "height_cm": "170.5"},
                               instrument="bmi")
        response.refresh_from_db()
        self.assertEqual(response.totals, {"bmi": "24.1"})
        self.assertEqual(response.bands, {"bmi": "overweight"})
        self.assertEqual(response.answers, {"weight_kg": "70", "height_cm": "170.5"})

    def test_it_keeps_a_whoqol_domain_it_cannot_compute_as_null(self):
        answers = {f"item_{n}": 3 for n in range(1, 27)}
        answers.update(item_20=None, item_21=None)  # social domain: 1 of 3 answered (< 2)
        response = self.record(answers, instrument="whoqol_bref")
        response.refresh_from_db()
        self.assertIsNone(response.totals["social"])
        self.assertIsNone(response.totals["social_100"])
        self.assertEqual(response.totals["physical"], "12.00")
        self.assertNotIn("item_20", response.answers)

    def test_it_refuses_an_incomplete_or_out_of_range_set_naming_each_item(self):
        answers = phq9(0, 1, 2, 3, 0, 1, 2, 3, 0) | {"item_3": 7}
        del answers["item_5"]
        with self.assertRaises(ScoringError) as refused:
            self.record(answers)
        self.assertEqual(set(refused.exception.message_dict), {"item_3", "item_5"})
        self.assertIn("7", refused.exception.message_dict["item_3"][0])
        self.assertFalse(InstrumentResponse.objects.exists())
        self.assert_not_audited("instrument.response.recorded")

    def test_it_names_an_unknown_item_and_an_unknown_instrument(self):
        with self.assertRaises(ValidationError) as refused:
            self.record(phq9_total(3) | {"item_99": 1})
        self.assertIn("item_99", refused.exception.message_dict)
        with self.assertRaises(ValidationError) as refused:
            self.record({}, instrument="nope")
        self.assertEqual(set(refused.exception.message_dict), {"instrument"})
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_it_refuses_a_date_in_the_future_with_the_items_at_fault(self):
        with self.assertRaises(ValidationError) as refused:
            self.record({"item_1": 1}, administered_on=days_ago(-1))
        self.assertIn("administered_on", refused.exception.message_dict)
        self.assertIn("item_2", refused.exception.message_dict)
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_it_writes_its_audit_event_in_the_same_transaction(self):
        response = self.record(phq9_total(6))
        event = self.assert_audited("instrument.response.recorded", actor=self.p.wang_fang,
                                    target=response, client=self.p.client_a)
        self.assertEqual(event.organization, self.p.org_a)
        self.assertEqual(event.data, {"instrument": "phq9", "version": 1, "case": self.case.pk,
                                      "via": "worker", "attach_to": "", "flags": [],
                                      "recorded_by": self.p.wang_fang.pk})

    def test_it_sends_response_recorded_inside_the_transaction(self):
        seen = []

        def listener(sender, response, acting_user, **kwargs):
            seen.append((sender, response.pk, acting_user, connection.in_atomic_block,
                         AuditEvent.objects.filter(action="instrument.response.recorded",
                                                   target_id=str(response.pk)).exists()))

        response_recorded.connect(listener, dispatch_uid="test-listener")
        try:
            response = self.record(phq9_total(4))
        finally:
            response_recorded.disconnect(dispatch_uid="test-listener")
        self.assertEqual(seen, [(InstrumentResponse, response.pk, self.p.wang_fang, True, True)])

    def test_a_listener_that_fails_takes_the_response_with_it(self):
        """What listens (the crisis alerts) commits with the response or not at all."""
        def failing(**kwargs):
            raise RuntimeError("alert could not be raised")

        response_recorded.connect(failing, dispatch_uid="test-failing")
        try:
            with self.assertRaises(RuntimeError), transaction.atomic():
                self.record(phq9_total(4))
        finally:
            response_recorded.disconnect(dispatch_uid="test-failing")
        self.assertFalse(InstrumentResponse.objects.exists())
        self.assert_not_audited("instrument.response.recorded")

    def test_it_records_a_response_without_a_case(self):
        response = do_record_response(self.p.client_a, instrument_code="gad7",
                                      answers={f"item_{n}": 1 for n in range(1, 8)},
                                      acting_user=self.p.wang_fang)
        self.assertIsNone(response.case)
        self.assertEqual((response.totals, response.bands), ({"total": 7}, {"total": "mild"}))


class AttachTest(PersonaTestCase):
    """A response joins the current episode's assessment (C) or evaluation (F), if it exists."""

    def attach(self, case, attach_to, **extra):
        return do_record_response(case.client, instrument_code="phq9", answers=phq9_total(2),
                                  acting_user=self.p.wang_fang, case=case, attach_to=attach_to,
                                  **extra)

    def test_it_attaches_to_the_assessment_of_the_current_episode(self):
        case = open_case(self.p, stage="planning")
        response = self.attach(case, "assessment")
        self.assertEqual(response.assessment, case.assessments.get(episode=case.episode))
        self.assertIsNone(response.evaluation)
        event = self.assert_audited("instrument.response.recorded", target=response)
        self.assertEqual(event.data["attach_to"], "assessment")

    def test_it_refuses_to_attach_to_a_form_the_case_does_not_have(self):
        case = open_case(self.p, stage="intake")
        for attach_to in ("assessment", "evaluation"):
            with self.subTest(attach_to=attach_to), self.assertRaises(ValidationError) as refused:
                self.attach(case, attach_to)
            self.assertEqual(set(refused.exception.message_dict), {"attach_to"})
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_it_attaches_to_the_evaluation_once_form_f_is_filled(self):
        case = open_case(self.p, stage="evaluation")
        with self.assertRaises(ValidationError):
            self.attach(case, "evaluation")
        from anxin.cases import scenarios

        scenarios.evaluate(case, self.p.wang_fang, today=days_ago(0))
        response = self.attach(case, "evaluation")
        self.assertEqual(response.evaluation, case.evaluations.get(episode=case.episode))

    def test_it_refuses_attaching_without_a_case_or_to_something_else(self):
        case = open_case(self.p, stage="planning")
        with self.assertRaises(ValidationError) as refused:
            do_record_response(self.p.client_a, instrument_code="phq9", answers=phq9_total(2),
                               acting_user=self.p.wang_fang, attach_to="assessment")
        self.assertIn("attach_to", refused.exception.message_dict)
        with self.assertRaises(ValidationError) as refused:
            self.attach(case, "plan")
        self.assertIn("attach_to", refused.exception.message_dict)

    def test_it_refuses_a_case_that_has_ended_but_not_a_closed_one(self):
        case = open_case(self.p, stage="intake")
        case_actions.do_transition(case, "end", acting_user=self.p.wang_fang,
                                   reason="服务对象迁居外地")
        case.refresh_from_db()
        self.assertTrue(case.is_terminal)
        with self.assertRaises(ValidationError) as refused:
            self.attach(case, None)
        self.assertEqual(set(refused.exception.message_dict), {"case"})

        closed = open_case(self.p, client=self.p.client_a, stage="closed")
        self.assertEqual(closed.stage, "closed")
        self.assertEqual(self.attach(closed, None).case, closed)  # a follow-up visit (CMH-6.6)


class PermissionTest(PersonaTestCase):
    """Who may record a response for 张伟 in 王芳's case (supervised by 陈敏)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = open_case(cls.p)
        cls.case_b = open_case(cls.p, client=cls.p.client_b, worker=cls.p.zhao_lei,
                               supervisor=cls.p.qian_wei)

    def attempt(self, user, client=None, case="default"):
        case = self.case if case == "default" else case
        try:
            with transaction.atomic():
                do_record_response(client or self.p.client_a, instrument_code="phq9",
                                   answers=phq9_total(1), acting_user=user, case=case)
                transaction.set_rollback(True)
            return True
        except NotPermitted:
            return False

    def test_only_the_case_team_may_record_in_the_case(self):
        expected = {"wang_fang": True, "chen_min": True, "li_qiang": False, "admin_a": False,
                    "archivist_a": False, "quality_a": False, "zhao_lei": False,
                    "viewer": False}
        for name, user in self.p.all_users().items():
            with self.subTest(user=name):
                self.assertEqual(self.attempt(user), expected[name])
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_it_refuses_another_organisations_client_and_a_case_of_another_client(self):
        self.assertFalse(self.attempt(self.p.wang_fang, client=self.p.client_b, case=None))
        self.assertFalse(self.attempt(self.p.wang_fang, client=self.p.client_b,
                                      case=self.case_b))
        # 王芳's own case, but of 张伟: not a case of 刘秀英.
        self.assertFalse(self.attempt(self.p.wang_fang, client=self.p.client_a2))
        self.assertTrue(self.attempt(self.p.zhao_lei, client=self.p.client_b, case=self.case_b))


def phq9_v2():
    """A fake later PHQ-9 whose bands start "mild" at 3, so the same answers band differently."""
    total = PHQ9.scale("total")
    bands = (Band("minimal", Text("极轻", "Minimal"), 0, 2),
             Band("mild", Text("轻", "Mild"), 3, 27))
    scale = Scale(total.code, total.text, SUM, total.items, 0, 27, bands=bands,
                  better=total.better)
    return replace(PHQ9, version=2, scales=(scale,))


class VersionTest(PersonaTestCase):
    """A new definition version scores new responses; old ones keep their scores and version."""

    def test_old_responses_keep_their_stored_scores_and_version(self):
        case = open_case(self.p)
        old = do_record_response(self.p.client_a, instrument_code="phq9",
                                 answers=phq9_total(4), acting_user=self.p.wang_fang, case=case,
                                 administered_on=days_ago(30))
        with mock.patch.object(registry, "_INDEX", registry.build([*registry.ALL, phq9_v2()])):
            new = do_record_response(self.p.client_a, instrument_code="phq9",
                                     answers=phq9_total(4), acting_user=self.p.wang_fang,
                                     case=case)
            old.refresh_from_db()
            self.assertEqual((old.version, old.bands, old.totals), (1, {"total": "minimal"},
                                                                    {"total": 4}))
            self.assertEqual((new.version, new.bands), (2, {"total": "mild"}))
            self.assertIs(old.definition, PHQ9)

            # The old response still reads in its own version's wording, and says so.
            self.client.force_login(self.p.wang_fang)
            page = self.client.get(reverse("instruments:response", args=[old.pk]))
            self.assertContains(page, "没有抑郁")  # v1's "minimal" band
            self.assertContains(page, 'data-latest-version="2"')
        self.assertEqual(registry.latest("phq9").version, 1)


class DateTest(PersonaTestCase):
    def test_it_defaults_to_today(self):
        case = open_case(self.p)
        response = do_record_response(self.p.client_a, instrument_code="risk_level",
                                      answers={"level": 0}, acting_user=self.p.wang_fang,
                                      case=case)
        self.assertEqual(response.administered_on, days_ago(0))
        self.assertEqual(response.totals, {"level": 0})
        self.assertIsInstance(response.administered_on, datetime.date)
