"""Recording community activities and keeping the volunteer register: each rule's refusal names
its field in Chinese, each change is audited, and volunteers' contacts are encrypted at rest."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from anxin.accounts.models import Region
from anxin.community import actions
from anxin.community.models import ActivityMaterial, CommunityActivity, VolunteerHours
from anxin.core.exceptions import NotPermitted
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import DAY, make_group, record_activity, register_volunteer


class ActivityActionTests(PersonaTestCase):
    def test_it_records_an_activity_and_audits_it_with_its_clauses(self):
        activity = record_activity(self.p.wang_fang)
        self.assertEqual(activity.organization, self.p.org_a)
        self.assertEqual(activity.people_count, 40)
        event = self.assert_audited("community.activity_recorded", actor=self.p.wang_fang,
                                    target=activity)
        self.assertEqual(event.data["type"], "health_lecture")
        self.assertIn("CHR-7.1.3", event.data["clauses"])
        self.assertIn("CMH-7.1", event.data["clauses"])

    def test_an_activity_in_a_place_names_its_street_or_community(self):
        with self.assertRaises(ValidationError) as caught:
            record_activity(self.p.wang_fang, region=None)
        self.assertEqual(caught.exception.message_dict["region"],
                         ["请选择活动所在的街道或社区。"])
        self.assertFalse(CommunityActivity.objects.exists())

    def test_a_region_outside_the_organisations_district_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            record_activity(self.p.wang_fang, region=Region.objects.get(code="440305001"))
        self.assertIn("region", caught.exception.message_dict)

    def test_only_online_kinds_count_views_or_reads(self):
        with self.assertRaises(ValidationError) as caught:
            record_activity(self.p.wang_fang, online_reach=100)
        self.assertEqual(caught.exception.message_dict["online_reach"],
                         ["只有线上课程和推文填写浏览/阅读量。"])
        with self.assertRaises(ValidationError) as caught:
            record_activity(self.p.wang_fang, type="online_post", region=None)
        self.assertIn("CHR-7.1.3", caught.exception.message_dict["online_reach"][0])
        post = record_activity(self.p.wang_fang, type="online_post", online_reach=1520)
        # An online post has no place: whatever was typed is not kept.
        self.assertEqual((post.region, post.place, post.online_reach), (None, "", 1520))

    def test_negative_counts_and_a_blank_title_are_refused_together(self):
        with self.assertRaises(ValidationError) as caught:
            record_activity(self.p.wang_fang, residents_count=-1, title=" ")
        self.assertEqual(caught.exception.message_dict["residents_count"],
                         ["请填写 0 或更大的数字。"])
        self.assertEqual(caught.exception.message_dict["title"], ["请填写活动名称。"])

    def test_only_roles_that_record_community_work_may_record(self):
        for user in (self.p.admin_a, self.p.archivist_a, self.p.quality_a, self.p.viewer):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                record_activity(user)
        self.assertFalse(CommunityActivity.objects.exists())

    def test_a_change_is_audited_with_the_fields_not_their_values(self):
        activity = record_activity(self.p.wang_fang)
        actions.do_update_activity(activity, acting_user=self.p.chen_min, residents_count=45,
                                   summary="补充：发放求助热线卡。")
        activity.refresh_from_db()
        self.assertEqual(activity.residents_count, 45)
        event = self.assert_audited("community.activity_updated", actor=self.p.chen_min,
                                    target=activity)
        self.assertEqual(sorted(event.data["fields"]), ["residents_count", "summary"])
        self.assertNotIn("热线", str(event.data))

    def test_another_organisation_may_not_change_it(self):
        activity = record_activity(self.p.wang_fang)
        with self.assertRaises(NotPermitted):
            actions.do_update_activity(activity, acting_user=self.p.zhao_lei, title="x")

    def test_a_participant_is_one_of_the_users_clients_once(self):
        activity = record_activity(self.p.wang_fang)
        actions.do_add_participant(activity, self.p.client_a, acting_user=self.p.wang_fang)
        self.assert_audited("community.participant_added", actor=self.p.wang_fang,
                            target=activity, client=self.p.client_a)
        with self.assertRaises(ValidationError) as caught:
            actions.do_add_participant(activity, self.p.client_a, acting_user=self.p.wang_fang)
        self.assertEqual(caught.exception.message_dict["client"],
                         ["该服务对象已在参与者名单中。"])
        for client in (self.p.client_a2, self.p.client_b):  # not hers; another organisation's
            with self.subTest(client=client.name), self.assertRaises(ValidationError) as caught:
                actions.do_add_participant(activity, client, acting_user=self.p.wang_fang)
            self.assertEqual(caught.exception.message_dict["client"], ["请选择您的服务对象。"])
        self.assertEqual(activity.participants.count(), 1)

    def test_materials_are_counted_by_kind(self):
        activity = record_activity(self.p.wang_fang)
        actions.do_add_material(activity, acting_user=self.p.wang_fang, kind="hotline_leaflet",
                                count=200, note="心理援助热线 12356")
        self.assert_audited("community.material_added", target=activity)
        with self.assertRaises(ValidationError) as caught:
            actions.do_add_material(activity, acting_user=self.p.wang_fang, kind="qr_code",
                                    count=0)
        self.assertEqual(caught.exception.message_dict["count"],
                         ["请填写发放数量：至少 1 份。"])
        self.assertEqual(ActivityMaterial.objects.count(), 1)


class VolunteerActionTests(PersonaTestCase):
    def test_it_registers_a_volunteer_and_audits_it(self):
        volunteer = register_volunteer(self.p.admin_a)
        self.assertEqual(volunteer.organization, self.p.org_a)
        self.assertEqual(volunteer.skill_labels(), ["陪伴服务对象", "活动组织"])
        self.assert_audited("community.volunteer_registered", actor=self.p.admin_a,
                            target=volunteer)

    def test_the_contact_phone_and_note_are_encrypted_at_rest(self):
        volunteer = register_volunteer(self.p.wang_fang)
        with connection.cursor() as cursor:
            cursor.execute("SELECT phone, skills_note FROM community_volunteer WHERE id = %s",
                           [volunteer.pk])
            phone, note = cursor.fetchone()
        self.assertNotIn("13912345678", phone)
        self.assertNotIn("护士", note)
        self.assertTrue(phone.startswith("gAAAA"))  # a Fernet token
        volunteer.refresh_from_db()
        self.assertEqual(volunteer.phone, "13912345678")

    def test_it_names_the_field_it_refuses(self):
        with self.assertRaises(ValidationError) as caught:
            register_volunteer(self.p.wang_fang, name=" ", phone="电话", skills=["flying"])
        errors = caught.exception.message_dict
        self.assertEqual(errors["name"], ["请填写志愿者姓名。"])
        self.assertEqual(errors["phone"], ["请填写仅含数字的电话号码（可含连字符）。"])
        self.assertEqual(errors["skills"], ["请从列表中选择技能。"])

    def test_readers_do_not_keep_the_register(self):
        for user in (self.p.archivist_a, self.p.quality_a, self.p.viewer):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                register_volunteer(user)

    def test_setting_a_volunteer_inactive_keeps_their_hours(self):
        volunteer = register_volunteer(self.p.admin_a)
        actions.do_log_volunteer_hours(volunteer, acting_user=self.p.admin_a, date=DAY,
                                       hours=Decimal("2"), follow_up_note="陪同电话随访")
        actions.do_update_volunteer(volunteer, acting_user=self.p.admin_a, is_active=False)
        volunteer.refresh_from_db()
        self.assertFalse(volunteer.is_active)
        self.assertEqual(volunteer.hours.count(), 1)
        event = self.assert_audited("community.volunteer_updated", target=volunteer)
        self.assertEqual(event.data["fields"], ["is_active"])


class VolunteerHoursTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.volunteer = register_volunteer(cls.p.wang_fang)
        cls.activity = record_activity(cls.p.wang_fang)
        cls.group = make_group(cls.p.org_a, cls.p.wang_fang)

    def log(self, **kwargs):
        data = {"date": DAY, "hours": Decimal("3")}
        data.update(kwargs)
        return actions.do_log_volunteer_hours(self.volunteer, acting_user=self.p.wang_fang,
                                              **data)

    def test_hours_for_an_activity_a_group_or_a_follow_up_are_logged_and_audited(self):
        for purpose in ({"activity": self.activity}, {"group": self.group},
                        {"follow_up_note": "协助电话随访两位服务对象"}):
            with self.subTest(purpose=list(purpose)):
                entry = self.log(**purpose)
                event = self.assert_audited("community.volunteer_hours_logged",
                                            actor=self.p.wang_fang, target=self.volunteer)
                self.assertEqual(event.data["hours"], "3")
                self.assertEqual(VolunteerHours.objects.get(pk=entry.pk).hours, Decimal("3"))

    def test_it_asks_for_exactly_one_purpose(self):
        message = "请说明服务内容：活动、小组或随访，且只能选其一（CHR-7.4.3）。"
        for purpose in ({}, {"activity": self.activity, "group": self.group},
                        {"activity": self.activity, "follow_up_note": "随访"},
                        {"follow_up_note": "   "}):
            with self.subTest(purpose=list(purpose)):
                with self.assertRaises(ValidationError) as caught:
                    self.log(**purpose)
                self.assertEqual(caught.exception.message_dict["activity"], [message])
        self.assertFalse(VolunteerHours.objects.exists())

    def test_hours_are_more_than_0_and_at_most_24(self):
        for hours in ("0", "-1", "24.1"):
            with self.subTest(hours=hours), self.assertRaises(ValidationError) as caught:
                self.log(hours=Decimal(hours), activity=self.activity)
            self.assertEqual(caught.exception.message_dict["hours"],
                             ["时长须大于 0 且不超过 24 小时。"])
        for hours in ("0.5", "24"):
            with self.subTest(hours=hours):
                self.log(hours=Decimal(hours), activity=self.activity)
        self.assertEqual(VolunteerHours.objects.count(), 2)

    def test_the_database_refuses_what_the_rule_refuses(self):
        """The check constraints hold even for a row written around the action."""
        for bad in ({"hours": Decimal("25"), "activity": self.activity},
                    {"hours": Decimal("1"), "activity": self.activity, "group": self.group},
                    {"hours": Decimal("1")}):
            with self.subTest(bad=bad), self.assertRaises(IntegrityError), \
                    transaction.atomic():
                VolunteerHours.objects.create(volunteer=self.volunteer, date=DAY,
                                              recorded_by=self.p.wang_fang, **bad)

    def test_another_organisations_activity_or_group_is_refused(self):
        other = record_activity(self.p.zhao_lei, region=Region.objects.get(code="440305001"))
        other_group = make_group(self.p.org_b, self.p.zhao_lei)
        with self.assertRaises(ValidationError) as caught:
            self.log(activity=other)
        self.assertEqual(caught.exception.message_dict["activity"], ["请选择本机构的活动。"])
        with self.assertRaises(ValidationError) as caught:
            self.log(group=other_group)
        self.assertEqual(caught.exception.message_dict["group"], ["请选择本机构的小组。"])

    def test_another_organisation_may_not_log_hours_for_the_volunteer(self):
        with self.assertRaises(NotPermitted):
            actions.do_log_volunteer_hours(self.volunteer, acting_user=self.p.zhao_lei,
                                           date=DAY, hours=Decimal("1"), follow_up_note="x")
