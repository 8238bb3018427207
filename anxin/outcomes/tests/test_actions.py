"""The actions' refusals at their edges, who may call them, their audit events (codes and dates,
never the workplace, hospital, note or certificate), and the encrypted columns."""

import datetime
from decimal import Decimal

from django.db import connection

from anxin.audit.models import AuditEvent
from anxin.core.exceptions import NotPermitted, NotVisible
from anxin.outcomes import actions
from anxin.outcomes.models import DisabilityAssessment, Placement, RelapseAdmission

from .helpers import (
    CERTIFICATE,
    HOSPITAL,
    NOTE,
    TODAY,
    WORKPLACE,
    OutcomesTestCase,
    agreement,
    days_ago,
    open_case,
)

NOT_ALLOWED = ("admin_a", "archivist_a", "quality_a", "viewer")


class PlacementActionTest(OutcomesTestCase):
    def add(self, user=None, client=None, **overrides):
        data = {"kind": "flexible", "workplace": "红牌楼超市", "job": "理货员",
                "hours_per_week": Decimal("20"), "started_on": days_ago(10)} | overrides
        return actions.do_add_placement(client or self.p.client_a,
                                        acting_user=user or self.p.wang_fang, **data)

    def test_it_adds_a_placement_with_its_audit_event_and_no_workplace_in_it(self):
        placement = self.add()
        self.assertTrue(placement.is_ongoing)
        event = self.assert_audited("placement.added", actor=self.p.wang_fang,
                                    target=placement, client=self.p.client_a)
        self.assertEqual(event.data, {"kind": "flexible", "agreement": None, "ongoing": True})
        self.assertNotIn("红牌楼", str(event.data))

    def test_assisted_work_needs_a_completed_agreement_of_the_clients_case(self):
        Placement.objects.filter(pk=self.placement.pk).update(ended_on=days_ago(1))
        errors = self.refusal(lambda: self.add(kind="assisted"))
        self.assertIn("辅助性就业", errors["agreement"][0])
        self.assertIn("REH-5.5.2.5.3", errors["agreement"][0])
        draft = agreement(self.case, self.p.wang_fang, submit=False)
        errors = self.refusal(lambda: self.add(kind="assisted", agreement=draft))
        self.assertIn("尚未完成", errors["agreement"][0])
        other_case = open_case(self.p.client_a2, self.p.li_qiang)
        others = agreement(other_case, self.p.li_qiang)
        errors = self.refusal(lambda: self.add(kind="assisted", agreement=others))
        self.assertIn("该服务对象", errors["agreement"][0])
        flexible = agreement(self.case, self.p.wang_fang, kind="flexible")
        errors = self.refusal(lambda: self.add(kind="assisted", agreement=flexible))
        self.assertIn("其他就业形式", errors["agreement"][0])
        placement = self.add(kind="assisted", agreement=self.agreement)
        self.assertEqual(placement.agreement, self.agreement)

    def test_other_kinds_may_link_an_agreement(self):
        flexible = agreement(self.case, self.p.wang_fang, kind="flexible")
        self.assertEqual(self.add(agreement=flexible).agreement, flexible)

    def test_it_allows_one_ongoing_placement_of_a_kind_and_past_ones_besides(self):
        errors = self.refusal(lambda: self.add(kind="assisted", agreement=self.agreement))
        self.assertIn("进行中", errors["kind"][0])
        self.add(kind="flexible")
        self.add(kind="assisted", agreement=self.agreement, started_on=days_ago(300),
                 ended_on=days_ago(200))
        self.assertEqual(Placement.objects.filter(client=self.p.client_a).count(), 3)

    def test_it_refuses_dates_in_the_future_and_an_end_before_the_start(self):
        tomorrow = TODAY() + datetime.timedelta(days=1)
        self.assertIn("晚于今天", self.refusal(lambda: self.add(started_on=tomorrow))
                      ["started_on"][0])
        self.assertIn("ended_on", self.refusal(lambda: self.add(ended_on=tomorrow)))
        self.assertIn("ended_on", self.refusal(lambda: self.add(ended_on=days_ago(11))))
        same_day = self.add(started_on=days_ago(10), ended_on=days_ago(10))
        self.assertEqual(same_day.ended_on, same_day.started_on)
        self.assertIn("started_on", self.refusal(lambda: self.add(started_on=None)))

    def test_it_refuses_hours_outside_0_to_84_and_blank_texts(self):
        for hours in (Decimal("0"), Decimal("84.1")):
            with self.subTest(hours=hours):
                self.assertIn("hours_per_week", self.refusal(lambda hours=hours: self.add(
                    hours_per_week=hours)))
        self.assertEqual(self.add(hours_per_week=Decimal("84")).hours_per_week, 84)
        self.assertIn("workplace", self.refusal(lambda: self.add(kind="full_time",
                                                                 workplace="  ")))
        self.assertIn("job", self.refusal(lambda: self.add(kind="full_time", job="")))
        self.assertIn("kind", self.refusal(lambda: self.add(kind="volunteering")))

    def test_only_rehabilitation_staff_who_follow_the_client_may_add(self):
        for name in NOT_ALLOWED:
            with self.subTest(user=name), self.assertRaises(NotPermitted):
                self.add(user=getattr(self.p, name))
        for name in ("li_qiang", "zhao_lei"):
            with self.subTest(user=name):
                errors = self.refusal(lambda name=name: self.add(user=getattr(self.p, name)))
                self.assertEqual(errors["client"], ["请选择您负责的服务对象。"])
        self.add(user=self.p.chen_min)

    def test_it_ends_a_placement_on_or_after_its_start_once(self):
        placement = self.placement
        errors = self.refusal(lambda: actions.do_end_placement(
            placement, acting_user=self.p.wang_fang, ended_on=days_ago(31)))
        self.assertIn("ended_on", errors)
        tomorrow = TODAY() + datetime.timedelta(days=1)
        self.assertIn("晚于今天", self.refusal(lambda: actions.do_end_placement(
            placement, acting_user=self.p.wang_fang, ended_on=tomorrow))["ended_on"][0])
        ended = actions.do_end_placement(placement, acting_user=self.p.wang_fang,
                                         ended_on=days_ago(30))
        self.assertEqual(ended.ended_on, ended.started_on)
        self.assert_audited("placement.ended", actor=self.p.wang_fang, target=placement,
                            client=self.p.client_a)
        self.assertIn("已结束", self.refusal(lambda: actions.do_end_placement(
            placement, acting_user=self.p.wang_fang, ended_on=TODAY()))["ended_on"][0])

    def test_ending_is_refused_to_those_who_may_not(self):
        for name in NOT_ALLOWED:
            with self.subTest(user=name), self.assertRaises(NotPermitted):
                actions.do_end_placement(self.placement, acting_user=getattr(self.p, name),
                                         ended_on=TODAY())
        for name in ("li_qiang", "zhao_lei"):
            with self.subTest(user=name), self.assertRaises(NotVisible):
                actions.do_end_placement(self.placement, acting_user=getattr(self.p, name),
                                         ended_on=TODAY())
        self.assertIsNone(Placement.objects.get(pk=self.placement.pk).ended_on)

    def test_the_workplace_and_job_are_encrypted_at_rest(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT workplace, job FROM outcomes_placement WHERE id = %s",
                           [self.placement.pk])
            raw = str(cursor.fetchone())
        self.assertNotIn(WORKPLACE, raw)
        self.assertNotIn("串珠", raw)


