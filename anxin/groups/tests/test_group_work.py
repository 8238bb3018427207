"""Running a group: the plan approved before the first session (MSW-7.1), attendance of every
member with a reason for each absence, consent to group work, the members' change on the
group's instrument before and after, and closing on an approved evaluation."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from anxin.audit.models import AuditEvent
from anxin.core.exceptions import NotPermitted
from anxin.groups import actions
from anxin.groups.models import (
    GroupAttendance,
    GroupMeasurement,
    GroupMember,
    GroupStatus,
    SessionStatus,
)
from anxin.groups.selectors import group_change, groups_of, sessions_of

from .helpers import CONSENT, GroupTestCase

# PHQ-9 (Kroenke, Spitzer & Williams 2001): nine items scored 0–3, the total their sum; a
# lower total is better. Every item "more than half the days" (2) totals 18; every item
# "several days" (1) totals 9.
PHQ9_18 = {f"item_{n}": 2 for n in range(1, 10)}
PHQ9_9 = {f"item_{n}": 1 for n in range(1, 10)}


class PlanFirstTests(GroupTestCase):
    def test_no_session_is_held_before_the_plan_is_approved(self):
        group = self.make_group(approved=False)
        member, = self.members(group, 1)
        session = self.past_session(group)
        message = self.refusal(lambda: actions.do_record_attendance(
            session, {member.pk: ("present", "")}, acting_user=self.p.wang_fang))
        self.assertIn("MSW-7.1", message)
        self.assertFalse(GroupAttendance.objects.exists())
        session.refresh_from_db()
        self.assertEqual(session.status, SessionStatus.PLANNED)

    def test_the_author_does_not_approve_their_own_plan(self):
        from anxin.documents.actions import do_review_document, do_save_document, do_submit_document
        from anxin.groups.kinds import GROUP_PLAN

        from .helpers import PLAN

        group = self.make_group(approved=False)
        plan = do_save_document(group, GROUP_PLAN, PLAN, acting_user=self.p.chen_min)
        do_submit_document(plan, acting_user=self.p.chen_min)
        with self.assertRaises(NotPermitted):
            do_review_document(plan, acting_user=self.p.chen_min, decision="approved")
        with self.assertRaises(NotPermitted):  # a worker cannot approve
            do_review_document(plan, acting_user=self.p.wang_fang, decision="approved")


class AttendanceTests(GroupTestCase):
    def setUp(self):
        self.group = self.make_group()
        self.a, self.b, self.c = self.members(self.group, 3)
        self.session = self.past_session(self.group)

    def test_every_member_is_marked_and_the_session_is_held(self):
        actions.do_record_attendance(self.session, {
            self.a.pk: ("present", ""), self.b.pk: ("late", ""),
            self.c.pk: ("absent", "住院复查")}, acting_user=self.p.wang_fang)
        rows = dict(GroupAttendance.objects.values_list("member__client__name", "status"))
        self.assertEqual(rows, {"组员0": "present", "组员1": "late", "组员2": "absent"})
        # The session's printed record names who came (and not why anyone was absent).
        from anxin.groups.subjects import GroupSessionSubject

        line = dict(GroupSessionSubject().heading(self.session).print_details)["出席情况"]
        self.assertEqual(line, "出席1人：组员0；迟到1人：组员1；缺席1人：组员2")
        self.session.refresh_from_db()
        self.group.refresh_from_db()
        self.assertEqual(self.session.status, SessionStatus.HELD)
        self.assertEqual(self.group.status, GroupStatus.RUNNING)
        self.assert_audited("group.attendance_recorded", actor=self.p.wang_fang,
                            target=self.group)
        # The reason for an absence is about a person's health: encrypted at rest.
        with connection.cursor() as cursor:
            cursor.execute("SELECT reason FROM groups_groupattendance WHERE status = 'absent'")
            raw = cursor.fetchone()[0]
        self.assertNotIn("住院", raw)

    def test_an_absence_needs_a_reason_and_nothing_is_half_saved(self):
        with self.assertRaises(ValidationError) as caught:
            actions.do_record_attendance(self.session, {
                self.a.pk: ("present", ""), self.b.pk: ("absent", " "),
                self.c.pk: ("", "")}, acting_user=self.p.wang_fang)
        errors = caught.exception.message_dict
        self.assertEqual(errors[f"member_{self.b.pk}_reason"], ["请说明组员1缺席的原因。"])
        self.assertEqual(errors[f"member_{self.c.pk}"], ["请标记组员2是否出席。"])
        self.assertFalse(GroupAttendance.objects.exists())
        self.assert_not_audited("group.attendance_recorded")

    def test_attendance_waits_for_the_session_to_begin(self):
        later = actions.do_plan_session(self.group, acting_user=self.p.wang_fang, minutes=50,
                                        starts_at=timezone.now() + datetime.timedelta(days=1))
        with self.assertRaises(ValidationError):
            actions.do_record_attendance(later, {m.pk: ("present", "") for m in
                                                 (self.a, self.b, self.c)},
                                         acting_user=self.p.wang_fang)

    def test_a_member_who_joined_after_the_session_is_not_marked(self):
        from anxin.workspace.testing.personas import make_client

        newcomer = actions.do_add_member(
            self.group, make_client(self.p.org_a, self.p.wang_fang, name="新组员", sequence=190),
            acting_user=self.p.wang_fang, joined_on=timezone.localdate(), **CONSENT)
        marks = {m.pk: ("present", "") for m in (self.a, self.b, self.c)}
        with self.assertRaises(ValidationError):
            actions.do_record_attendance(self.session, {**marks, newcomer.pk: ("present", "")},
                                         acting_user=self.p.wang_fang)
        actions.do_record_attendance(self.session, marks, acting_user=self.p.wang_fang)
        self.assertEqual(GroupAttendance.objects.count(), 3)

    def test_only_the_organisations_runners_record(self):
        marks = {m.pk: ("present", "") for m in (self.a, self.b, self.c)}
        for user in (self.p.zhao_lei, self.p.archivist_a, self.p.admin_a, self.p.viewer):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                actions.do_record_attendance(self.session, marks, acting_user=user)

    def test_a_members_sessions_appear_on_their_file(self):
        actions.do_record_attendance(self.session, {
            self.a.pk: ("present", ""), self.b.pk: ("late", ""),
            self.c.pk: ("absent", "住院复查")}, acting_user=self.p.wang_fang)
        second = self.past_session(self.group, days_ago=1)
        actions.do_record_attendance(second, {
            self.a.pk: ("present", ""), self.b.pk: ("present", ""),
            self.c.pk: ("absent", "住院")}, acting_user=self.p.wang_fang)
        client = self.c.client
        summary, = groups_of(client, self.p.wang_fang)
        self.assertEqual((summary.member.group, summary.attended, summary.held),
                         (self.group, 0, 2))
        self.assertEqual([row.session.number for row in sessions_of(client, self.p.wang_fang)],
                         [2, 1])
        self.assertEqual(groups_of(client, self.p.viewer), [])


class ConsentTests(GroupTestCase):
    def test_a_member_joins_with_their_consent(self):
        from anxin.workspace.testing.personas import make_client

        group = self.make_group()
        client = make_client(self.p.org_a, self.p.wang_fang, name="组员甲", sequence=150)
        with self.assertRaises(ValidationError) as caught:
            actions.do_add_member(group, client, acting_user=self.p.wang_fang,
                                  joined_on=timezone.localdate())
        self.assertEqual(set(caught.exception.message_dict), {"consent_mode", "consented_on"})
        self.assertFalse(GroupMember.objects.exists())
        member = actions.do_add_member(group, client, acting_user=self.p.wang_fang,
                                       joined_on=timezone.localdate(), consent_mode="written",
                                       consented_on=timezone.localdate())
        self.assertEqual((member.consent_mode, member.consent_taken_by),
                         ("written", self.p.wang_fang))


class ChangeTests(GroupTestCase):
    def test_before_and_after_give_each_members_change(self):
        group = self.make_group(measure="phq9")
        a, b = self.members(group, 2)
        before = timezone.localdate() - datetime.timedelta(days=10)
        for member in (a, b):
            actions.do_record_measure(member, "pre", PHQ9_18, acting_user=self.p.wang_fang,
                                      administered_on=before)
        session = self.past_session(group, days_ago=7)
        with self.assertRaises(ValidationError):  # no after-measure before a session is held
            actions.do_record_measure(a, "post", PHQ9_9, acting_user=self.p.wang_fang)
        actions.do_record_attendance(session, {a.pk: ("present", ""), b.pk: ("present", "")},
                                     acting_user=self.p.wang_fang)
        with self.assertRaises(ValidationError):  # after the last session, not before it
            actions.do_record_measure(a, "post", PHQ9_9, acting_user=self.p.wang_fang,
                                      administered_on=before)
        actions.do_record_measure(a, "post", PHQ9_9, acting_user=self.p.wang_fang)
        with self.assertRaises(ValidationError):  # once per phase
            actions.do_record_measure(a, "post", PHQ9_9, acting_user=self.p.wang_fang)
        change = group_change(group, [a, b])
        first, second = change.members
        self.assertEqual((first.before, first.after, first.change, first.reading),
                         (18, 9, -9, "improved"))
        self.assertIsNone(second.change)  # not measured after yet
        self.assertEqual((change.mean_change, change.improved, change.worse), (-9, 1, 0))
        self.assertEqual(GroupMeasurement.objects.count(), 3)
        self.assert_audited("group.measure_recorded", actor=self.p.wang_fang, target=group,
                            client=a.client)

    def test_a_before_measure_comes_before_the_first_session(self):
        group = self.make_group(measure="phq9")
        member, = self.members(group, 1)
        self.past_session(group, days_ago=7)
        message = self.refusal(lambda: actions.do_record_measure(
            member, "pre", PHQ9_18, acting_user=self.p.wang_fang))
        self.assertIn("first session", message)


class ClosingTests(GroupTestCase):
    def test_a_group_closes_on_its_approved_evaluation(self):
        group = self.make_group()
        member, = self.members(group, 1)
        session = self.past_session(group)
        actions.do_record_attendance(session, {member.pk: ("present", "")},
                                     acting_user=self.p.wang_fang)
        planned = actions.do_plan_session(group, acting_user=self.p.wang_fang, minutes=50,
                                          starts_at=timezone.now() + datetime.timedelta(days=3))
        self.assertIn("MSW-7.1", self.refusal(lambda: actions.do_close_group(
            group, acting_user=self.p.wang_fang)))
        self.approve_evaluation(group)
        actions.do_close_group(group, acting_user=self.p.wang_fang)
        group.refresh_from_db()
        member.refresh_from_db()
        planned.refresh_from_db()
        self.assertEqual(group.status, GroupStatus.CLOSED)
        self.assertEqual(member.left_on, timezone.localdate())
        self.assertEqual(planned.status, SessionStatus.CANCELLED)
        self.assertIn("closed", self.refusal(lambda: actions.do_plan_session(
            group, acting_user=self.p.wang_fang, minutes=50, starts_at=timezone.now())))
        self.assertEqual(AuditEvent.objects.filter(action="group.closed").count(), 1)
