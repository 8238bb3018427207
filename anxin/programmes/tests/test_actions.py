"""The rules of a training session and a daily service, each at its edges, with the clause the
refusal names; every recording audited without its note; a refused one saves nothing."""

import datetime

from django.utils import timezone

from anxin.accounts.choices import OrganizationKind
from anxin.audit.models import AuditEvent
from anxin.core.exceptions import NotPermitted, NotVisible
from anxin.programmes import actions
from anxin.programmes.models import DailyServiceLog, TrainingSession

from .helpers import NOW, ProgrammeTestCase, set_kind


class MinutesTest(ProgrammeTestCase):
    def test_it_refuses_44_and_61_minutes_citing_the_clause(self):
        """REH-5.5.1.3: a session lasts 45 to 60 minutes."""
        for minutes in (44, 61):
            with self.subTest(minutes=minutes):
                errors = self.refusal(lambda m=minutes: self.session(minutes=m))
                self.assertIn("45", errors["minutes"][0])
                self.assertIn("REH-5.5.1.3", errors["minutes"][0])
                self.assertIn("分钟", errors["minutes"][0])
        self.assertEqual(TrainingSession.objects.count(), 0)

    def test_it_records_45_and_60_minutes(self):
        for minutes in (45, 60):
            with self.subTest(minutes=minutes):
                self.assertEqual(self.session(minutes=minutes).minutes, minutes)


class SameSexTest(ProgrammeTestCase):
    """REH-5.6.2: one-to-one is same-sex in principle; otherwise another person is present."""

    def test_it_records_a_same_sex_session_without_a_chaperone(self):
        session = self.session(lead_sex="M")  # 张伟 is male
        self.assertIsNone(session.chaperone)

    def test_it_refuses_a_different_sex_session_without_a_chaperone(self):
        errors = self.refusal(lambda: self.session(lead_sex="F"))
        self.assertIn("REH-5.6.2", errors["chaperone"][0])
        self.assertIn("陪同", errors["chaperone"][0])
        self.assertEqual(TrainingSession.objects.count(), 0)

    def test_it_records_a_different_sex_session_with_a_chaperone(self):
        session = self.session(lead_sex="F", chaperone=self.p.chen_min)
        self.assertEqual(session.chaperone, self.p.chen_min)

    def test_it_asks_the_leads_sex_for_a_one_to_one_session(self):
        errors = self.refusal(lambda: self.session(lead_sex=""))
        self.assertIn("REH-5.6.2", errors["lead_sex"][0])

    def test_the_chaperone_is_not_the_lead(self):
        errors = self.refusal(lambda: self.session(lead_sex="F", chaperone=self.p.wang_fang))
        self.assertIn("chaperone", errors)

    def test_the_rule_is_for_one_to_one_sessions(self):
        """At home two staff go; a different-sex lead needs no separate chaperone there."""
        session = self.session(delivery="home", lead_sex="F", staff=[self.p.chen_min])
        self.assertEqual(session.delivery, "home")


class HomeTest(ProgrammeTestCase):
    """REH-5.6.3: home rehabilitation by at least two staff."""

    def test_it_refuses_a_home_session_with_one_staff(self):
        errors = self.refusal(lambda: self.session(delivery="home", programme="home"))
        self.assertIn("REH-5.6.3", errors["staff"][0])

    def test_the_lead_named_again_among_the_others_does_not_count_twice(self):
        errors = self.refusal(lambda: self.session(delivery="home", staff=[self.p.wang_fang]))
        self.assertIn("staff", errors)

    def test_it_records_a_home_session_with_two_staff(self):
        session = self.session(delivery="home", programme="home", staff=[self.p.chen_min])
        self.assertEqual([row.user for row in session.staff_rows.all()], [self.p.chen_min])
        self.assertEqual(session.staff_rows.get().organization_id, self.p.org_a.pk)


