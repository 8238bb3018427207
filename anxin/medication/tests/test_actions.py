"""The medication actions: what each records and audits, and every refusal at its edge."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import connection

from anxin.accounts.choices import OrganizationKind
from anxin.audit.models import AuditEvent
from anxin.core.exceptions import NotVisible
from anxin.medication import actions
from anxin.medication.models import Administration, Prescription, scheduled_at

from .helpers import DAY, TODAY, MedicationTestCase, at, at_noon, noon, set_kind


class AddPrescriptionTest(MedicationTestCase):
    def add(self, client=None, user=None, **overrides):
        data = {"drug": "奥氮平片", "dose": "5 mg", "times": ["21:00"],
                "started_on": TODAY()} | overrides
        return actions.do_add_prescription(client or self.p.client_a,
                                           acting_user=user or self.p.wang_fang, **data)

    def test_it_records_the_prescription_with_sorted_times_and_audits_it(self):
        """Times are normalised to sorted HH:MM; the audit event names no drug nor dose."""
        rx = self.rx
        self.assertEqual(rx.times, ["08:00", "20:00"])
        self.assertEqual(rx.organization_id, self.p.org_a.pk)
        self.assertEqual(Prescription.objects.get(pk=rx.pk).drug, "利培酮片")
        event = self.assert_audited("medication.prescription_added", actor=self.p.wang_fang,
                                    target=rx, client=self.p.client_a)
        self.assertNotIn("利培酮", str(event.data))
        self.assertNotIn("2 mg", str(event.data))

    def test_it_keeps_drug_dose_and_notes_encrypted_at_rest(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT drug, dose, prescriber, note FROM medication_prescription "
                           "WHERE id = %s", [self.rx.pk])
            row = cursor.fetchone()
            cursor.execute("SELECT note FROM medication_administration WHERE id = %s",
                           [self.refused.pk])
            row += cursor.fetchone()
        for plain in ("利培酮片", "2 mg", "李医生", "饭后服用", "头晕"):
            self.assertFalse(any(plain in value for value in row), plain)

    def test_a_prescription_without_times_needs_a_frequency(self):
        self.assertIn("频次", self.refusal(lambda: self.add(times=[]))["times"][0])
        rx = self.add(times=[], frequency="每四周一次", route="肌内注射")
        self.assertEqual(rx.times, [])

    def test_it_refuses_malformed_times(self):
        for bad in ("24:00", "8", "08:60", "早上"):
            with self.subTest(time=bad):
                self.assertIn("HH:MM", self.refusal(lambda b=bad: self.add(times=[b]))["times"][0])
        self.assertEqual(self.add(times=["23:59", "0:00"]).times, ["00:00", "23:59"])

    def test_it_refuses_an_empty_drug_or_dose(self):
        self.assertIn("药品", self.refusal(lambda: self.add(drug="  "))["drug"][0])
        self.assertIn("剂量", self.refusal(lambda: self.add(dose=""))["dose"][0])

    def test_it_refuses_a_start_in_the_future_but_takes_today(self):
        errors = self.refusal(lambda: self.add(started_on=TODAY() + DAY))
        self.assertIn("晚于今天", errors["started_on"][0])
        self.assertEqual(self.add(started_on=TODAY()).started_on, TODAY())
        self.assertIn("开始", self.refusal(lambda: self.add(started_on=None))["started_on"][0])

    def test_it_refuses_a_client_the_user_does_not_follow(self):
        self.assertIn("client", self.refusal(lambda: self.add(client=self.p.client_a2)))
        self.assertIn("client", self.refusal(lambda: self.add(client=self.p.client_b)))

    def test_it_refuses_roles_without_the_capability(self):
        for user in (self.p.admin_a, self.p.archivist_a, self.p.quality_a, self.p.viewer):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                self.add(user=user)

    def test_a_day_centre_keeps_prescriptions_and_a_community_station_does_not(self):
        set_kind(self.p, self.p.org_a, OrganizationKind.REHAB_DAY)
        self.assertEqual(self.add().organization_id, self.p.org_a.pk)
        set_kind(self.p, self.p.org_a, OrganizationKind.COMMUNITY_STATION)
        self.assertIn("康复机构", self.refusal(self.add)["client"][0])


class EndPrescriptionTest(MedicationTestCase):
    def end(self, ended_on, rx=None, user=None):
        return actions.do_end_prescription(rx or self.rx, acting_user=user or self.p.wang_fang,
                                           ended_on=ended_on)

    def test_it_ends_on_the_last_day_and_audits_it(self):
        rx = self.end(TODAY())
        self.assertEqual(Prescription.objects.get(pk=rx.pk).ended_on, TODAY())
        self.assert_audited("medication.prescription_ended", actor=self.p.wang_fang, target=rx,
                            client=self.p.client_a)

    def test_it_refuses_an_end_before_the_start_and_takes_the_start_itself(self):
        rx = actions.do_add_prescription(self.p.client_a, acting_user=self.p.wang_fang,
                                         drug="丙戊酸钠片", dose="0.2 g", frequency="每日两次",
                                         started_on=TODAY() - 2 * DAY)
        self.assertIn("ended_on", self.refusal(lambda: self.end(TODAY() - 3 * DAY, rx)))
        self.assertEqual(self.end(TODAY() - 2 * DAY, rx).ended_on, TODAY() - 2 * DAY)

    def test_it_refuses_an_end_in_the_future(self):
        self.assertIn("晚于今天", self.refusal(lambda: self.end(TODAY() + DAY))["ended_on"][0])

    def test_it_refuses_an_end_before_a_recorded_dose(self):
        """Yesterday's doses are recorded: ending the day before would leave them outside."""
        errors = self.refusal(lambda: self.end(TODAY() - 2 * DAY))
        self.assertIn("之后", errors["ended_on"][0])
        self.assertEqual(self.end(TODAY() - DAY).ended_on, TODAY() - DAY)

    def test_it_refuses_ending_twice_or_without_a_date(self):
        self.assertIn("ended_on", self.refusal(lambda: self.end(None)))
        self.end(TODAY())
        self.assertIn("已经", self.refusal(lambda: self.end(TODAY()))["ended_on"][0])

    def test_it_refuses_another_organisations_and_an_unfollowed_clients_prescription(self):
        with self.assertRaises(NotVisible):
            self.end(TODAY(), user=self.p.zhao_lei)
        self.assertIn("client", self.refusal(lambda: self.end(TODAY(), user=self.p.li_qiang)))
        with self.assertRaises(PermissionDenied):
            self.end(TODAY(), user=self.p.admin_a)


