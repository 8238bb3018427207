"""A rehabilitation training group on a phone (390 px wide), in headless Chromium: 王芳 plans the
group and writes its plan, 陈敏 approves the plan, 王芳 adds two members with their consent,
records two sessions' attendance and prints the first session's record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from anxin.documents.models import Document, DocumentStatus
from anxin.groups.models import Group, GroupAttendance, GroupSession
from anxin.workspace.testing.browser import BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD, make_client


@pytest.mark.browser
class GroupOnAPhoneTest(BrowserTestCase):
    viewport = {"width": 390, "height": 844}

    def setUp(self):
        super().setUp()
        self.members = [make_client(self.p.org_a, self.p.wang_fang, name=name, sequence=300 + i)
                        for i, name in enumerate(("陈小红", "李国强"))]

    def submit(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.locator(selector).click()

    def assert_fits_the_phone(self) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, self.viewport["width"], self.page.url)

    def test_plan_approve_members_two_sessions_and_the_printed_record(self):
        page = self.page

        # 1. 王芳 plans the group: a course of 12 weeks is refused with its clause.
        self.log_in("wangfang", PASSWORD)
        page.goto(self.url(reverse("groups:list")))
        self.submit("#group-new")
        page.select_option("#id_type", "rehab_training")
        page.locator("#id_title").fill("社交技能训练小组")
        page.select_option("#id_programme", "social_adaptation")
        page.locator("#id_goals").fill("提升组员表达需要与求助的能力")
        page.locator("#id_course_weeks").fill("12")
        self.submit("#group-save")
        expect(page.locator("[data-field-error=course_weeks]")).to_contain_text("REH-5.5.1.3")
        page.locator("#id_course_weeks").fill("10")
        self.screenshot("group-new-phone")
        self.submit("#group-save")
        group = Group.objects.get()
        expect(page.locator("#plan-write")).to_be_visible()

        # 2. Its plan, from the document engine's page.
        self.submit("#plan-write")
        page.locator("#id_background").fill("出院后社交退缩，缺少同伴交往机会。")
        page.locator("#id_general_aim").fill("提升组员的人际沟通能力。")
        page.locator("#id_objectives").fill("学会自我介绍、表达需要、拒绝与求助。")
        page.locator("#id_population").fill("社区康复期精神障碍患者")
        page.locator("#id_planned_members").fill("6")
        page.locator("input[name=recruitment][value=referral]").check()
        page.locator("input[name=methods][value=attendance]").check()
        page.locator("[name='session_plan-1-number']").fill("1")
        page.locator("[name='session_plan-1-theme']").fill("相识")
        page.locator("[name='session_plan-2-number']").fill("2")
        page.locator("[name='session_plan-2-theme']").fill("表达需要")
        self.screenshot("group-plan-phone")
        self.assert_fits_the_phone()
        self.submit("#document-save")
        self.submit("#document-submit")
        expect(page.locator("#document-status")).to_have_attribute("data-status", "submitted")

        # 3. 陈敏 approves it.
        self.context.clear_cookies()
        self.log_in("chenmin", PASSWORD)
        page.goto(self.url(reverse("groups:detail", args=[group.pk])))
        self.submit("#plan-link")
        self.submit("#document-review button[value=approved]")
        plan = Document.objects.get(group=group)
        self.assertEqual(plan.status, DocumentStatus.APPROVED)

        # 4. 王芳 adds the two members, each with their consent.
        self.context.clear_cookies()
        self.log_in("wangfang", PASSWORD)
        detail = self.url(reverse("groups:detail", args=[group.pk]))
        joined = (timezone.localdate() - datetime.timedelta(days=14)).isoformat()
        for client in self.members:
            page.goto(detail)
            self.submit("#member-add")
            page.locator("#id_client").fill(client.file_number)
            page.locator("#id_joined_on").fill(joined)
            page.select_option("#id_consent_mode", "written")
            page.locator("#id_consented_on").fill(joined)
            self.submit("#member-save")
            expect(page.locator("#group-members")).to_contain_text(client.name)

        # 5. Two sessions, held last week and yesterday; attendance on the phone.
        for days_ago in (8, 1):
            page.goto(detail)
            self.submit("#session-new")
            starts = timezone.localtime() - datetime.timedelta(days=days_ago)
            page.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT10:00"))
            page.locator("#id_minutes").fill("50")
            page.locator("#id_place").fill("康复活动室")
            self.submit("#session-save")
        first, second = GroupSession.objects.order_by("number")
        a, b = group.members.order_by("joined_on", "id")
        page.goto(self.url(reverse("groups:attendance", args=[group.pk, first.pk])))
        page.locator(f"label[for=status-{a.pk}-present]").click()
        page.locator(f"label[for=status-{b.pk}-absent]").click()
        self.submit("#attendance-save")  # the absence has no reason yet
        expect(page.locator(f"[data-field-error=member_{b.pk}_reason]")).to_be_visible()
        page.locator(f"#reason-{b.pk}").fill("住院复查")
        self.screenshot("group-attendance-phone")
        self.assert_fits_the_phone()
        self.submit("#attendance-save")
        page.goto(self.url(reverse("groups:attendance", args=[group.pk, second.pk])))
        page.locator(f"label[for=status-{a.pk}-present]").click()
        page.locator(f"label[for=status-{b.pk}-late]").click()
        self.submit("#attendance-save")
        self.assertEqual(GroupAttendance.objects.count(), 4)
        expect(page.locator("[data-session='1'] [data-attendance]")).to_contain_text("缺席1人")
        self.screenshot("group-detail-phone")
        self.assert_fits_the_phone()

        # 6. The first session's record, written and printed.
        page.locator("[data-session='1'] [data-action=record]").click()
        page.wait_for_url("**/documents/group_session/**")
        page.locator("#id_theme").fill("相识")
        page.locator("#id_process").fill("破冰游戏后分享各自的兴趣。")
        page.select_option("#id_achieved", "met")
        page.locator("#id_incident_1").check()
        self.submit("#document-save")
        record = Document.objects.get(group_session=first)
        pdf = page.request.get(self.url(reverse("documents:print", args=[record.pk])))
        self.assertEqual(pdf.headers["content-type"], "application/pdf")
        self.assertTrue(pdf.body().startswith(b"%PDF"))