class OtherRefusalsTest(ProgrammeTestCase):
    def test_it_refuses_a_case_that_is_not_a_resident(self):
        """Before admission (screening) or after the case closed, nobody is a resident."""
        for stage in ("screening", "closed"):
            self.case_a.stage = stage
            self.case_a.save(update_fields=["stage"])
            with self.subTest(stage=stage):
                errors = self.refusal(self.session)
                self.assertIn("REH-6.4.3.4", errors["case"][0])

    def test_it_refuses_a_case_of_another_pathway(self):
        cmh = self.resident(self.p.client_a, self.p.wang_fang, pathway="cmh",
                            stage="intervention")
        errors = self.refusal(lambda: self.session(cmh))
        self.assertIn("case", errors)

    def test_it_refuses_staff_outside_the_organisation(self):
        p = self.p
        for field, overrides in (("lead", {"lead": p.zhao_lei}),
                                 ("staff", {"delivery": "home", "staff": [p.zhao_lei]}),
                                 ("chaperone", {"lead_sex": "F", "chaperone": p.viewer})):
            with self.subTest(field=field):
                errors = self.refusal(lambda o=overrides: self.session(**o))
                self.assertIn("工作人员", errors[field][0])

    def test_it_refuses_a_session_in_the_future(self):
        errors = self.refusal(lambda: self.session(
            started_at=NOW() + datetime.timedelta(minutes=5)))
        self.assertIn("started_at", errors)

    def test_it_refuses_an_unknown_programme(self):
        errors = self.refusal(lambda: self.session(programme="karaoke"))
        self.assertIn("REH-5.5.2", errors["programme"][0])

    def test_it_refuses_those_without_the_capability_or_the_case(self):
        p = self.p
        for user, exception in ((p.admin_a, NotPermitted), (p.archivist_a, NotPermitted),
                                (p.quality_a, NotPermitted), (p.viewer, NotPermitted),
                                (p.li_qiang, NotVisible), (p.zhao_lei, NotVisible)):
            with self.subTest(user=user.username), self.assertRaises(exception):
                actions.do_record_training_session(
                    self.case_a, acting_user=user, programme="self_care",
                    delivery="one_to_one", started_at=NOW(), minutes=50, lead=p.wang_fang,
                    lead_sex="M")
        self.assertEqual(TrainingSession.objects.count(), 0)


class AuditTest(ProgrammeTestCase):
    def test_each_session_is_audited_with_codes_and_counts_only(self):
        session = self.session(delivery="home", staff=[self.p.chen_min])
        event = self.assert_audited("training_session.recorded", actor=self.p.wang_fang,
                                    target=session, client=self.p.client_a)
        self.assertEqual(event.data["staff"], 2)
        self.assertEqual(event.data["programme"], "self_care")
        self.assertNotIn("练习整理床铺", str(event.data))

    def test_the_note_is_encrypted_at_rest(self):
        self.session()
        from django.db import connection
        with connection.cursor() as cursor:
            cursor.execute("SELECT note FROM programmes_trainingsession")
            stored = cursor.fetchone()[0]
        self.assertNotIn("整理床铺", stored)
        self.assertEqual(TrainingSession.objects.get().note, "练习整理床铺")


class DailyServiceTest(ProgrammeTestCase):
    def record(self, **overrides):
        values = {"date": timezone.localdate(), "kind": "meals", "note": "午餐少盐"}
        values.update(overrides)
        return actions.do_record_daily_service(acting_user=self.p.wang_fang, **values)

    def test_a_residential_centre_records_house_wide_and_resident_entries(self):
        house = self.record()
        own = self.record(kind="psychological", case=self.case_a, note="情绪平稳")
        self.assertIsNone(house.case)
        self.assertEqual(own.case, self.case_a)
        self.assertEqual(house.organization_id, self.p.org_a.pk)
        event = self.assert_audited("daily_service.recorded", target=own,
                                    client=self.p.client_a)
        self.assertNotIn("情绪", str(event.data))

    def test_a_day_centre_records_none(self):
        """REH-4.6.2: the daily services are those of a residential (全日制) centre."""
        set_kind(self.p.org_a, OrganizationKind.REHAB_DAY, self.p.wang_fang)
        errors = self.refusal(self.record)
        self.assertIn("REH-4.6.2", errors["__all__"][0])
        self.assertIn("全日制", errors["__all__"][0])
        self.assertEqual(DailyServiceLog.objects.count(), 0)

    def test_it_refuses_a_future_date_an_unknown_kind_and_a_resident_one_does_not_see(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        self.assertIn("date", self.refusal(lambda: self.record(date=tomorrow)))
        self.assertIn("REH-4.6.2", self.refusal(lambda: self.record(kind="spa"))["kind"][0])
        self.assertIn("case", self.refusal(lambda: self.record(case=self.case_a2)))

    def test_it_refuses_those_without_the_capability(self):
        with self.assertRaises(NotPermitted):
            actions.do_record_daily_service(acting_user=self.p.archivist_a,
                                            date=timezone.localdate(), kind="meals")
        self.assertFalse(AuditEvent.objects.filter(action="daily_service.recorded").exists())
