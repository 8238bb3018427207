"""The organisation admin's staff work, in the Chinese UI, in headless Chromium.

刘洋 (org admin) adds 张三 as a worker and reads the temporary password off the page; 张三 signs in
with it, must choose his own and lands on home; 刘洋 hands two of 李强's open cases to him from the
caseload, with a reason; 张三 finds both on his caseload; then 刘洋 deactivates 王芳, who still
holds an open case: the page asks where it goes, he picks 李强 and confirms, and 王芳 can no
longer sign in.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from anxin.accounts.choices import Role
from anxin.accounts.models import User
from anxin.cases.actions import do_open_case
from anxin.cases.models import Case, StageChange
from anxin.workspace.testing.browser import BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD, make_client

NEW_PASSWORD = "a-quiet-river-at-dawn"
REASON = "李强转岗到二组康复站，个案移交新同事。"


def open_case(client, worker, supervisor=None):
    return do_open_case(client, acting_user=worker, worker=worker, supervisor=supervisor,
                        source="sought_help", application_date=timezone.localdate())


@pytest.mark.browser
class StaffAdministrationTest(BrowserTestCase):

    def setUp(self):
        super().setUp()
        p = self.p
        # 李强 holds two open cases, 王芳 one.
        other = make_client(p.org_a, p.li_qiang, name="陈建国", sequence=44)
        self.li_cases = [open_case(p.client_a2, p.li_qiang), open_case(other, p.li_qiang)]
        self.wang_case = open_case(p.client_a, p.wang_fang, supervisor=p.chen_min)

    # --- Helpers ------------------------------------------------------------------------------

    def new_page(self) -> Page:
        """A page in a browser context of its own: another person at another computer."""
        context = self.browser.new_context(viewport=self.viewport, locale="zh-CN")
        self.addCleanup(context.close)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    def sign_in(self, page: Page, username: str, password: str) -> None:
        page.goto(self.url(reverse("accounts:login")))
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        with page.expect_navigation():
            page.locator("#login-submit").click()

    def submit(self, page: Page, selector: str) -> None:
        with page.expect_navigation():
            page.locator(selector).click()

    # --- The journey ---------------------------------------------------------------------------

    def test_the_admin_adds_a_worker_hands_over_cases_and_deactivates_a_colleague(self):
        p, admin = self.p, self.page
        li_numbers = [case.case_number for case in self.li_cases]

        # 1. 刘洋 adds 张三 from the staff directory.
        self.log_in("admin_a", PASSWORD)
        admin.goto(self.url(reverse("staff:directory")))
        expect(admin.locator("h1")).to_contain_text("人员名录")
        admin.locator("#staff-nav").get_by_role("link", name="添加人员").click()
        admin.wait_for_url(self.url(reverse("staff:member_add")))
        admin.locator("#id_username").fill("zhangsan")
        admin.locator("#id_full_name").fill("张三")
        admin.locator("#id_mobile").fill("13800009999")
        admin.locator("#id_role").select_option(label="社会工作者")
        admin.locator("#id_team").select_option(label="二组")
        self.submit(admin, "#save")
        expect(admin.locator("h1")).to_have_text("已添加 张三")
        password = admin.locator("#temporary-password").inner_text().strip()
        self.assertRegex(password, r"^[a-z2-9]{4}(-[a-z2-9]{4}){3}$")
        zhang = User.objects.get(username="zhangsan")
        self.assertTrue(zhang.must_change_password)
        self.assertEqual((zhang.full_name, zhang.membership.role, zhang.membership.team.name,
                          zhang.membership.mobile), ("张三", Role.WORKER, "二组", "13800009999"))
        self.assertTrue(zhang.check_password(password))

        # 2. 张三, at his own computer, signs in with it and must choose his own password.
        new = self.new_page()
        self.sign_in(new, "zhangsan", password)
        expect(new).to_have_url(self.url(reverse("accounts:password_change")))
        expect(new.locator(".alert-info")).to_contain_text("临时密码")
        new.goto(self.url(reverse("cases:list")))  # nothing else opens before the change
        expect(new).to_have_url(self.url(reverse("accounts:password_change")))
        new.locator("#id_old_password").fill(password)
        new.locator("#id_new_password1").fill(NEW_PASSWORD)
        new.locator("#id_new_password2").fill(NEW_PASSWORD)
        self.submit(new, "#password-submit")
        expect(new).to_have_url(self.url(reverse("home")))
        expect(new.locator(".alert-success")).to_have_text("密码已修改。")
        expect(new.locator("h1")).to_have_text("张三，您好")
        zhang.refresh_from_db()
        self.assertFalse(zhang.must_change_password)
        self.assertTrue(zhang.check_password(NEW_PASSWORD))

        # 3. 刘洋 chooses 李强's two cases on the caseload and hands them to 张三.
        admin.goto(self.url(reverse("cases:list")))
        rows = admin.locator("#case-list tbody tr")
        expect(rows).to_have_count(3)
        for case in self.li_cases:
            row = rows.filter(has_text=case.case_number)
            expect(row).to_contain_text("李强")
            row.locator("input[type=checkbox][name=case]").check()
        self.submit(admin, "#reassign-chosen")
        expect(admin.locator("h1")).to_have_text("重新分配个案")
        listed = admin.locator("#reassign-cases li")
        expect(listed).to_have_count(2)
        for number in li_numbers:
            expect(admin.locator("#reassign-cases")).to_contain_text(number)
        admin.locator("#id_to_worker").select_option(label="张三")
        admin.locator("#id_reason").fill(REASON)
        self.submit(admin, "#reassign")
        expect(admin).to_have_url(self.url(reverse("cases:list")))
        expect(admin.locator(".alert-success")).to_have_text("已将 2 个个案移交给 张三。")
        for case in self.li_cases:
            case.refresh_from_db()
            self.assertEqual(case.worker, zhang)
            change = StageChange.objects.filter(case=case, action="reassign").last()
            self.assertEqual((change.reason, change.actor), (REASON, p.admin_a))
        self.assertEqual(Case.objects.filter(worker=p.li_qiang).count(), 0)

        # 4. 张三 finds both on his caseload.
        new.goto(self.url(reverse("cases:list")))
        expect(new.locator("h1")).to_have_text("我的个案")
        expect(new.locator("#case-list tbody tr")).to_have_count(2)
        for number in li_numbers:
            expect(new.locator("#case-list")).to_contain_text(number)
        expect(new.locator("#case-list")).to_contain_text("陈建国")

        # 5. 刘洋 deactivates 王芳: the page first asks who takes her open case.
        admin.goto(self.url(reverse("staff:directory")))
        admin.locator("#staff-list").get_by_role("link", name="王芳").click()
        admin.wait_for_url(self.url(reverse("staff:member", args=[p.wang_fang.pk])))
        admin.locator("#deactivate-link").click()
        admin.wait_for_url(self.url(reverse("staff:member_deactivate", args=[p.wang_fang.pk])))
        expect(admin.locator("h1")).to_contain_text("王芳")
        expect(admin.locator("#open-cases")).to_contain_text(self.wang_case.case_number)
        expect(admin.locator("#open-cases")).to_contain_text("张伟")
        expect(admin.locator("#deactivate")).to_have_text("移交并停用")
        # Confirming without an answer changes nothing and names the field.
        self.submit(admin, "#deactivate")
        expect(admin.locator("[data-field-error=hand_over_to]")).to_be_visible()
        self.assertTrue(User.objects.get(pk=p.wang_fang.pk).is_active)
        admin.locator("#id_hand_over_to").select_option(label="李强")
        self.submit(admin, "#deactivate")
        expect(admin).to_have_url(self.url(reverse("staff:member", args=[p.wang_fang.pk])))
        expect(admin.locator(".alert-success")).to_have_text("王芳 已停用。")
        expect(admin.locator("main .badge", has_text="停用")).to_be_visible()

        wang = User.objects.get(pk=p.wang_fang.pk)
        self.assertFalse(wang.is_active)
        self.assertFalse(wang.membership.is_active)
        self.wang_case.refresh_from_db()
        self.assertEqual(self.wang_case.worker, p.li_qiang)
        self.assertFalse(Case.objects.filter(worker=wang).exclude(stage="closed").exists())

        # 6. 王芳 can no longer sign in.
        gone = self.new_page()
        self.sign_in(gone, "wangfang", PASSWORD)
        expect(gone).to_have_url(re.compile(re.escape(reverse("accounts:login"))))
        expect(gone.locator(".alert-danger")).to_be_visible()
        gone.goto(self.url(reverse("home")))
        expect(gone).to_have_url(re.compile(re.escape(reverse("accounts:login"))))
