"""Filled documents: a kind registered here, in this test module, is filled, submitted and
reviewed with no other code; sensitive answers are encrypted at rest and coded ones stay
queryable; a document keeps the definition version it was begun with; nobody approves their own."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from anxin.accounts.capabilities import CASE_APPROVE
from anxin.audit.models import AuditEvent
from anxin.cases import actions as case_actions
from anxin.core.exceptions import NotPermitted
from anxin.documents.actions import (
    DocumentInvalid,
    do_review_document,
    do_save_document,
    do_submit_document,
)
from anxin.documents.definitions import Choice, DocumentKind, Field, FieldType, Section, When
from anxin.documents.models import Document, DocumentStatus
from anxin.documents.registry import kinds
from anxin.instruments.definitions import Text
from anxin.workspace.testing.cases import PersonaTestCase

T = FieldType


def _plan_fields(*extra) -> tuple[Field, ...]:
    return (
        Field("kind", T.CHOICE, Text("小组类型", "Group type"), required=True,
              choices=(Choice("training", Text("康复训练", "Rehabilitation training")),
                       Choice("support", Text("支持", "Support")))),
        Field("goals", T.LONG_TEXT, Text("小组目标", "Goals"), required=True),
        Field("members", T.INTEGER, Text("组员人数", "Members"), minimum=1, maximum=8,
              clause="REH-5.5.1.2"),
        Field("doctor_joins", T.YES_NO, Text("医生参与", "A doctor takes part")),
        Field("doctor", T.TEXT, Text("医生姓名", "Doctor's name"),
              required_when=When("doctor_joins", (True,))),
        *extra,
    )


TRIAL_PLAN = kinds.register(DocumentKind(
    code="trial_group_plan", version=1, title=Text("小组计划书（测试）", "Group plan (test)"),
    clause="REH-5.5.1", subject="case", approved_by=CASE_APPROVE,
    sections=(Section("plan", Text("计划", "Plan"), _plan_fields()),)))

TRIAL_NOTE = kinds.register(DocumentKind(
    code="trial_note", version=1, title=Text("记录（测试）", "Note (test)"), clause="CMH-6.4",
    subject="case",
    sections=(Section("note", Text("记录", "Note"),
                      (Field("text", T.LONG_TEXT, Text("内容", "Text"), required=True),)),)))

GOALS = "改善睡眠，每周参加两次小组活动"


class DocumentTestCase(PersonaTestCase):
    def setUp(self):
        self.case = case_actions.do_open_case(
            self.p.client_a, acting_user=self.p.wang_fang, worker=self.p.wang_fang,
            supervisor=self.p.chen_min, source="sought_help",
            application_date=timezone.localdate())

    def save(self, data=None, user=None, **kwargs):
        data = data if data is not None else {"kind": "training", "goals": GOALS,
                                              "members": "6"}
        return do_save_document(self.case, "trial_group_plan", data,
                                acting_user=user or self.p.wang_fang, **kwargs)


class StorageTests(DocumentTestCase):
    def test_sensitive_answers_are_encrypted_at_rest_and_coded_ones_queryable(self):
        document = self.save({"kind": "training", "goals": GOALS, "members": 6,
                              "doctor_joins": "yes", "doctor": "李医生"})
        with connection.cursor() as cursor:
            cursor.execute("SELECT coded, sensitive FROM documents_document WHERE id = %s",
                           [document.pk])
            coded, sensitive = cursor.fetchone()
        raw = str(coded) + str(sensitive)
        self.assertNotIn("改善睡眠", raw)
        self.assertNotIn("李医生", raw)
        self.assertIn("training", str(coded))
        stored = Document.objects.get(pk=document.pk)
        self.assertEqual(stored.data, {"kind": "training", "goals": GOALS, "members": 6,
                                       "doctor_joins": True, "doctor": "李医生"})
        self.assertEqual(stored.sensitive, {"goals": GOALS, "doctor": "李医生"})
        self.assertEqual(Document.objects.filter(coded__kind="training").count(), 1)
        self.assert_audited("document.saved", actor=self.p.wang_fang, target=document)

    def test_bad_data_saves_nothing_and_names_each_field(self):
        with self.assertRaises(DocumentInvalid) as caught:
            self.save({"kind": "training", "members": 9, "doctor_joins": True})
        self.assertEqual(sorted(p.path for p in caught.exception.problems),
                         ["doctor", "goals", "members"])
        self.assertFalse(Document.objects.exists())
        self.assert_not_audited("document.saved")

    def test_a_document_keeps_the_version_it_was_begun_with(self):
        from anxin.documents.registry import Registry

        document = self.save()
        later = DocumentKind(
            code="trial_group_plan", version=2, title=TRIAL_PLAN.title, clause="REH-5.5.1",
            subject="case", approved_by=CASE_APPROVE,
            sections=(Section("plan", Text("计划", "Plan"), _plan_fields(
                Field("weeks", T.INTEGER, Text("周数", "Weeks"), required=True, minimum=9,
                      maximum=10, clause="REH-5.5.1.3"))),))
        registry = Registry()
        registry.register(TRIAL_PLAN)
        registry.register(later)
        from unittest import mock
        with mock.patch("anxin.documents.models.kinds", registry), \
                mock.patch("anxin.documents.actions.kinds", registry):
            # The old draft is saved again under version 1: "weeks" is not asked of it.
            again = self.save(document=document, data={"kind": "support", "goals": GOALS})
            self.assertEqual((again.version, again.definition), (1, TRIAL_PLAN))
            with self.assertRaises(DocumentInvalid):
                self.save()  # a new one is version 2, which needs the weeks
            new = self.save({"kind": "training", "goals": GOALS, "weeks": 9})
            self.assertEqual(new.version, 2)


class ReviewTests(DocumentTestCase):
    def test_submitted_returned_resubmitted_and_approved_with_its_history(self):
        document = do_submit_document(self.save(), acting_user=self.p.wang_fang)
        self.assertEqual(document.status, DocumentStatus.SUBMITTED)
        with self.assertRaises(ValidationError):
            self.save(document=document)  # submitted: no longer editable
        with self.assertRaises(ValidationError):
            do_review_document(document, acting_user=self.p.chen_min, decision="returned")
        do_review_document(document, acting_user=self.p.chen_min, decision="returned",
                           comment="目标需要更具体")
        document.refresh_from_db()
        self.assertEqual(document.status, DocumentStatus.RETURNED)
        document = self.save(document=document, data={"kind": "training", "goals": GOALS + "。"})
        document = do_submit_document(document, acting_user=self.p.wang_fang)
        do_review_document(document, acting_user=self.p.chen_min, decision="approved")
        document.refresh_from_db()
        self.assertEqual(document.status, DocumentStatus.APPROVED)
        self.assertEqual([(r.decision, r.by) for r in document.reviews.all()],
                         [("returned", self.p.chen_min), ("approved", self.p.chen_min)])
        self.assertEqual(document.reviews.first().comment, "目标需要更具体")
        for action in ("document.submitted", "document.returned", "document.approved"):
            self.assert_audited(action, target=document)

    def test_nobody_approves_their_own_and_only_the_kinds_approver_may(self):
        document = do_submit_document(self.save(user=self.p.chen_min),
                                      acting_user=self.p.chen_min)
        with self.assertRaises(NotPermitted):
            do_review_document(document, acting_user=self.p.chen_min, decision="approved")
        with self.assertRaises(NotPermitted):  # the worker holds no approval capability
            do_review_document(document, acting_user=self.p.wang_fang, decision="approved")
        with self.assertRaises(NotPermitted):  # another organisation
            do_review_document(document, acting_user=self.p.zhao_lei, decision="approved")
        document.refresh_from_db()
        self.assertEqual(document.status, DocumentStatus.SUBMITTED)
        self.assertFalse(document.reviews.exists())

    def test_a_kind_without_approval_is_completed_on_submission(self):
        note = do_save_document(self.case, "trial_note", {"text": "电话随访，情绪平稳"},
                                acting_user=self.p.wang_fang)
        note = do_submit_document(note, acting_user=self.p.wang_fang)
        self.assertEqual(note.status, DocumentStatus.COMPLETED)
        with self.assertRaises(ValidationError):
            do_review_document(note, acting_user=self.p.chen_min, decision="approved")


class AccessTests(DocumentTestCase):
    def test_only_those_who_work_on_the_case_write_and_those_who_see_it_read(self):
        document = self.save()
        for user in (self.p.li_qiang, self.p.zhao_lei, self.p.viewer):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                self.save(user=user)
        self.assertEqual(Document.objects.count(), 1)
        seen = {name: Document.objects.visible_to(user).filter(pk=document.pk).exists()
                for name, user in self.p.all_users().items()}
        self.assertEqual(seen, {"wang_fang": True, "chen_min": True, "admin_a": True,
                                "archivist_a": True, "quality_a": True, "li_qiang": False,
                                "zhao_lei": False, "viewer": False})
        self.assertEqual(AuditEvent.objects.filter(action="document.saved").count(), 1)
