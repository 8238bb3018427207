"""The whole case file as one PDF (整案打印), made by a background job: a catalogue, then every
form of the case in appendix order, each as it prints alone; behind the case's access rules,
with its progress on the job's page and one audit event."""

import io

from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from anxin.audit.models import AuditEvent
from anxin.cases import scenarios
from anxin.cases.models import ServiceRecord
from anxin.cases.printing.case_file import documents_of
from anxin.cases.printing.render import render_pdf
from anxin.jobs.models import Job, JobKind, JobStatus

from .test_printing import PrintingTestCase

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@override_settings(TASKS=IMMEDIATE)
class CaseFilePrintTests(PrintingTestCase):
    def start(self, user, case=None):
        self.client.force_login(user)
        return self.client.post(reverse("cases:print_case_file", args=[(case or self.case).pk]))

    def download(self, job) -> bytes:
        response = self.client.get(reverse("jobs:download", args=[job.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        return b"".join(response.streaming_content)

    def test_the_file_binds_a_catalogue_and_every_form_in_appendix_order(self):
        response = self.start(self.p.wang_fang)
        job = Job.objects.get(requested_by=self.p.wang_fang, kind=JobKind.CASE_FILE_PRINT)
        self.assertRedirects(response, job.get_absolute_url())
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.SUCCEEDED, job.message)
        self.assertEqual((job.progress_done, job.progress_total), (7, 7))
        self.assertEqual(job.message, "已打印 7 份表单。")  # in the language of who asked
        data = self.download(job)
        self.assertTrue(data.startswith(b"%PDF"))
        reader = PdfReader(io.BytesIO(data))
        alone = {code: len(PdfReader(io.BytesIO(render_pdf(self.case, code, doc))).pages)
                 for code, doc in self.documents.items()}
        self.assertEqual(len(reader.pages), 1 + sum(alone.values()))
        catalogue = "".join((reader.pages[0].extract_text() or "").split())
        self.assertIn("个案卷宗目录", catalogue)
        order = ["consent", "application", "assessment", "plan", "service_record",
                 "evaluation", "closure"]
        titles = ["服务知情同意书", "个案申请表", "预估表", "个案服务计划书", "个案服务记录表",
                  "服务评估表", "个案服务结案表"]
        positions = [catalogue.index(t) for t in titles]
        self.assertEqual(positions, sorted(positions))
        # Each form starts on the page the catalogue gives it.
        page = 2
        for code, title in zip(order, titles, strict=True):
            text = "".join((reader.pages[page - 1].extract_text() or "").split())
            self.assertIn(title, text, code)
            page += alone[code]

    def test_the_progress_counts_forms_and_survives_a_reload(self):
        with override_settings(TASKS=QUEUE_ONLY):
            self.start(self.p.wang_fang)
        job = Job.objects.get(kind=JobKind.CASE_FILE_PRINT)
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, 'data-job-status="queued"')
        from anxin.jobs import engine
        engine.run(job.pk)
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, 'data-job-status="succeeded"')
        self.assertContains(page, "7 / 7 份表单")
        self.assertContains(page, reverse("jobs:download", args=[job.pk]))

    def test_more_sessions_mean_more_forms_in_order(self):
        import datetime

        from django.utils import timezone

        from anxin.cases import actions
        case = actions.do_open_case(self.p.client_a, acting_user=self.p.wang_fang,
                                    worker=self.p.wang_fang, supervisor=self.p.chen_min,
                                    source="sought_help", application_date=timezone.localdate())
        case = scenarios.advance(case, "intervention", worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min)
        for i in range(3):
            scenarios.record_session(case, self.p.wang_fang,
                                     when=timezone.now() - datetime.timedelta(days=10 - i))
        listed = documents_of(case)
        self.assertEqual([form.code for form, _d in listed],
                         ["consent", "application", "assessment", "plan", "service_record",
                          "service_record", "service_record"])
        sessions = [d.session_number for form, d in listed if form.code == "service_record"]
        self.assertEqual(sessions, sorted(sessions))
        self.assertEqual(len(sessions), ServiceRecord.objects.filter(case=case).count())

    def test_it_is_audited_once_with_the_number_of_forms(self):
        self.start(self.p.chen_min)
        event = AuditEvent.objects.get(action="case.file.printed")
        self.assertEqual(event.actor, self.p.chen_min)
        self.assertEqual(event.client_id, self.case.client_id)
        self.assertEqual(event.data, {"documents": 7})
        self.assert_audited("job.started", actor=self.p.chen_min)

    def test_who_may_print_the_whole_case_file(self):
        """As for one form: the case's worker and supervisor and the organisation-wide readers;
        another organisation and a colleague without the case get a 404 and start nothing; a
        regional viewer, a 403."""
        expected = {"wang_fang": 302, "chen_min": 302, "admin_a": 302, "archivist_a": 302,
                    "quality_a": 302, "li_qiang": 404, "zhao_lei": 404, "viewer": 403}
        self.assertEqual(set(expected), set(self.p.all_users()))
        for name, user in self.p.all_users().items():
            with self.subTest(name):
                self.assertEqual(self.start(user).status_code, expected[name])
        started = set(Job.objects.values_list("requested_by__username", flat=True))
        self.assertEqual(started, {"wangfang", "chenmin", "admin_a", "archivist_a",
                                   "quality_a"})
        self.client.force_login(self.p.wang_fang)
        self.assertEqual(self.client.get(
            reverse("cases:print_case_file", args=[self.case.pk])).status_code, 405)

    def test_only_the_one_who_asked_downloads_it(self):
        self.start(self.p.wang_fang)
        job = Job.objects.get(kind=JobKind.CASE_FILE_PRINT)
        self.client.force_login(self.p.chen_min)
        self.assertEqual(self.client.get(reverse("jobs:download", args=[job.pk])).status_code,
                         404)

    def test_a_case_taken_away_before_the_job_runs_fails_it_with_a_message(self):
        with override_settings(TASKS=QUEUE_ONLY):
            self.start(self.p.wang_fang)
        job = Job.objects.get(kind=JobKind.CASE_FILE_PRINT)
        type(self.case).objects.filter(pk=self.case.pk).update(worker=self.p.li_qiang)
        from anxin.jobs import engine
        engine.run(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertEqual(job.message, "您已无权查看此个案。")
        self.assertFalse(job.result)
        self.assert_not_audited("case.file.printed")

    def test_the_case_page_offers_it_to_those_who_may_print(self):
        for user, shown in [(self.p.wang_fang, True), (self.p.archivist_a, True)]:
            self.client.force_login(user)
            page = self.client.get(self.case.get_absolute_url())
            self.assertEqual('id="print-case-file"' in page.content.decode(), shown)
