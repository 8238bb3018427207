"""Caring teams through their actions (REH-3.6, REH-4.4.3, REH-6.2.3.2): one team per street,
members in the roles REH-3.6 names (outside members' names and phones encrypted at rest), the
clients a team supports (those the user follows), meetings, and an audit event for each."""

import datetime

from django.db import IntegrityError, connection, transaction

from anxin.audit.models import AuditEvent
from anxin.caring import actions
from anxin.caring.choices import MemberRole
from anxin.caring.models import (
    CaringTeam,
    CaringTeamClient,
    CaringTeamMeeting,
    CaringTeamMember,
)
from anxin.core.exceptions import NotPermitted, NotVisible

from .helpers import TODAY, CaringTestCase, street


class TeamTests(CaringTestCase):
    def test_it_forms_a_team_of_a_street_with_its_audit_event(self):
        team = actions.do_create_team(acting_user=self.p.chen_min, name="望江路关爱帮扶团队",
                                      street=street("510107002"), formed_on=TODAY())
        self.assertEqual((team.organization, team.active), (self.p.org_a, True))
        self.assert_audited("caring_team.created", actor=self.p.chen_min, target=team)

    def test_it_keeps_one_team_per_street_per_organisation(self):
        """REH-3.6: the team is the street's; a second one is refused, naming the street."""
        errors = self.refusal(lambda: actions.do_create_team(
            acting_user=self.p.li_qiang, name="又一个团队", street=street("510107001"),
            formed_on=TODAY()))
        self.assertIn("浆洗街街道", errors["street"][0])
        self.assertIn("每个街道", errors["street"][0])
        self.assertIn("REH-3.6", errors["street"][0])
        self.assertEqual(CaringTeam.objects.filter(street="510107001").count(), 1)

    def test_the_database_refuses_a_second_team_of_the_street_too(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            CaringTeam.objects.create(organization=self.p.org_a, name="x", street_id="510107001",
                                      formed_on=TODAY(), created_by=self.p.wang_fang)

    def test_another_organisation_may_form_its_own_team_in_the_same_street(self):
        team = actions.do_create_team(acting_user=self.p.zhao_lei, name="深圳团队",
                                      street=street("510107001"), formed_on=TODAY())
        self.assertEqual(team.organization, self.p.org_b)

    def test_moving_a_team_to_a_street_that_has_one_is_refused(self):
        other = actions.do_create_team(acting_user=self.p.wang_fang, name="玉林团队",
                                       street=street("510107003"), formed_on=TODAY())
        errors = self.refusal(lambda: actions.do_update_team(
            other, acting_user=self.p.wang_fang, name="玉林团队", street=street("510107001"),
            formed_on=TODAY(), active=True))
        self.assertIn("REH-3.6", errors["street"][0])

    def test_it_names_the_field_of_each_invalid_value(self):
        cases = {
            "name": dict(name=" ", street=street("510107002"), formed_on=TODAY()),
            "street": dict(name="x", street=street("510107"), formed_on=TODAY()),
            "formed_on": dict(name="x", street=street("510107002"),
                              formed_on=TODAY() + datetime.timedelta(days=1)),
        }
        for field, values in cases.items():
            with self.subTest(field=field):
                errors = self.refusal(lambda v=values: actions.do_create_team(
                    acting_user=self.p.wang_fang, **v))
                self.assertEqual(list(errors), [field])
        self.assertIn("街道", self.refusal(lambda: actions.do_create_team(
            acting_user=self.p.wang_fang, **cases["street"]))["street"][0])
        self.assertIn("晚于今天", self.refusal(lambda: actions.do_create_team(
            acting_user=self.p.wang_fang, **cases["formed_on"]))["formed_on"][0])

    def test_an_update_saves_the_changed_fields_and_audits_them(self):
        actions.do_update_team(self.team, acting_user=self.p.admin_a, name="新名字",
                               street=self.team.street, formed_on=self.formed, active=False)
        team = CaringTeam.objects.get(pk=self.team.pk)
        self.assertEqual((team.name, team.active), ("新名字", False))
        event = self.assert_audited("caring_team.updated", actor=self.p.admin_a, target=team)
        self.assertEqual(event.data["fields"], ["active", "name"])

    def test_only_those_who_manage_caring_teams_change_them(self):
        for user in (self.p.archivist_a, self.p.quality_a, self.p.viewer):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                actions.do_create_team(acting_user=user, name="x", street=street("510107002"),
                                       formed_on=TODAY())

    def test_another_organisations_team_is_not_found(self):
        with self.assertRaises(NotVisible):
            actions.do_add_team_member(self.team, acting_user=self.p.zhao_lei,
                                       role=MemberRole.VOLUNTEER, name="x", since=TODAY())


class MemberTests(CaringTestCase):
    def test_an_outside_members_name_and_phone_are_encrypted_at_rest(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, phone, unit FROM caring_caringteammember WHERE id = %s",
                           [self.police.pk])
            name, phone, unit = cursor.fetchone()
        self.assertNotIn("冉志强", name)
        self.assertNotIn("13881230103", phone)
        self.assertTrue(name.startswith("gAAAA") and phone.startswith("gAAAA"))
        self.assertEqual(unit, "浆洗街派出所")
        member = CaringTeamMember.objects.get(pk=self.police.pk)
        self.assertEqual((member.name, member.phone), ("冉志强", "13881230103"))

    def test_a_member_is_a_colleague_or_an_outside_person(self):
        add = actions.do_add_team_member
        neither = self.refusal(lambda: add(self.team, acting_user=self.p.wang_fang,
                                           role=MemberRole.VOLUNTEER, since=TODAY()))
        self.assertIn("姓名", neither["name"][0])
        both = self.refusal(lambda: add(self.team, acting_user=self.p.wang_fang,
                                        role=MemberRole.VOLUNTEER, user=self.p.li_qiang,
                                        name="某人", since=TODAY()))
        self.assertEqual(list(both), ["name"])
        outsider = self.refusal(lambda: add(self.team, acting_user=self.p.wang_fang,
                                            role=MemberRole.SOCIAL_WORKER, user=self.p.zhao_lei,
                                            since=TODAY()))
        self.assertIn("同事", outsider["user"][0])
        twice = self.refusal(lambda: add(self.team, acting_user=self.p.wang_fang,
                                         role=MemberRole.SOCIAL_WORKER, user=self.p.wang_fang,
                                         since=TODAY()))
        self.assertEqual(list(twice), ["user"])

    def test_it_checks_the_phone_and_the_dates(self):
        add = actions.do_add_team_member
        phone = self.refusal(lambda: add(self.team, acting_user=self.p.wang_fang,
                                         role=MemberRole.VOLUNTEER, name="某人", phone="电话",
                                         since=TODAY()))
        self.assertEqual(list(phone), ["phone"])
        until = self.refusal(lambda: add(self.team, acting_user=self.p.wang_fang,
                                         role=MemberRole.VOLUNTEER, name="某人", since=TODAY(),
                                         until=TODAY() - datetime.timedelta(days=1)))
        self.assertEqual(list(until), ["until"])
        self.assertEqual(self.team.members.count(), 2)

    def test_every_role_of_reh_3_6_can_be_recorded_and_each_is_audited(self):
        for role in MemberRole.values:
            actions.do_add_team_member(self.team, acting_user=self.p.wang_fang, role=role,
                                       name=f"成员{role}", since=TODAY())
        self.assertEqual(set(self.team.members.values_list("role", flat=True)),
                         set(MemberRole.values))
        self.assertEqual(AuditEvent.objects.filter(action="caring_team.member_added").count(),
                         2 + len(MemberRole.values))

    def test_a_member_leaves_with_a_date(self):
        actions.do_end_team_member(self.police, acting_user=self.p.wang_fang, until=TODAY())
        self.assertEqual(CaringTeamMember.objects.get(pk=self.police.pk).until, TODAY())
        self.assert_audited("caring_team.member_ended", actor=self.p.wang_fang, target=self.team)


class TeamClientTests(CaringTestCase):
    def test_it_supports_a_client_the_user_follows_and_audits_it_on_the_client(self):
        self.assert_audited("caring_team.client_added", actor=self.p.wang_fang,
                            target=self.team, client=self.p.client_a)

    def test_a_client_the_user_does_not_follow_is_refused(self):
        errors = self.refusal(lambda: actions.do_add_team_client(
            self.team, self.p.client_a2, acting_user=self.p.wang_fang, since=TODAY()))
        self.assertEqual(list(errors), ["client"])
        errors = self.refusal(lambda: actions.do_add_team_client(
            self.team, self.p.client_b, acting_user=self.p.wang_fang, since=TODAY()))
        self.assertEqual(list(errors), ["client"])
        self.assertEqual(self.team.clients.count(), 1)

    def test_a_client_is_supported_once_at_a_time(self):
        errors = self.refusal(lambda: actions.do_add_team_client(
            self.team, self.p.client_a, acting_user=self.p.wang_fang, since=TODAY()))
        self.assertEqual(list(errors), ["client"])
        actions.do_end_team_client(self.team_client, acting_user=self.p.wang_fang,
                                   until=TODAY())
        actions.do_add_team_client(self.team, self.p.client_a, acting_user=self.p.wang_fang,
                                   since=TODAY())
        self.assertEqual(CaringTeamClient.objects.filter(team=self.team).count(), 2)


class MeetingTests(CaringTestCase):
    def test_a_meeting_keeps_attendees_clients_and_encrypted_minutes(self):
        meeting = CaringTeamMeeting.objects.get(pk=self.meeting.pk)
        self.assertEqual(set(meeting.attendees.all()), {self.police, self.colleague})
        self.assertEqual(list(meeting.clients_discussed.all()), [self.p.client_a])
        with connection.cursor() as cursor:
            cursor.execute("SELECT minutes, decisions FROM caring_caringteammeeting "
                           "WHERE id = %s", [meeting.pk])
            minutes, decisions = cursor.fetchone()
        self.assertNotIn("张伟", minutes)
        self.assertNotIn("家访", decisions)
        self.assertEqual(meeting.minutes, "张伟近期睡眠差")
        self.assert_audited("caring_team.meeting_recorded", actor=self.p.wang_fang,
                            target=self.team)
        self.assert_audited("caring_team.client_discussed", target=meeting,
                            client=self.p.client_a)

    def test_a_meeting_without_attendees_or_in_the_future_is_refused_and_nothing_saved(self):
        record = actions.do_record_meeting
        errors = self.refusal(lambda: record(self.team, acting_user=self.p.wang_fang,
                                             held_on=TODAY(), topic="会议", attendees=[]))
        self.assertIn("出席", errors["attendees"][0])
        errors = self.refusal(lambda: record(
            self.team, acting_user=self.p.wang_fang, topic="会议", attendees=[self.police],
            held_on=TODAY() + datetime.timedelta(days=1)))
        self.assertEqual(list(errors), ["held_on"])
        errors = self.refusal(lambda: record(self.team, acting_user=self.p.wang_fang,
                                             held_on=TODAY(), topic="", attendees=[self.police]))
        self.assertEqual(list(errors), ["topic"])
        self.assertEqual(CaringTeamMeeting.objects.count(), 1)

    def test_only_the_teams_clients_that_the_user_follows_are_discussed(self):
        errors = self.refusal(lambda: actions.do_record_meeting(
            self.team, acting_user=self.p.wang_fang, held_on=TODAY(), topic="会议",
            attendees=[self.police], clients_discussed=[self.p.client_a2]))
        self.assertEqual(list(errors), ["clients_discussed"])
        other_team = actions.do_create_team(acting_user=self.p.wang_fang, name="玉林团队",
                                            street=street("510107003"), formed_on=TODAY())
        outsider = actions.do_add_team_member(other_team, acting_user=self.p.wang_fang,
                                              role=MemberRole.VOLUNTEER, name="某人",
                                              since=TODAY())
        errors = self.refusal(lambda: actions.do_record_meeting(
            self.team, acting_user=self.p.wang_fang, held_on=TODAY(), topic="会议",
            attendees=[outsider]))
        self.assertEqual(list(errors), ["attendees"])


class TenancyTests(CaringTestCase):
    def test_every_table_of_the_app_names_its_organisation(self):
        """Including the meeting links: explicit through models, not Django's bare tables."""
        tables = [t for t in connection.introspection.table_names() if t.startswith("caring_")]
        self.assertGreaterEqual(len(tables), 9)
        with connection.cursor() as cursor:
            for table in tables:
                with self.subTest(table=table):
                    columns = [c.name for c in
                               connection.introspection.get_table_description(cursor, table)]
                    self.assertIn("organization_id", columns)
