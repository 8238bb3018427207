"""Group rules at their edges (REH-5.5.1.2: at most 8 members in a rehabilitation training
group; REH-5.5.1.3: sessions of 45–60 minutes, a course of 9–10 weeks), each refusal naming its
clause; other types carry no limit; members are clients the worker may see."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from anxin.audit.models import AuditEvent
from anxin.core.exceptions import NotPermitted
from anxin.groups import actions
from anxin.groups.models import GroupMember, GroupSession
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client

CONSENT = {"consent_mode": "verbal", "consented_on": datetime.date(2026, 1, 5)}


class GroupRuleTests(PersonaTestCase):
    def group(self, type="rehab_training", weeks=10, user=None):
        return actions.do_create_group(acting_user=user or self.p.wang_fang, type=type,
                                       title="社交技能训练小组", goals="提升人际沟通",
                                       course_weeks=weeks,
                                       programme="social_adaptation"
                                       if type == "rehab_training" else "")

    def clients(self, n):
        return [make_client(self.p.org_a, self.p.wang_fang, name=f"组员{i}", sequence=100 + i)
                for i in range(n)]

    def refusal(self, call) -> str:
        with self.assertRaises(ValidationError) as caught, translation.override("en"):
            call()
        return " ".join(caught.exception.messages)

    def test_a_training_group_holds_eight_members_not_nine(self):
        group = self.group()
        people = self.clients(9)
        today = timezone.localdate()
        for client in people[:8]:
            actions.do_add_member(group, client, acting_user=self.p.wang_fang, joined_on=today,
                                  **CONSENT)
        message = self.refusal(lambda: actions.do_add_member(
            group, people[8], acting_user=self.p.wang_fang, joined_on=today, **CONSENT))
        self.assertIn("REH-5.5.1.2", message)
        self.assertEqual(GroupMember.objects.filter(group=group).count(), 8)
        self.assertEqual(AuditEvent.objects.filter(action="group.member_added").count(), 8)

    def test_a_session_lasts_45_to_60_minutes(self):
        group = self.group()
        start = timezone.now() + datetime.timedelta(days=1)
        for minutes in (45, 60):
            actions.do_plan_session(group, acting_user=self.p.wang_fang, starts_at=start,
                                    minutes=minutes)
        for minutes in (44, 61):
            with self.subTest(minutes=minutes):
                self.assertIn("REH-5.5.1.3", self.refusal(lambda m=minutes: actions.do_plan_session(
                    group, acting_user=self.p.wang_fang, starts_at=start, minutes=m)))
        self.assertEqual(list(GroupSession.objects.values_list("number", "minutes")),
                         [(1, 45), (2, 60)])

    def test_a_course_runs_9_to_10_weeks(self):
        for weeks in (9, 10):
            self.group(weeks=weeks)
        for weeks in (8, 11):
            with self.subTest(weeks=weeks):
                self.assertIn("REH-5.5.1.3", self.refusal(lambda w=weeks: self.group(weeks=w)))
        with translation.override("zh-hans"), self.assertRaises(ValidationError) as caught:
            self.group(weeks=11)
        self.assertIn("REH-5.5.1.3", caught.exception.messages[0])

    def test_other_types_carry_no_limit(self):
        group = self.group(type="support", weeks=20)
        today = timezone.localdate()
        for client in self.clients(9):
            actions.do_add_member(group, client, acting_user=self.p.wang_fang, joined_on=today,
                                  **CONSENT)
        actions.do_plan_session(group, acting_user=self.p.wang_fang,
                                starts_at=timezone.now(), minutes=90)
        self.assertEqual(group.members.count(), 9)

    def test_members_are_clients_the_worker_sees_and_join_once(self):
        group = self.group()
        today = timezone.localdate()
        with self.assertRaises(NotPermitted):  # a colleague's client
            actions.do_add_member(group, self.p.client_a2, acting_user=self.p.wang_fang,
                                  joined_on=today, **CONSENT)
        with self.assertRaises(NotPermitted):  # another organisation's
            actions.do_add_member(group, self.p.client_b, acting_user=self.p.wang_fang,
                                  joined_on=today, **CONSENT)
        actions.do_add_member(group, self.p.client_a, acting_user=self.p.wang_fang,
                              joined_on=today, **CONSENT)
        with self.assertRaises(ValidationError):
            actions.do_add_member(group, self.p.client_a, acting_user=self.p.wang_fang,
                                  joined_on=today, **CONSENT)

    def test_who_may_run_a_group(self):
        for user in (self.p.viewer, self.p.archivist_a):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                self.group(user=user)
        group = self.group(user=self.p.chen_min)
        self.assertEqual([leader.user for leader in group.leaders.all()], [self.p.chen_min])
        with self.assertRaises(NotPermitted):
            actions.do_plan_session(group, acting_user=self.p.zhao_lei,
                                    starts_at=timezone.now(), minutes=50)


class ProgrammeTests(PersonaTestCase):
    """A rehabilitation training group runs one of REH-5.5.2's eight programmes; no other type
    names one."""

    def create(self, type, programme):
        return actions.do_create_group(acting_user=self.p.wang_fang, type=type, title="小组",
                                       course_weeks=10, programme=programme)

    def test_a_training_group_names_its_programme(self):
        for type, programme in (("rehab_training", ""), ("support", "vocational")):
            with self.subTest(type=type), self.assertRaises(ValidationError) as caught:
                self.create(type, programme)
            self.assertIn("REH-5.5.2", caught.exception.message_dict["programme"][0])
        group = self.create("rehab_training", "vocational")
        self.assertEqual(group.get_programme_display(), "职业技能训练")
