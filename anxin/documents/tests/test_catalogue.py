"""One catalogue of document kinds (ADR 0021): forms A–G and the engine's kinds answer the same
questions; every document a pathway table names is in it; the case page and the whole case
file print take the engine's documents of a case beside A–G."""

from django.urls import reverse

from anxin.cases.printing.case_file import bind, documents_of
from anxin.cases.workflow.pathways import get_pathway
from anxin.documents.catalogue import catalogue

from .test_documents import DocumentTestCase


class CatalogueTests(DocumentTestCase):
    def test_native_and_engine_kinds_answer_alike(self):
        plan = catalogue.get("plan")
        self.assertEqual((plan.title.zh, plan.clause, plan.subject, plan.native),
                         ("个案服务计划书", "CMH-D", "case", True))
        group_plan = catalogue.get("group_plan")
        self.assertEqual((group_plan.title.zh, group_plan.subject, group_plan.native),
                         ("小组计划书", "group", False))
        self.assertNotIn("no_such_form", catalogue)

    def test_every_document_a_pathway_names_is_catalogued(self):
        table = get_pathway("cmh")
        self.assertEqual([d.code for d in table.documents if d.code not in catalogue], [])

    def test_the_case_page_and_the_case_file_take_engine_documents(self):
        document = self.save()
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(reverse("cases:detail", args=[self.case.pk]))
        self.assertContains(page, 'data-kind="trial_group_plan"')
        self.assertContains(page, reverse("documents:detail", args=[document.pk]))
        self.assertContains(page, reverse("documents:print", args=[document.pk]))
        listed = documents_of(self.case)
        self.assertEqual([(form.code, d.pk) for form, d in listed if form.code == "engine"],
                         [("engine", document.pk)])
        pdf, count = bind(self.case, listed)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(count, len(listed))
