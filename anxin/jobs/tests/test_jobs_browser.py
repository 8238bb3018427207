"""A supervisor exports her client list in the browser: the job's page shows it waiting, then
done without a reload (htmx polling), keeps it across a reload, and hands over the file."""

import csv
import io

import pytest
from playwright.sync_api import expect

from anxin.clients.models import Client
from anxin.jobs import engine
from anxin.jobs.models import Job
from anxin.workspace.testing.browser import BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD


@pytest.mark.browser
class SupervisorExportsHerClientListTest(BrowserTestCase):
    viewport = {"width": 1024, "height": 800}

    def test_she_starts_an_export_follows_it_reloads_and_downloads_it(self):
        page = self.page
        self.log_in("chenmin", PASSWORD)
        page.goto(self.url("/clients/"))
        expect(page.locator("#client-import")).to_be_visible()
        self.screenshot("client-list-export-import")
        page.locator("#client-export").click()
        # The task waits in the queue (the database backend); no worker runs in this test.
        page.wait_for_url(f"{self.live_server_url}/jobs/*/")
        expect(page.get_by_role("heading", name="服务对象名单导出")).to_be_visible()
        progress = page.locator("#job-progress")
        expect(progress).to_have_attribute("data-job-status", "queued")
        expect(progress).to_contain_text("等待开始")
        job = Job.objects.get(requested_by=self.p.chen_min)

        engine.run(job.pk)  # what `manage.py db_worker` does with the queued task
        # The page asks again by itself and shows the result.
        expect(progress).to_have_attribute("data-job-status", "succeeded", timeout=10_000)
        expect(page.locator("#job-message")).to_contain_text("已导出 1 名服务对象")
        self.screenshot("job-export-done")

        page.reload()
        expect(page.locator("#job-download")).to_be_visible()
        with page.expect_download() as info:
            page.locator("#job-download").click()
        download = info.value
        self.assertTrue(download.suggested_filename.startswith("clients-"))
        with open(download.path(), encoding="utf-8-sig") as file:
            rows = list(csv.reader(io.StringIO(file.read())))
        self.assertEqual([row[0] for row in rows[1:]], [self.p.client_a.file_number])

        page.goto(self.url("/jobs/"))
        expect(page.locator(f'[data-job="{job.pk}"]')).to_contain_text("已完成")

    def test_on_a_phone_the_job_page_fits_the_screen(self):
        self.context.close()
        self.context = self.browser.new_context(viewport={"width": 390, "height": 844},
                                                locale="zh-CN")
        self.context.on("console", self._watch_console)
        self.page = self.context.new_page()
        job = engine.start_job("client_export", self.p.admin_a, {"query": ""},
                               language="zh-hans")
        engine.run(job.pk)
        self.log_in("admin_a", PASSWORD)
        self.page.goto(self.url(f"/jobs/{job.pk}/"))
        expect(self.page.locator("#job-download")).to_be_visible()
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, 390)
        self.screenshot("job-export-phone")


@pytest.mark.browser
class WorkerImportsAFileWithAMistakeTest(BrowserTestCase):
    viewport = {"width": 390, "height": 844}

    def test_the_job_page_lists_the_bad_row_and_nothing_is_registered(self):
        page = self.page
        self.log_in("wangfang", PASSWORD)
        page.goto(self.url("/clients/"))
        page.locator("#client-import").click()
        expect(page.get_by_role("heading", name="导入服务对象")).to_be_visible()
        before = Client.objects.count()
        sheet = ("姓名,性别,出生日期,身份证号码,联系电话,区（县）,街道,地址,人群类别\n"
                 "周秀兰,女,1968-11-02,,,武侯区,,,精神障碍\n"
                 ",男,1970-01-01,,,,,,\n")
        page.locator("#id_file").set_input_files(
            files=[{"name": "名单.csv", "mimeType": "text/csv",
                    "buffer": sheet.encode("utf-8")}])
        page.locator("#import-start").click()
        page.wait_for_url(f"{self.live_server_url}/jobs/*/")
        engine.run(Job.objects.get(requested_by=self.p.wang_fang).pk)
        progress = page.locator("#job-progress")
        expect(progress).to_have_attribute("data-job-status", "failed", timeout=10_000)
        expect(page.locator("#job-errors tr[data-row='3']")).to_contain_text("姓名")
        expect(page.locator("#job-message")).to_contain_text("未导入")
        self.assertEqual(Client.objects.count(), before)
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, 390)
        self.screenshot("job-import-errors-phone")
