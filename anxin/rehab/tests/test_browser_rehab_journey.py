"""A rehabilitation centre on a phone (390 px wide), in headless Chromium (REH-4.7, 4.8, 5.2):
张伟's mother asks at reception; 罗晓 registers the enquiry, screens 张伟, admits him with the
agreement he signs on the phone, sends the information exchange, enrols him in a training group
and records a week of its sessions, writes the mid-term evaluation, and closes the case with the
exit form, which prints in two copies.

The application with its copies, the admission assessment, the intake assessment and the plan
are filled through the same actions the pages call (their pages are the engine's, exercised
here by the screening, the agreement, the exchange and the evaluations), to keep the journey on
what is particular to a centre.
"""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from anxin.cases.models import Case
from anxin.groups import actions as group_actions
from anxin.groups.kinds import GROUP_PLAN
from anxin.rehab import kinds
from anxin.rehab.models import Enquiry
from anxin.workspace.testing.browser import BrowserTestCase
from anxin.workspace.testing.personas import PASSWORD

from .helpers import Admission, build_centre


@pytest.mark.browser
class CentreOnAPhoneTest(BrowserTestCase):
    viewport = {"width": 390, "height": 844}

    def setUp(self):
        super().setUp()
        build_centre(self)

    def submit(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()

    def assert_fits_the_phone(self) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, self.viewport["width"], self.page.url)

    def act(self, action: str) -> None:
        self.submit(f".action-row[data-action={action}] button[type=submit]")
        expect(self.page.locator(".alert-danger")).to_have_count(0)

    def begin(self, kind: str) -> None:
        self.submit(f"[data-kind={kind}] a.btn")

    def yes(self, *names, no=()):
        for name in names:
            self.page.locator(f"input[name={name}][value=yes]").check()
        for name in no:
            self.page.locator(f"input[name={name}][value=no]").check()

    def sign(self, field: str) -> None:
        page = self.page
        pad = page.locator(f"#field-{field}")
        canvas = pad.locator("canvas")
        canvas.scroll_into_view_if_needed()
        page.wait_for_function(
            "c => c.clientWidth > 0 && "
            "c.width === Math.round(c.clientWidth * Math.max(window.devicePixelRatio || 1, 1))",
            arg=canvas.element_handle())
        box = canvas.bounding_box()
        x, y = box["x"] + box["width"] * 0.15, box["y"] + box["height"] * 0.6
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 12):
            page.mouse.move(x + step * 16, y - (20 if step % 2 else -8), steps=3)
        page.mouse.up()
        expect(pad.locator(f"input[name={field}__drawn]")).to_have_value(
            re.compile(r"^data:image/png;base64,"))
        pad.locator(f"input[name={field}__signer]").fill("张伟")

    def save_and_finish(self) -> None:
        self.submit("#document-save")
        self.submit("#document-submit")

    def test_reception_to_two_copy_exit(self):
        page = self.page
        today = timezone.localdate()

        # 1. The family asks at reception; 罗晓 registers it.
        self.log_in("yg_worker", PASSWORD)
        page.goto(self.url(reverse("rehab:enquiries")))
        self.submit("#new-enquiry")
        page.locator("input[name=channel][value=walk_in]").check()
        page.locator("input[name=asker][value=family]").check()
        page.locator("#id_asker_name").fill("张伟的母亲")
        page.locator("input[name=topics][value=rehabilitation]").check()
        page.locator("input[name=outcome][value=application]").check()
        self.submit("#save")
        self.assertEqual(Enquiry.objects.get().outcome, "application")
        self.screenshot("rehab-enquiries-phone")
        self.assert_fits_the_phone()

        # 2. A case on the rehabilitation pathway, and the screening form.
        page.goto(self.url(f"/clients/{self.resident.pk}/"))
        page.goto(self.url(reverse("cases:open", args=[self.resident.pk])))
        page.locator("#id_needs").fill("母亲来访咨询，希望参加日间康复")
        self.submit("#open-case-submit")
        case = Case.objects.get(client=self.resident)
        self.assertEqual((case.pathway, case.stage), ("reh", "screening"))
        self.begin(kinds.SCREENING)
        page.select_option("#id_source", "self")
        self.yes("national_system", "wishes_rehabilitation", "stable", "voluntary_medication",
                 "self_caring", "family_cooperates",
                 no=("infectious_disease", "severe_physical_disease"))
        self.assert_fits_the_phone()
        self.save_and_finish()
        page.goto(self.url(case.get_absolute_url()))
        expect(page.locator("#rehab-panel")).to_contain_text("各项入住条件均已符合")
        self.act("screen_in")
        expect(page.locator("#case-stage")).to_have_text("入住申请")

        # 3. The application and the admission assessment (see the module's docstring).
        walk = Admission(Case.objects.get(pk=case.pk), self.worker, self.supervisor)
        walk.application()
        walk.move("accept_application")
        walk.admission_assessment(self.risk)
        walk.move("approve_admission")

        # 4. The agreement, signed by 张伟 on the phone; admission waits for the exchange.
        page.goto(self.url(case.get_absolute_url()))
        self.begin(kinds.AGREEMENT)
        page.select_option("#id_service_form", "day")
        page.locator("#id_starts_on").fill(today.isoformat())
        page.locator("#id_centre_duties").fill("提供日间康复训练与个案管理")
        page.locator("#id_client_duties").fill("按时参加训练，遵守机构规章")
        self.yes("insurance")
        page.select_option("#id_signer", "client")
        self.sign("client_signature")
        self.screenshot("rehab-agreement-phone")
        self.assert_fits_the_phone()
        self.save_and_finish()
        expect(page.locator("#document-status")).to_have_attribute("data-status", "completed")
        page.goto(self.url(case.get_absolute_url()))
        expect(page.locator(".action-row[data-action=complete_admission]")).to_contain_text(
            "社区网格员和社区精防人员")

        # 5. The information exchange on admission, then the admission completes.
        self.begin(kinds.EXCHANGE)
        page.select_option("#id_occasion", "admission")
        page.locator("#id_grid_worker").fill("浆洗街网格员 李明")
        page.locator("#id_mental_health_staff").fill("浆洗街社区卫生服务中心 王丽")
        page.locator("input[name=content][value=admission]").check()
        page.locator("#id_informed_on").fill(today.isoformat())
        page.select_option("#id_method", "paper")
        self.save_and_finish()
        page.goto(self.url(case.get_absolute_url()))
        self.act("complete_admission")
        expect(page.locator("#case-stage")).to_have_text("入组评估")

        # 6. Intake assessment and the approved plan, then rehabilitation starts.
        walk = Admission(Case.objects.get(pk=case.pk), self.worker, self.supervisor)
        walk.intake_assessment(sdss=6, zbi=40)
        walk.move("complete_intake_assessment")
        walk.plan()
        walk.move("start_rehabilitation")

        # 7. A training group with an approved plan; 罗晓 enrols 张伟 and records a week.
        group = group_actions.do_create_group(
            acting_user=self.worker, type="rehab_training", title="生活技能训练小组",
            programme="self_care", goals="学会做饭与整理房间", course_weeks=9)
        from anxin.documents.actions import (
            do_review_document,
            do_save_document,
            do_submit_document,
        )

        plan = do_save_document(group, GROUP_PLAN, {
            "background": "康复者生活技能不足", "general_aim": "提升生活自理能力",
            "objectives": "学会做简单饭菜", "population": "日间康复者", "planned_members": 6,
            "recruitment": ["referral"],
            "session_plan": [{"number": 1, "theme": "认识厨房"}, {"number": 2, "theme": "做早餐"}],
            "methods": ["attendance"]}, acting_user=self.worker)
        do_submit_document(plan, acting_user=self.worker)
        do_review_document(plan, acting_user=self.supervisor, decision="approved")
        monday = today - datetime.timedelta(days=today.weekday())
        page.goto(self.url(reverse("groups:detail", args=[group.pk])))
        self.submit("#member-add")
        page.locator("#id_client").fill(self.resident.file_number)
        page.locator("#id_joined_on").fill(monday.isoformat())
        page.select_option("#id_consent_mode", "written")
        page.locator("#id_consented_on").fill(monday.isoformat())
        self.submit("#member-save")
        expect(page.locator("#group-members")).to_contain_text("张伟")
        member = group.members.get()
        sessions = []
        for offset in range(2):
            day = monday + datetime.timedelta(days=offset)
            starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
            if starts > timezone.now():
                starts = timezone.now() - datetime.timedelta(hours=2 - offset)
            sessions.append(group_actions.do_plan_session(
                group, acting_user=self.worker, starts_at=starts, minutes=50, place="活动室"))
        for session in sessions:
            page.goto(self.url(reverse("groups:attendance", args=[group.pk, session.pk])))
            page.locator(f"label[for=status-{member.pk}-present]").click()
            self.submit("#attendance-save")
        page.goto(self.url(reverse("programmes:participation")))
        expect(page.locator("body")).to_contain_text("张伟")
        self.screenshot("rehab-participation-phone")

        # 8. The mid-term evaluation, written on the phone.
        # The family's burden and 张伟's social function, measured for the evaluation.
        from anxin.instruments.actions import do_record_response

        from .helpers import spread

        self.sdss = do_record_response(self.resident, instrument_code="sdss",
                                       answers=spread(4, 10, 2), acting_user=self.worker)
        self.zbi = do_record_response(self.resident, instrument_code="zbi22",
                                      answers=spread(33, 22, 4), acting_user=self.worker)
        page.goto(self.url(case.get_absolute_url()))
        self.act("start_mid_evaluation")
        self.begin(kinds.EVALUATION)
        page.select_option("#id_phase", "mid")
        page.locator("#id_evaluated_on").fill(today.isoformat())
        page.select_option("#id_symptom_management", "good")
        page.select_option("#id_course", "stable")
        page.select_option("#id_zbi_response", str(self.zbi.pk))
        page.select_option("#id_family_mood", "fair")
        page.select_option("#id_sdss_response", str(self.sdss.pk))
        page.select_option("#id_social_relations", "fair")
        page.select_option("#id_self_care", "basic")
        page.locator("#id_satisfaction").fill("5")
        page.select_option("#id_goals_achieved", "partly")
        page.locator("#id_plan_execution").fill("每周参加小组训练两次")
        page.select_option("#id_evaluator", str(self.worker.pk))
        self.assert_fits_the_phone()
        self.save_and_finish()
        page.goto(self.url(case.get_absolute_url()))
        self.act("resume_rehabilitation")
        self.act("start_end_evaluation")
        walk = Admission(Case.objects.get(pk=case.pk), self.worker, self.supervisor)
        walk.evaluation("end", sdss=2, zbi=25)
        page.goto(self.url(reverse("rehab:file", args=[case.pk])))
        expect(page.locator("#progress [data-phase=mid]")).to_contain_text("(-7)")

        # 9. The exit form, signed and approved, the exchange on exit, and the case closes.
        page.goto(self.url(case.get_absolute_url()))
        self.begin(kinds.EXIT)
        page.select_option("#id_applicant", "client")
        page.select_option("#id_reason", "goals_met")
        page.select_option("#id_destination", "home")
        page.locator("#id_summary").fill("完成康复计划，能独立做简单饭菜")
        for step in ("prepared", "consolidated", "relationship_ended", "summarised"):
            page.locator(f"input[name=closing_steps][value={step}]").check()
        page.select_option("#id_follow_up_method", "phone")
        page.locator("#id_follow_up_on").fill((today + datetime.timedelta(days=30)).isoformat())
        page.locator("#id_worker_opinion").fill("同意出机构")
        self.sign("applicant_signature")
        self.save_and_finish()
        exit_url = page.url
        self.context.clear_cookies()
        self.log_in("yg_sup", PASSWORD)
        page.goto(exit_url)
        self.submit("#document-review button[value=approved]")
        walk.case = Case.objects.get(pk=case.pk)
        walk.exchange("exit")
        page.goto(self.url(case.get_absolute_url()))
        self.act("close")
        expect(page.locator("#case-stage")).to_have_text("出组结案")

        # The exit form prints 一式两份, each copy marked (REH-4.8.2).
        page.goto(exit_url)
        link = page.locator("#document-print")
        response = page.request.get(self.url(link.get_attribute("href")))
        self.assertEqual(response.headers["content-type"], "application/pdf")
        text = [p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages]
        joined = "".join(text)
        self.assertIn("第一联：机构存档", joined)
        self.assertIn("第二联：申请人留存", joined)
        self.assertEqual(joined.count("出机构申请审核表"), 2)
