"""The pages every document kind gets from its definition: fill in (with a repeating table),
read, submit, approve or return — for whom each is, and errors beside their fields with
nothing saved."""

from django.urls import reverse

from anxin.documents.definitions import DocumentKind, Field, FieldType, Section
from anxin.documents.models import Document, DocumentStatus
from anxin.documents.registry import kinds
from anxin.instruments.definitions import Text

from .test_documents import GOALS, DocumentTestCase

T = FieldType

SESSION = kinds.register(DocumentKind(
    code="trial_session_record", version=1, title=Text("小组活动记录（测试）", "Session (test)"),
    clause="REH-5.5.1.3", subject="case",
    sections=(Section("session", Text("活动", "Session"), (
        Field("held_on", T.DATE, Text("活动日期", "Held on"), required=True),
        Field("leader", T.STAFF, Text("带领者", "Leader")),
        Field("attendance", T.TABLE, Text("出席情况", "Attendance"), columns=(
            Field("member", T.TEXT, Text("组员", "Member"), required=True),
            Field("present", T.YES_NO, Text("出席", "Present"), required=True),
            Field("minutes", T.INTEGER, Text("时长", "Minutes"), minimum=45, maximum=60),
        )),
    )),)))


class PageTestCase(DocumentTestCase):

    def new_url(self, code="trial_group_plan", case=None):
        return reverse("documents:new", args=[(case or self.case).pk, code])

    def post_plan(self, **data):
        self.client.force_login(self.p.wang_fang)
        return self.client.post(self.new_url(), {"kind": "training", "goals": GOALS,
                                                 "members": "6", **data})



class PageTests(PageTestCase):
    def test_who_may_open_the_form(self):
        expected = {"wang_fang": 200, "chen_min": 200, "admin_a": 403, "archivist_a": 403,
                    "quality_a": 403, "li_qiang": 404, "zhao_lei": 404, "viewer": 403}
        actual = {}
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            actual[name] = self.client.get(self.new_url()).status_code
        self.assertEqual(actual, expected)
        self.client.force_login(self.p.wang_fang)
        self.assertEqual(self.client.get(self.new_url("nothing")).status_code, 404)

    def test_a_valid_form_is_saved_and_read_back_with_its_labels(self):
        response = self.post_plan(doctor_joins="yes", doctor="李医生")
        document = Document.objects.get()
        self.assertRedirects(response, reverse("documents:detail", args=[document.pk]))
        self.assertEqual(document.data["doctor"], "李医生")
        page = self.client.get(reverse("documents:detail", args=[document.pk]))
        self.assertContains(page, "康复训练")  # the choice's label, not its code
        self.assertContains(page, "李医生")
        self.assertContains(page, 'id="document-submit"')

    def test_errors_stand_beside_their_fields_and_nothing_is_saved(self):
        response = self.post_plan(goals="", members="9", doctor_joins="yes")
        self.assertEqual(response.status_code, 200)
        for code in ("goals", "members", "doctor"):
            self.assertContains(response, f'data-field-error="{code}"')
        self.assertContains(response, "组员人数：不能大于 8。")
        self.assertFalse(Document.objects.exists())

    def test_a_table_keeps_its_rows_and_names_the_cell_in_error(self):
        self.client.force_login(self.p.wang_fang)
        url = self.new_url("trial_session_record")
        page = self.client.get(url)
        self.assertContains(page, 'name="attendance-2-member"')  # blank rows to fill
        leader = self.p.chen_min.pk
        response = self.client.post(url, {
            "held_on": "2026-03-02", "leader": str(leader),
            "attendance-1-member": "组员甲", "attendance-1-present": "yes",
            "attendance-1-minutes": "50",
            "attendance-2-member": "组员乙", "attendance-2-present": "no",
            "attendance-2-minutes": "30",
            "attendance-3-member": "", "attendance-3-present": "", "attendance-3-minutes": ""})
        self.assertContains(response, 'data-field-error="attendance-2-minutes"')
        self.assertFalse(Document.objects.exists())
        response = self.client.post(url, {
            "held_on": "2026-03-02", "leader": str(leader),
            "attendance-1-member": "组员甲", "attendance-1-present": "yes",
            "attendance-2-member": "组员乙", "attendance-2-present": "no",
            "attendance-3-member": ""})
        document = Document.objects.get()
        self.assertEqual(document.data["attendance"], [
            {"member": "组员甲", "present": True}, {"member": "组员乙", "present": False}])
        self.assertEqual(document.data["leader"], leader)

    def test_submitted_then_approved_by_the_supervisor_only(self):
        self.post_plan()
        document = Document.objects.get()
        self.client.post(reverse("documents:submit", args=[document.pk]))
        document.refresh_from_db()
        self.assertEqual(document.status, DocumentStatus.SUBMITTED)
        detail = reverse("documents:detail", args=[document.pk])
        self.assertNotContains(self.client.get(detail), 'id="document-review"')
        self.client.force_login(self.p.chen_min)
        self.assertContains(self.client.get(detail), 'id="document-review"')
        response = self.client.post(reverse("documents:review", args=[document.pk]),
                                    {"decision": "returned"}, follow=True)
        self.assertContains(response, "退回文书时请说明需要修改的内容。")
        self.client.post(reverse("documents:review", args=[document.pk]),
                         {"decision": "approved"})
        document.refresh_from_db()
        self.assertEqual(document.status, DocumentStatus.APPROVED)
        self.client.force_login(self.p.li_qiang)
        self.assertEqual(self.client.get(detail).status_code, 404)
        self.client.force_login(self.p.wang_fang)
        self.assertEqual(self.client.post(reverse("documents:review", args=[document.pk]),
                                          {"decision": "approved"}).status_code, 403)


class PrintTests(PageTestCase):
    def test_any_kind_prints_as_a_form_with_its_boxes_ticked(self):
        import io
        import re

        from pypdf import PdfReader

        self.post_plan(doctor_joins="yes", doctor="李医生")
        document = Document.objects.get()
        response = self.client.get(reverse("documents:print", args=[document.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = re.sub(r"\s+", "", "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages))
        for expected in ("小组计划书（测试）", self.p.client_a.name, "康复训练", "李医生",
                         self.case.case_number):
            self.assertIn(expected, text)
        self.assert_audited("document.printed", actor=self.p.wang_fang, target=document)

    def test_who_may_print_it(self):
        self.post_plan()
        url = reverse("documents:print", args=[Document.objects.get().pk])
        expected = {"wang_fang": 200, "chen_min": 200, "admin_a": 200, "archivist_a": 200,
                    "quality_a": 200, "li_qiang": 404, "zhao_lei": 404, "viewer": 403}
        actual = {}
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            actual[name] = self.client.get(url).status_code
        self.assertEqual(actual, expected)
