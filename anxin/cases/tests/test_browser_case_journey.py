"""One case from application to follow-up, in the Chinese UI, in headless Chromium.

王芳 (worker) opens a case for 张伟, fills forms A–G, the client signs on the pad with the mouse,
陈敏 (her supervisor) approves the plan and the closing form from her queue, and the printed
consent and plan carry the client's name.
"""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, expect
from pypdf import PdfReader

from anxin.cases.models import HOME_VISIT_CHECKLIST, Case, FollowUp, ServiceRecord
from anxin.workspace.testing.browser import BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD

# The stage badge, as the zh_Hans catalogue words the CMH stages.
STAGE = {"application": "申请", "intake": "接案", "assessment": "预估", "planning": "计划",
         "intervention": "介入", "evaluation": "评估", "closed": "结案"}


@pytest.mark.browser
class CaseFromApplicationToFollowUpTest(BrowserTestCase):

    # --- Helpers ------------------------------------------------------------------------------

    def submit(self, button: Locator, *, lands_on: str) -> None:
        """Click a form's submit button; the page must land on `lands_on`, else the form's
        errors become the failure message."""
        with self.page.expect_navigation():
            button.click()
        # A refused save stays on the form; a refused action returns with an error message.
        errors = self.page.locator("#form-errors, [data-field-error], .alert-danger")
        if self.page.url != self.url(lands_on) or errors.count():
            raise AssertionError(f"Expected {lands_on} without errors, got {self.page.url}: "
                                 f"{errors.all_inner_texts()}")

    def log_out(self) -> None:
        self.page.locator(f"form[action='{reverse('accounts:logout')}'] button").click()
        self.page.wait_for_url(re.compile(re.escape(reverse("accounts:login"))))

    def sign_on_pad(self) -> None:
        """Draw a signature with the mouse, as a client would with a finger."""
        page = self.page
        pad = page.locator("[data-signature-pad]")
        canvas = pad.locator("canvas")
        canvas.scroll_into_view_if_needed()
        # The pad sizes its canvas to the box once the box is shown; draw after that.
        page.wait_for_function(
            "c => c.clientWidth > 0 && "
            "c.width === Math.round(c.clientWidth * Math.max(window.devicePixelRatio || 1, 1))",
            arg=canvas.element_handle())
        box = canvas.bounding_box()
        x, y = box["x"] + box["width"] * 0.15, box["y"] + box["height"] * 0.6
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 13):
            page.mouse.move(x + step * 18, y - (25 if step % 2 else -10), steps=3)
        page.mouse.up()
        expect(pad).to_have_class(re.compile(r"\bhas-signature\b"))
        expect(pad.locator("input[name=client_signature]")).to_have_value(
            re.compile(r"^data:image/png;base64,"))

    def act(self, action: str) -> None:
        """Press the button of a pathway action on the case page."""
        self.submit(self.page.locator(f".action-row[data-action={action}] button[type=submit]"),
                    lands_on=self.case_path)

    def expect_stage(self, stage: str) -> None:
        expect(self.page.locator("#case-stage")).to_have_text(STAGE[stage])

    def open_form(self, section: str, code: str) -> None:
        """Follow the case page's link to form `code` in its section of the documents list."""
        self.page.locator(f"#{section} a[href$='/forms/{code}/']").first.click()
        self.page.wait_for_url(self.url(reverse("cases:document_edit",
                                                args=[self.case.pk, code])))

    def pdf_text(self, link: Locator) -> str:
        response = self.page.request.get(self.url(link.get_attribute("href")))
        self.assertEqual(response.status, 200)
        self.assertEqual(response.headers["content-type"], "application/pdf")
        reader = PdfReader(io.BytesIO(response.body()))
        return "".join(p.extract_text() or "" for p in reader.pages)

    # --- The journey ---------------------------------------------------------------------------

    def test_a_worker_and_her_supervisor_take_a_case_from_application_to_follow_up(self):
        page = self.page
        client = self.p.client_a
        today = timezone.localdate().isoformat()

        # 1. 王芳 opens a case from 张伟's file.
        self.log_in("wangfang", PASSWORD)
        page.goto(self.url(f"/clients/{client.pk}/"))
        expect(page.locator("h1")).to_have_text("张伟")
        page.locator("#open-case").click()
        page.wait_for_url(self.url(reverse("cases:open", args=[client.pk])))
        page.locator("#id_application_date").fill(today)
        page.locator("input[name=source][value=sought_help]").check()
        page.locator("#id_needs").fill("近期睡眠差，希望恢复与家人的沟通。")
        with page.expect_navigation():
            page.locator("#open-case-submit").click()
        self.case = Case.objects.get(client=client)
        self.case_path = reverse("cases:detail", args=[self.case.pk])
        expect(page).to_have_url(self.url(self.case_path))
        self.expect_stage("application")
        expect(page.locator("h1")).to_contain_text("张伟")
        expect(page.locator(".alert-success")).to_have_text(f"已开案：{self.case.case_number}。")
        expect(page.locator("main dl")).to_contain_text("主动求助")
        self.assertEqual((self.case.worker, self.case.supervisor),
                         (self.p.wang_fang, self.p.chen_min))

        # 2. Form A, written, signed with the mouse.
        self.open_form("doc-consent", "consent")
        page.locator("#id_exceptions_explained").check()
        page.locator("input[name=mode][value=written]").check()
        expect(page.locator("[data-show-when='mode=written']")).to_be_visible()
        page.locator("input[name=signer][value=client]").check()
        self.sign_on_pad()
        self.screenshot("case-consent-signed")
        self.submit(page.locator("form.doc-form button[type=submit]"), lands_on=self.case_path)
        expect(page.locator(".alert-success")).to_have_text("知情同意书已保存。")
        expect(page.locator("#doc-consent a[data-print=consent]")).to_be_visible()

        # Form B: accepted; then the case moves through intake to the assessment.
        self.open_form("doc-application", "application")
        expect(page.locator("input[name=source][value=sought_help]")).to_be_checked()
        expect(page.locator("#id_needs")).to_have_value("近期睡眠差，希望恢复与家人的沟通。")
        page.locator("input[name=decision][value=accepted]").check()
        self.submit(page.locator("form.doc-form button[type=submit]"), lands_on=self.case_path)
        expect(page.locator(".action-row[data-action=accept] button")).to_have_text("受理个案")
        self.act("accept")
        expect(page.locator(".alert-success")).to_have_text("已完成：受理个案。")
        self.expect_stage("intake")
        self.act("complete_intake")
        self.expect_stage("assessment")

        # Form C, every part, completed.
        self.open_form("doc-assessment", "assessment")
        page.locator("input[name=risk_level][value='1']").check()
        page.locator("#id_disease_type").fill("精神分裂症")
        page.locator("input[name=stability][value=mostly_stable]").check()
        for name, value in {
                "medication": "遵医嘱规律服药", "social_security": "城乡居民医保，低保",
                "family_situation": "与母亲同住，母亲为主要照顾者",
                "bio_psycho_social": "睡眠欠佳，情绪低落，社交退缩。",
                "environment": "社区支持较好。", "client_view": "希望能找到工作。",
                "needs_analysis": "需要规律作息与服药支持。",
                "resources_analysis": "母亲支持；社区康复站可参加活动。",
                "problem_diagnosis": "服药依从性与社会功能下降。",
                "prioritised_needs": "1. 服药管理 2. 家庭沟通 3. 社区参与"}.items():
            page.locator(f"#id_{name}").fill(value)
        self.submit(page.locator("button[name=complete]"), lands_on=self.case_path)
        expect(page.locator("#doc-assessment")).to_contain_text("已完成 · 危险性 1 级")
        self.act("complete_assessment")
        self.expect_stage("planning")

        # Form D: goals and one row; the client signs, the worker confirms and submits.
        self.open_form("doc-plan", "plan")
        page.locator("#id_overall_goal").fill("稳定病情，恢复基本社会功能。")
        page.locator("#id_goals").fill("规律服药\n改善家庭沟通")
        for name, value in {"timing": "第1-4周", "strategy": "疾病管理", "method": "家访、电访",
                            "client_responsibility": "按时服药并记录",
                            "roles": "社工督促，家属协助", "evaluation_method": "服药记录"}.items():
            page.locator(f"#id_rows-0-{name}").fill(value)
        self.submit(page.locator(".form-actions button[type=submit]"), lands_on=self.case_path)
        page.locator("#doc-plan a[href$='/confirm/']").click()
        expect(page.locator("#id_signer_name")).to_have_value("张伟")
        self.sign_on_pad()
        page.locator("#id_worker_confirms").check()
        self.submit(page.locator("form.doc-form .form-actions button[type=submit]"),
                    lands_on=self.case_path)
        expect(page.locator(".alert-success")).to_have_text("已确认并提交督导审批。")
        expect(page.locator("#doc-plan .plan-status-submitted")).to_be_visible()
        expect(page.locator(".action-row[data-action=start_intervention] button")).to_be_disabled()

        # 3. 陈敏 approves the plan from her queue.
        self.log_out()
        self.log_in("chenmin", PASSWORD)
        page.goto(self.url(reverse("cases:queue")))
        expect(page.locator("h1")).to_have_text("审批与转介")
        page.locator("#queue-plans a", has_text="张伟").click()
        expect(page.locator("h1")).to_have_text("个案服务计划书 · 审核")
        expect(page.locator("main")).to_contain_text("稳定病情，恢复基本社会功能。")
        page.locator("input[name=decision][value=approved]").check()
        self.submit(page.locator("form.doc-form button[type=submit]"), lands_on=self.case_path)
        expect(page.locator(".alert-success")).to_have_text("已审批通过。")
        expect(page.locator("#doc-plan .plan-status-approved")).to_be_visible()
        page.goto(self.url(reverse("cases:queue")))
        expect(page.locator("#queue-plans")).not_to_contain_text("张伟")

        # 4. 王芳 again: intervention, a home visit, evaluation, the closing form.
        self.log_out()
        self.log_in("wangfang", PASSWORD)
        page.goto(self.url(self.case_path))
        self.act("start_intervention")
        self.expect_stage("intervention")

        self.open_form("doc-service-record", "service_record")
        page.locator("input[name=mode][value=home_visit]").check()
        started = timezone.localtime() - datetime.timedelta(hours=2)
        page.locator("#id_started_at").fill(started.strftime("%Y-%m-%dT%H:%M"))
        page.locator("#id_duration_minutes").fill("50")
        page.locator("#id_place").fill("服务对象家中客厅")
        page.locator("#id_participants").fill("服务对象、母亲")
        for name, value in {"goal": "了解近期服药与睡眠情况",
                            "content": "服务对象自述近一周按时服药，睡眠有所改善。",
                            "evaluation_of_service": "目标基本达成",
                            "evaluation_of_client": "情绪平稳，配合度高",
                            "evaluation_of_worker": "倾听充分",
                            "next_plan": "下周电访跟进"}.items():
            page.locator(f"#id_{name}").fill(value)
        # CMH-8.2.2a: the on-site safety checklist shows for a home visit, every item ticked,
        # and the two staff who went (王芳 is ticked already; 李强 went with her).
        for name in HOME_VISIT_CHECKLIST:
            page.locator(f"#id_{name}").check()
        page.locator("#field-staff_members").get_by_label("李强").check()
        self.submit(page.locator(".form-actions button[type=submit]"), lands_on=self.case_path)
        record = ServiceRecord.objects.get(case=self.case)
        self.assertEqual((record.session_number, record.mode), (1, "home_visit"))
        record_url = reverse("cases:document_view",
                             args=[self.case.pk, "service_record", record.pk])
        expect(page.locator(f"#doc-service-record a[href='{record_url}']")).to_be_visible()
        expect(page.locator("#doc-service-record")).to_contain_text("家访")
        self.act("start_evaluation")
        self.expect_stage("evaluation")

        self.open_form("doc-evaluation", "evaluation")
        page.locator("#id_services_received").fill("家访、电访")
        page.locator("input[name=coping_improved][value=yes]").check()
        page.locator("input[name=satisfaction][value='5']").check()
        page.locator("input[name=improvement][value='8']").check()
        page.locator("input[name=goal_attainment][value=full]").check()
        for name, value in {"attainment_reason": "按计划完成", "process_evaluation": "共服务1次。",
                            "outcome_evaluation": "服药规律，家庭沟通改善。",
                            "worker_reflection": "注重案主自决。",
                            "stakeholder_evaluation": "家属反馈良好。"}.items():
            page.locator(f"#id_{name}").fill(value)
        self.submit(page.locator(".form-actions button[type=submit]"), lands_on=self.case_path)

        self.open_form("doc-closure", "closure")
        page.locator("#id_planned_closing_date").fill(today)
        # Told a week ahead: the closing day itself is not in advance (CMH-6.6).
        page.locator("#id_client_told_on").fill(
            (timezone.localdate() - datetime.timedelta(days=7)).isoformat())
        page.locator("input[name=reasons][value=goal_reached]").check()
        page.locator("input[name=client_knows_how_to_return][value=True]").check()
        page.locator("#id_summary").fill("服务目标基本达成，服务对象能独立管理服药。")
        page.locator("#id_follow_up_plan").fill("结案后每月电话回访一次，共两次。")
        page.locator("#id_follow_up_count").fill("2")
        page.locator("#id_follow_up_interval_days").fill("30")
        self.submit(page.locator(".form-actions button[type=submit]"), lands_on=self.case_path)
        page.locator("#doc-closure a[href$='/confirm/']").click()
        self.sign_on_pad()
        page.locator("#id_worker_confirms").check()
        self.submit(page.locator("form.doc-form .form-actions button[type=submit]"),
                    lands_on=self.case_path)
        expect(page.locator(".action-row[data-action=close] button")).to_be_disabled()

        # 陈敏 approves the closing form.
        self.log_out()
        self.log_in("chenmin", PASSWORD)
        page.goto(self.url(reverse("cases:queue")))
        page.locator("#queue-closures a", has_text="张伟").click()
        page.locator("input[name=decision][value=approved]").check()
        self.submit(page.locator("form.doc-form button[type=submit]"), lands_on=self.case_path)

        # 王芳 closes the case and records the first follow-up.
        self.log_out()
        self.log_in("wangfang", PASSWORD)
        page.goto(self.url(self.case_path))
        self.act("close")
        self.expect_stage("closed")
        expect(page.locator("#case-follow-ups li")).to_have_count(2)
        page.locator(".action-row[data-action=record_follow_up] a").click()
        page.wait_for_url(self.url(reverse("cases:follow_up", args=[self.case.pk])))
        expect(page.locator("h1")).to_have_text("记录回访")
        page.locator("input[name=mode][value=phone]").check()
        page.locator("#id_finding").fill("情况稳定，按时服药。")
        self.submit(page.locator("#follow-up-submit"), lands_on=self.case_path)
        expect(page.locator(".alert-success")).to_have_text("回访已记录。")
        self.expect_stage("closed")
        expect(page.locator("#case-follow-ups")).to_contain_text("情况稳定，按时服药。")
        expect(page.locator("#case-follow-ups")).to_contain_text("电访 · 王芳")
        self.screenshot("case-closed-with-follow-up")

        self.case.refresh_from_db()
        self.assertEqual(self.case.stage, "closed")
        self.assertEqual(FollowUp.objects.filter(case=self.case, done_on__isnull=False).count(),
                         1)

        # 5. The printed consent and plan name the client.
        for code in ("consent", "plan"):
            text = self.pdf_text(page.locator(f"#case-documents a[data-print={code}]").first)
            self.assertIn("张伟", text, code)