class RelapseActionTest(OutcomesTestCase):
    def record(self, user=None, **overrides):
        data = {"admitted_on": days_ago(5), "hospital": HOSPITAL} | overrides
        return actions.do_record_relapse_admission(self.p.client_a,
                                                   acting_user=user or self.p.wang_fang, **data)

    def test_it_records_an_admission_with_its_audit_event_and_no_hospital_in_it(self):
        admission = self.record(note="家属送医")
        event = self.assert_audited("relapse_admission.recorded", actor=self.p.wang_fang,
                                    target=admission, client=self.p.client_a)
        self.assertNotIn("医院", str(event.data))
        self.assertNotIn("家属", str(event.data))

    def test_it_refuses_at_the_edges(self):
        tomorrow = TODAY() + datetime.timedelta(days=1)
        self.assertIn("晚于今天", self.refusal(lambda: self.record(admitted_on=tomorrow))
                      ["admitted_on"][0])
        self.assertIn("discharged_on", self.refusal(lambda: self.record(
            discharged_on=tomorrow)))
        self.assertIn("discharged_on", self.refusal(lambda: self.record(
            discharged_on=days_ago(6))))
        self.assertIn("hospital", self.refusal(lambda: self.record(hospital=" ")))
        self.assertIn("admitted_on", self.refusal(lambda: self.record(admitted_on=None)))
        self.record(discharged_on=days_ago(5))
        self.assertIn("已记录", self.refusal(lambda: self.record())["admitted_on"][0])

    def test_only_rehabilitation_staff_who_follow_the_client_may_record(self):
        for name in NOT_ALLOWED:
            with self.subTest(user=name), self.assertRaises(NotPermitted):
                self.record(user=getattr(self.p, name))
        for name in ("li_qiang", "zhao_lei"):
            with self.subTest(user=name):
                self.assertIn("client", self.refusal(lambda name=name: self.record(
                    user=getattr(self.p, name))))
        self.assertEqual(RelapseAdmission.objects.count(), 1)

    def test_the_hospital_and_note_are_encrypted_at_rest(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT hospital, note FROM outcomes_relapseadmission")
            raw = str(cursor.fetchall())
        self.assertNotIn(HOSPITAL, raw)
        self.assertNotIn(NOTE, raw)


class DisabilityActionTest(OutcomesTestCase):
    def record(self, user=None, **overrides):
        data = {"assessed_on": days_ago(5), "grade": 2,
                "assessing_body": "武侯区残疾人联合会"} | overrides
        return actions.do_record_disability_assessment(
            self.p.client_a, acting_user=user or self.p.wang_fang, **data)

    def test_it_records_an_assessment_and_audits_it_without_the_grade(self):
        assessment = self.record()
        event = self.assert_audited("disability_assessment.recorded", actor=self.p.wang_fang,
                                    target=assessment, client=self.p.client_a)
        self.assertEqual(event.data, {"assessed_on": days_ago(5).isoformat()})
        self.assertEqual(assessment.get_grade_display(), "精神残疾二级")

    def test_it_takes_grades_one_to_four_only(self):
        for grade in (0, 5, None):
            with self.subTest(grade=grade):
                self.assertIn("GB/T 26341-2010", self.refusal(lambda grade=grade: self.record(
                    grade=grade))["grade"][0])
        self.assertEqual(self.record(grade=1, assessed_on=days_ago(1)).grade, 1)
        self.assertEqual(self.record(grade=4, assessed_on=days_ago(2)).grade, 4)

    def test_it_refuses_at_the_edges(self):
        tomorrow = TODAY() + datetime.timedelta(days=1)
        self.assertIn("晚于今天", self.refusal(lambda: self.record(assessed_on=tomorrow))
                      ["assessed_on"][0])
        self.assertIn("assessing_body", self.refusal(lambda: self.record(assessing_body="")))
        self.assertIn("assessing_body", self.refusal(lambda: self.record(
            assessing_body="评" * 129)))
        self.record(assessed_on=TODAY(), assessing_body="评" * 128)
        self.assertIn("已记录", self.refusal(lambda: self.record(assessed_on=TODAY()))
                      ["assessed_on"][0])

    def test_only_rehabilitation_staff_who_follow_the_client_may_record(self):
        for name in NOT_ALLOWED:
            with self.subTest(user=name), self.assertRaises(NotPermitted):
                self.record(user=getattr(self.p, name))
        for name in ("li_qiang", "zhao_lei"):
            with self.subTest(user=name):
                self.assertIn("client", self.refusal(lambda name=name: self.record(
                    user=getattr(self.p, name))))
        self.assertEqual(DisabilityAssessment.objects.count(), 1)

    def test_the_certificate_number_is_encrypted_and_in_no_audit_event(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT certificate_number FROM outcomes_disabilityassessment")
            raw = str(cursor.fetchall())
        self.assertNotIn(CERTIFICATE, raw)
        self.assertFalse(AuditEvent.objects.filter(data__icontains=CERTIFICATE).exists())
