"""Group work's pages and API, for whom each is: every role of the organisation that reads group
work sees its groups, workers and supervisors run them, nobody else does, and another
organisation's group is a 404. The list's query count does not grow with its groups."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anxin.documents.models import Document
from anxin.groups import actions
from anxin.groups.kinds import SESSION_RECORD
from anxin.groups.models import Group, GroupAttendance, GroupMember

from .helpers import GroupTestCase

READERS = ("wang_fang", "li_qiang", "chen_min", "admin_a", "archivist_a", "quality_a")
RUNNERS = ("wang_fang", "li_qiang", "chen_min")


class GroupPageTests(GroupTestCase):
    def setUp(self):
        self.group = self.make_group()
        self.member, = self.members(self.group, 1)
        self.session = self.past_session(self.group)

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_who_reads_the_groups(self):
        for url in (reverse("groups:list"), reverse("groups:detail", args=[self.group.pk])):
            for name, user in self.p.all_users().items():
                with self.subTest(url=url, user=name):
                    expected = 200 if name in READERS else 403 if name == "viewer" else 404
                    if url == reverse("groups:list") and name == "zhao_lei":
                        expected = 200  # their own organisation's list, without this group
                    response = self.get(user, url)
                    self.assertEqual(response.status_code, expected)
                    if expected == 200:
                        self.assertEqual("社交技能训练小组" in response.content.decode(),
                                         name != "zhao_lei")

    def test_who_runs_a_group(self):
        pk = self.group.pk
        urls = [reverse("groups:new"), reverse("groups:member_add", args=[pk]),
                reverse("groups:session_new", args=[pk]),
                reverse("groups:attendance", args=[pk, self.session.pk]),
                reverse("groups:measure", args=[pk, self.member.pk, "pre"])]
        for name, user in self.p.all_users().items():
            for url in urls:
                with self.subTest(url=url, user=name):
                    response = self.get(user, url)
                    if name in RUNNERS:
                        # The measure page is there only for a group with an instrument.
                        self.assertEqual(response.status_code, 404 if "measure" in url else 200)
                    elif name == "zhao_lei" and url != reverse("groups:new"):
                        self.assertEqual(response.status_code, 404)
                    elif name == "zhao_lei":
                        self.assertEqual(response.status_code, 200)
                    else:
                        self.assertEqual(response.status_code, 403)

    def test_a_worker_creates_a_group_and_refusals_name_the_field(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.post(reverse("groups:new"), {
            "type": "rehab_training", "title": "生活技能小组", "course_weeks": "12"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-field-error="course_weeks"')
        self.assertContains(response, "REH-5.5.1.3")
        self.assertEqual(Group.objects.count(), 1)
        response = self.client.post(reverse("groups:new"), {
            "type": "rehab_training", "title": "生活技能小组", "course_weeks": "10",
            "programme": "self_care",
            "co_leaders": [self.p.chen_min.pk], "external_leaders": "社区医生 周医生"})
        group = Group.objects.get(title="生活技能小组")
        self.assertRedirects(response, reverse("groups:detail", args=[group.pk]))
        self.assertEqual([(leader.user, leader.co_leader) for leader in group.leaders.all()],
                         [(self.p.wang_fang, False), (self.p.chen_min, True)])

    def test_members_join_by_file_number_with_consent(self):
        from anxin.workspace.testing.personas import make_client

        newcomer = make_client(self.p.org_a, self.p.wang_fang, name="新组员", sequence=160)
        self.client.force_login(self.p.wang_fang)
        url = reverse("groups:member_add", args=[self.group.pk])
        response = self.client.post(url, {"client": newcomer.file_number,
                                          "joined_on": "2026-03-01"})
        self.assertContains(response, 'data-field-error="consent_mode"')
        response = self.client.post(url, {"client": self.p.client_a2.file_number,
                                          "joined_on": "2026-03-01", "consent_mode": "verbal",
                                          "consented_on": "2026-03-01"})
        self.assertContains(response, 'data-field-error="client"')  # a colleague's client
        self.assertEqual(GroupMember.objects.filter(group=self.group).count(), 1)
        response = self.client.post(url, {"client": newcomer.file_number,
                                          "joined_on": "2026-03-01", "consent_mode": "verbal",
                                          "consented_on": "2026-03-01"})
        self.assertRedirects(response, reverse("groups:detail", args=[self.group.pk]))
        self.assertTrue(GroupMember.objects.filter(group=self.group, client=newcomer).exists())

    def test_attendance_on_the_page(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("groups:attendance", args=[self.group.pk, self.session.pk])
        response = self.client.post(url, {f"status-{self.member.pk}": "absent"})
        self.assertContains(response, f'data-field-error="member_{self.member.pk}_reason"')
        self.assertFalse(GroupAttendance.objects.exists())
        response = self.client.post(url, {f"status-{self.member.pk}": "absent",
                                          f"reason-{self.member.pk}": "感冒"})
        self.assertRedirects(response, reverse("groups:detail", args=[self.group.pk]))
        self.assertEqual(GroupAttendance.objects.get().status, "absent")
        # The session's record is the document engine's page for the session.
        response = self.client.get(reverse("groups:session_record",
                                           args=[self.group.pk, self.session.pk]))
        self.assertRedirects(response, reverse("documents:new_for", args=[
            "group_session", self.session.pk, SESSION_RECORD]))
        response = self.client.post(response.url, {
            "theme": "相识", "process": "破冰游戏后分享各自的兴趣。", "achieved": "met",
            "incident": "no"})
        document = Document.objects.get(group_session=self.session)
        self.assertRedirects(response, reverse("documents:detail", args=[document.pk]))
        page = self.client.get(reverse("groups:detail", args=[self.group.pk]))
        self.assertContains(page, reverse("documents:detail", args=[document.pk]))

    def test_the_list_reads_the_same_queries_for_one_group_or_many(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("groups:list")
        self.client.get(url)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for _ in range(4):
            self.make_group(approved=False)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertEqual(response.content.decode().count("data-group="), 5)
        self.assertEqual(len(many), len(one))

    def test_the_group_page_reads_the_same_queries_for_few_members_or_many(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("groups:detail", args=[self.group.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        self.members(self.group, 4, start=200)
        for _ in range(3):
            self.past_session(self.group)
        with CaptureQueriesContext(connection) as many:
            self.client.get(url)
        self.assertEqual(len(many), len(few))


class GroupApiTests(GroupTestCase):
    def setUp(self):
        self.group = self.make_group()
        self.member, = self.members(self.group, 1)
        self.session = self.past_session(self.group)

    def api(self, user, method, path, data=None):
        self.client.force_login(user)
        return getattr(self.client, method)(f"/api/v1/groups/{path}", data,
                                            content_type="application/json")

    def test_who_reads_and_who_writes(self):
        for name, user in self.p.all_users().items():
            with self.subTest(user=name):
                listed = self.api(user, "get", "")
                detail = self.api(user, "get", f"{self.group.pk}/")
                planned = self.api(user, "post", f"{self.group.pk}/sessions/", {
                    "starts_at": timezone.now().isoformat(), "minutes": 50})
                if name in READERS:
                    self.assertEqual((listed.status_code, detail.status_code), (200, 200))
                    self.assertEqual(listed.json()["results"][0]["title"], "社交技能训练小组")
                    self.assertEqual(planned.status_code, 200 if name in RUNNERS else 403)
                elif name == "zhao_lei":
                    self.assertEqual(listed.json()["results"], [])
                    self.assertEqual((detail.status_code, planned.status_code), (404, 404))
                else:
                    self.assertEqual((listed.status_code, detail.status_code,
                                      planned.status_code), (403, 403, 403))

    def test_attendance_and_its_refusal_over_the_api(self):
        refused = self.api(self.p.wang_fang, "post", f"{self.group.pk}/attendance/", {
            "session": self.session.pk, "marks": [{"member": self.member.pk,
                                                   "status": "absent"}]})
        self.assertEqual(refused.status_code, 400)
        self.assertIn(f"member_{self.member.pk}_reason", refused.json()["error"]["fields"])
        done = self.api(self.p.wang_fang, "post", f"{self.group.pk}/attendance/", {
            "session": self.session.pk, "marks": [{"member": self.member.pk,
                                                   "status": "present"}]})
        self.assertEqual(done.status_code, 200)
        session, = done.json()["sessions"]
        self.assertEqual((session["status"], session["attendance"][0]["status"]),
                         ("held", "present"))
        self.assert_audited("group.attendance_recorded", actor=self.p.wang_fang)

    def test_a_group_document_through_the_documents_api(self):
        from .helpers import PLAN

        self.client.force_login(self.p.wang_fang)
        created = self.client.post("/api/v1/documents/", {
            "kind": "group_plan", "group": self.group.pk, "data": PLAN},
            content_type="application/json")
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual(created.json()["group"], self.group.pk)
        missing = self.client.post("/api/v1/documents/", {"kind": "group_plan", "data": PLAN},
                                   content_type="application/json")
        self.assertEqual(missing.status_code, 400)
        self.assertIn("group", missing.json()["error"]["fields"])
        self.client.force_login(self.p.zhao_lei)
        other = self.client.post("/api/v1/documents/", {
            "kind": "group_plan", "group": self.group.pk, "data": PLAN},
            content_type="application/json")
        self.assertEqual(other.status_code, 404)
        listed = self.client.get(f"/api/v1/documents/?group={self.group.pk}")
        self.assertEqual(listed.json()["results"], [])


class MembersFileTests(GroupTestCase):
    """A member's sessions appear on their client file and on their case's timeline; the
    session record prints as a form."""

    def test_sessions_on_the_client_file_and_the_case_timeline(self):
        from anxin.cases import actions as case_actions

        from .helpers import CONSENT

        case = case_actions.do_open_case(
            self.p.client_a, acting_user=self.p.wang_fang, worker=self.p.wang_fang,
            supervisor=self.p.chen_min, source="sought_help",
            application_date=timezone.localdate() - datetime.timedelta(days=20))
        group = self.make_group()
        member = actions.do_add_member(
            group, self.p.client_a, acting_user=self.p.wang_fang,
            joined_on=timezone.localdate() - datetime.timedelta(days=15), **CONSENT)
        session = self.past_session(group, days_ago=3)
        actions.do_record_attendance(session, {member.pk: ("late", "")},
                                     acting_user=self.p.wang_fang)
        self.client.force_login(self.p.wang_fang)
        file = self.client.get(reverse("clients:detail", args=[self.p.client_a.pk]))
        self.assertContains(file, 'id="client-groups"')
        self.assertContains(file, "参加了已开展的1节活动中的1节")
        page = self.client.get(reverse("cases:detail", args=[case.pk]))
        self.assertContains(page, "小组活动：社交技能训练小组，第1节")
        self.assertContains(page, "迟到")
        # A regional viewer reads neither the client nor group work.
        self.client.force_login(self.p.viewer)
        self.assertEqual(self.client.get(reverse("clients:detail",
                                                 args=[self.p.client_a.pk])).status_code, 403)

    def test_the_session_record_prints(self):
        from anxin.documents.actions import do_save_document
        from anxin.documents.printing import render_html

        group = self.make_group()
        session = self.past_session(group)
        document = do_save_document(session, SESSION_RECORD, {
            "theme": "表达需要", "process": "角色扮演：在超市请店员帮忙。", "achieved": "partly",
            "incident": True, "incident_detail": "一名组员情绪激动，暂离后返回。"},
            acting_user=self.p.wang_fang)
        html = render_html(document)
        for text in ("小组活动记录", "社交技能训练小组", "第1节", "活动室", "角色扮演",
                     "部分达成", "出席情况", "未记录", self.p.org_a.name):
            self.assertIn(text, html)
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("documents:print", args=[document.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assert_audited("document.printed", actor=self.p.wang_fang, target=document)
        self.client.force_login(self.p.admin_a)  # reads group work and prints files
        self.assertEqual(self.client.get(reverse("documents:print",
                                                 args=[document.pk])).status_code, 200)


class ApprovalQueueTests(GroupTestCase):
    def test_a_submitted_group_plan_waits_in_the_supervisors_queue(self):
        from anxin.documents.actions import do_save_document, do_submit_document
        from anxin.groups.kinds import GROUP_PLAN

        from .helpers import PLAN

        group = self.make_group(approved=False)
        plan = do_save_document(group, GROUP_PLAN, PLAN, acting_user=self.p.wang_fang)
        do_submit_document(plan, acting_user=self.p.wang_fang)
        self.client.force_login(self.p.chen_min)
        queue = self.client.get(reverse("cases:queue"))
        self.assertContains(queue, f'data-document="{plan.pk}"')
        self.assertContains(queue, "社交技能训练小组")
        self.client.force_login(self.p.qian_wei)  # another organisation's supervisor
        self.assertNotContains(self.client.get(reverse("cases:queue")),
                               f'data-document="{plan.pk}"')
        other = self.make_group(approved=False)
        mine = do_save_document(other, GROUP_PLAN, PLAN, acting_user=self.p.chen_min)
        do_submit_document(mine, acting_user=self.p.chen_min)
        self.client.force_login(self.p.chen_min)  # not her own
        self.assertNotContains(self.client.get(reverse("cases:queue")),
                               f'data-document="{mine.pk}"')