class RecordAdministrationTest(MedicationTestCase):
    def dose(self, when, outcome="given", note="", rx=None, user=None):
        return actions.do_record_administration(
            rx or self.rx, acting_user=user or self.p.wang_fang, scheduled_for=when,
            outcome=outcome, note=note)

    def test_it_records_a_dose_given_and_audits_it_without_the_note(self):
        with at_noon():
            row = self.dose(scheduled_at(TODAY(), "08:00"))
        self.assertEqual((row.outcome, row.given_by, row.client), ("given", self.p.wang_fang,
                                                                    self.p.client_a))
        self.assertEqual(row.organization_id, self.p.org_a.pk)
        event = self.assert_audited("medication.dose_recorded", actor=self.p.wang_fang,
                                    target=self.rx, client=self.p.client_a)
        self.assertEqual(event.data["outcome"], "given")
        refused = AuditEvent.objects.filter(action="medication.dose_recorded",
                                            data__isnull=False)
        self.assertFalse(any("头晕" in str(e.data) for e in refused))

    def test_a_refusal_or_a_miss_needs_a_note(self):
        with at_noon():
            for outcome in ("refused", "missed"):
                with self.subTest(outcome=outcome):
                    errors = self.refusal(lambda o=outcome: self.dose(
                        scheduled_at(TODAY(), "08:00"), o, note="  "))
                    self.assertIn("原因", errors["note"][0])
            self.assertEqual(self.dose(scheduled_at(TODAY(), "08:00"), "missed",
                                       note="外出未归").outcome, "missed")

    def test_it_refuses_an_unknown_outcome(self):
        with at_noon():
            self.assertIn("outcome", self.refusal(lambda: self.dose(
                scheduled_at(TODAY(), "08:00"), "spat_out")))

    def test_it_refuses_a_dose_not_yet_due_and_takes_one_due_this_minute(self):
        eight = scheduled_at(TODAY(), "08:00")
        with at(eight - datetime.timedelta(seconds=1)):
            self.assertIn("尚未", self.refusal(lambda: self.dose(eight))["scheduled_for"][0])
        with at(eight):
            self.assertEqual(self.dose(eight).scheduled_for, eight)

    def test_it_refuses_a_time_that_is_not_one_of_the_prescriptions(self):
        with at_noon():
            errors = self.refusal(lambda: self.dose(scheduled_at(TODAY(), "09:00")))
        self.assertIn("08:00, 20:00", errors["scheduled_for"][0])

    def test_it_refuses_a_dose_outside_the_prescriptions_days(self):
        """Current from its first day to its last, both included."""
        before = scheduled_at(self.started - DAY, "20:00")
        self.assertIn("不在", self.refusal(lambda: self.dose(before))["scheduled_for"][0])
        self.assertEqual(self.dose(scheduled_at(self.started, "08:00")).outcome, "given")
        actions.do_end_prescription(self.rx, acting_user=self.p.wang_fang,
                                    ended_on=TODAY() - DAY)
        self.rx.refresh_from_db()
        with at_noon():
            self.assertIn("scheduled_for", self.refusal(lambda: self.dose(
                scheduled_at(TODAY(), "08:00"))))

    def test_it_refuses_recording_the_same_dose_twice(self):
        errors = self.refusal(lambda: self.dose(self.given.scheduled_for))
        self.assertIn("已记录", errors["scheduled_for"][0])
        self.assertEqual(Administration.objects.filter(prescription=self.rx).count(), 2)

    def test_a_prescription_without_times_takes_a_dose_at_any_time(self):
        rx = actions.do_add_prescription(self.p.client_a, acting_user=self.p.wang_fang,
                                         drug="棕榈酸帕利哌酮注射液", dose="150 mg",
                                         frequency="每四周一次", started_on=TODAY() - 5 * DAY)
        when = scheduled_at(TODAY() - DAY, "10:25")
        self.assertEqual(self.dose(when, rx=rx).scheduled_for, when)

    def test_only_a_residential_centre_records_doses(self):
        """A day centre's members take their doses at home (REH-4.6.2.8)."""
        set_kind(self.p, self.p.org_a, OrganizationKind.REHAB_DAY)
        with at_noon():
            errors = self.refusal(lambda: self.dose(scheduled_at(TODAY(), "08:00")))
        self.assertIn("全日制", errors["prescription"][0])

    def test_it_refuses_those_who_may_not(self):
        when = scheduled_at(TODAY() - 2 * DAY, "08:00")
        with self.assertRaises(PermissionDenied):
            self.dose(when, user=self.p.quality_a)
        with self.assertRaises(NotVisible):
            self.dose(when, user=self.p.zhao_lei)
        self.assertIn("client", self.refusal(lambda: self.dose(when, user=self.p.li_qiang)))
        self.assertEqual(noon().date(), TODAY())
