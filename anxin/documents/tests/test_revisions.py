"""A completed or approved document is revised, not changed: a revision begins as a draft of
its answers, and supersedes it only once completed or approved in turn; one revision at a time;
a superseded document no longer meets a pathway requirement."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from anxin.documents.actions import (
    do_review_document,
    do_revise_document,
    do_save_document,
    do_submit_document,
)
from anxin.documents.models import Document, DocumentStatus
from anxin.documents.requirements import document_requirement, met

from .test_documents import GOALS, DocumentTestCase


class RevisionTests(DocumentTestCase):
    def approved_plan(self):
        plan = self.save()
        do_submit_document(plan, acting_user=self.p.wang_fang)
        do_review_document(plan, acting_user=self.p.chen_min, decision="approved")
        plan.refresh_from_db()
        return plan

    def test_a_revision_supersedes_the_plan_once_approved(self):
        plan = self.approved_plan()
        with self.assertRaises(ValidationError):  # a draft is edited, not revised
            do_revise_document(self.save(), acting_user=self.p.wang_fang)
        revision = do_revise_document(plan, acting_user=self.p.wang_fang)
        self.assertEqual((revision.status, revision.revises, revision.data),
                         (DocumentStatus.DRAFT, plan, plan.data))
        with self.assertRaises(ValidationError):  # one revision at a time
            do_revise_document(plan, acting_user=self.p.wang_fang)
        revision = do_save_document(self.case, "trial_group_plan",
                                    {**plan.data, "members": 7}, acting_user=self.p.wang_fang,
                                    document=revision)
        do_submit_document(revision, acting_user=self.p.wang_fang)
        plan.refresh_from_db()
        self.assertEqual(plan.status, DocumentStatus.APPROVED)  # in force until approved
        do_review_document(revision, acting_user=self.p.chen_min, decision="approved")
        plan.refresh_from_db()
        self.assertEqual(plan.status, DocumentStatus.SUPERSEDED)
        self.assert_audited("document.superseded", actor=self.p.chen_min, target=plan)
        requirement = document_requirement("trial_group_plan", status="approved",
                                           description="计划已审批", clause="REH-5.5.1")
        self.assertEqual(Document.objects.filter(case=self.case, status="approved").count(), 1)
        self.assertEqual(met(self.case, [requirement.code]), {requirement.code})

    def test_revising_on_the_page(self):
        plan = self.approved_plan()
        self.client.force_login(self.p.wang_fang)
        detail = self.client.get(reverse("documents:detail", args=[plan.pk]))
        self.assertContains(detail, 'id="document-revise"')
        response = self.client.post(reverse("documents:revise", args=[plan.pk]))
        revision = Document.objects.get(revises=plan)
        self.assertRedirects(response, reverse("documents:edit", args=[revision.pk]))
        self.assertContains(self.client.get(response.url), GOALS)
        self.client.force_login(self.p.archivist_a)  # reads, does not write
        self.assertEqual(self.client.post(reverse("documents:revise", args=[plan.pk]))
                         .status_code, 403)
