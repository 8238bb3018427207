"""Pathway requirements stated as documents: "kind X completed / approved", "field Y is Z",
answered from the case's documents of its current episode, and through cases.facts when the
case's pathway table names them."""

from unittest import mock

from anxin.cases import facts
from anxin.cases.workflow.engine import Requirement
from anxin.documents.actions import do_review_document, do_save_document, do_submit_document
from anxin.documents.requirements import document_requirement, met

from .test_documents import GOALS, DocumentTestCase

PLAN_APPROVED = document_requirement("trial_group_plan", status="approved",
                                     description="小组计划书经督导批准", clause="REH-5.5.1")
TRAINING = document_requirement("trial_group_plan", status="submitted", field="kind",
                                values=("training",), description="康复训练小组",
                                clause="REH-5.5.2")
DOCTOR = document_requirement("trial_group_plan", status="completed", field="doctor_joins",
                              values=(True,), description="医生参与", clause="REH-5.5.1")
NOTE = document_requirement("trial_note", description="记录", clause="CMH-6.4")
CODES = {r.code for r in (PLAN_APPROVED, TRAINING, DOCTOR, NOTE)}


class DocumentRequirementTests(DocumentTestCase):

    def plan(self, **data):
        return do_save_document(self.case, "trial_group_plan",
                                {"kind": "training", "goals": GOALS, **data},
                                acting_user=self.p.wang_fang)

    def test_each_requirement_is_met_when_its_document_reaches_it(self):
        self.assertEqual(met(self.case, CODES), set())
        plan = self.plan(doctor_joins=True, doctor="李医生")
        self.assertEqual(met(self.case, CODES), set())  # a draft meets nothing
        do_submit_document(plan, acting_user=self.p.wang_fang)
        self.assertEqual(met(self.case, CODES), {TRAINING.code})
        do_review_document(plan, acting_user=self.p.chen_min, decision="approved")
        self.assertEqual(met(self.case, CODES), {PLAN_APPROVED.code, TRAINING.code, DOCTOR.code})
        note = do_save_document(self.case, "trial_note", {"text": "电话随访"},
                                acting_user=self.p.wang_fang)
        do_submit_document(note, acting_user=self.p.wang_fang)
        self.assertEqual(met(self.case, CODES), CODES)

    def test_a_field_condition_reads_the_coded_answer(self):
        plan = self.plan(kind="support", doctor_joins=False)
        do_submit_document(plan, acting_user=self.p.wang_fang)
        do_review_document(plan, acting_user=self.p.chen_min, decision="approved")
        self.assertEqual(met(self.case, CODES), {PLAN_APPROVED.code})

    def test_the_case_facts_include_what_its_pathway_table_asks_of_documents(self):
        plan = self.plan()
        do_submit_document(plan, acting_user=self.p.wang_fang)
        transition = mock.Mock(requirements=(PLAN_APPROVED, TRAINING,
                                             Requirement("consent.signed", "x", "CMH-4.2")))
        table = mock.Mock(transitions=(transition,))
        with mock.patch.object(type(self.case), "pathway_table", new_callable=mock.PropertyMock,
                               return_value=table):
            self.assertIn(TRAINING.code, facts.satisfied(self.case))
            self.assertNotIn(PLAN_APPROVED.code, facts.satisfied(self.case))
        # The CMH table states no document requirement: no document is read for it.
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        with CaptureQueriesContext(connection) as queries:
            facts.satisfied(self.case)
        self.assertFalse(any("documents_document" in q["sql"] for q in queries))

    def test_an_unknown_status_is_refused_when_the_table_is_written(self):
        with self.assertRaises(ValueError):
            document_requirement("trial_note", status="done", description="x", clause="y")
