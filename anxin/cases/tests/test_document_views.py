"""The pages of forms A–G: who may open them, saving through the actions, refusals shown next to
their fields with nothing saved, signatures drawn or scanned, confirmation and review."""

import base64
import datetime
import re

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from anxin.cases import actions, scenarios
from anxin.cases.choices import ReviewStatus, SignatureKind
from anxin.cases.models import (
    HOME_VISIT_CHECKLIST,
    Assessment,
    Closure,
    Consent,
    Evaluation,
    Review,
    ServicePlan,
    ServiceRecord,
    Signature,
)
from anxin.cases.tests import images
from anxin.workspace.testing.cases import PersonaTestCase

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404
PNG = scenarios.BLANK_PNG
DATA_URL = "data:image/png;base64," + base64.b64encode(PNG).decode()
JPEG = images.JPEG  # a real one: the signature check decodes it


# The on-site safety checklist a home visit's record needs, ticked (CMH-8.2.2a).
HOME_VISIT_SAFETY = {name: "on" for name in HOME_VISIT_CHECKLIST}


def read_edit_fields(client, url: str) -> dict:
    """The hidden edit_version and edit_base of the form at `url`, as its page holds them."""
    page = client.get(url).content.decode()
    return dict(re.findall(r'name="(edit_version|edit_base)" value="([^"]*)"', page))


def case_url(case) -> str:
    return f"/cases/{case.pk}/"


class DocumentPageTestCase(PersonaTestCase):
    """王芳's cases, one per stage, supervised by 陈敏; pages answered in English."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.today = timezone.localdate()

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.p.wang_fang)

    def open_case(self, stage: str = "application", *, worker=None, supervisor="default",
                  client=None):
        worker = worker or self.p.wang_fang
        supervisor = self.p.chen_min if supervisor == "default" else supervisor
        case = actions.do_open_case(client or self.p.client_a, acting_user=worker,
                                    worker=worker, supervisor=supervisor, source="sought_help",
                                    application_date=self.today)
        return scenarios.advance(case, stage, worker=worker, supervisor=self.p.chen_min)

    def edit(self, case, code: str) -> str:
        return reverse("cases:document_edit", args=[case.pk, code])

    def post_form(self, case, code: str, data: dict, **extra):
        # As a person would: the form posts back the version its page was read at.
        data = {**read_edit_fields(self.client, self.edit(case, code)), **data}
        return self.client.post(self.edit(case, code), data, **extra)

    def assert_saved(self, response, case):
        self.assertRedirects(response, case_url(case), fetch_redirect_response=False)

    def assert_field_error(self, response, field: str, text: str | None = None):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'data-field-error="{field}"')
        if text is not None:
            self.assertContains(response, text)


class PermissionMatrixTest(DocumentPageTestCase):
    """Every persona × the four pages of a plan awaiting approval: 200 where allowed, 403
    without the capability, 404 for a case they may not see."""

    PAGES = ["edit", "view", "submit", "review"]
    EXPECTED = {
        "wang_fang": [OK, OK, OK, FORBIDDEN],  # the worker confirms; a supervisor reviews
        "li_qiang": [NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN],
        "chen_min": [OK, OK, FORBIDDEN, OK],  # only the responsible worker submits
        "admin_a": [FORBIDDEN, OK, FORBIDDEN, FORBIDDEN],
        "archivist_a": [FORBIDDEN, OK, FORBIDDEN, FORBIDDEN],
        "quality_a": [FORBIDDEN, OK, FORBIDDEN, FORBIDDEN],
        "zhao_lei": [NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN],
        "viewer": [FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    }

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        case = actions.do_open_case(cls.p.client_a, acting_user=cls.p.wang_fang,
                                    worker=cls.p.wang_fang, supervisor=cls.p.chen_min,
                                    source="sought_help", application_date=cls.today)
        cls.case = scenarios.advance(case, "planning", worker=cls.p.wang_fang,
                                     supervisor=cls.p.chen_min)
        cls.plan = scenarios.plan(cls.case, cls.p.wang_fang, today=cls.today)

    def urls(self) -> dict[str, str]:
        args = [self.case.pk, "plan", self.plan.pk]
        return {
            "edit": reverse("cases:document_edit", args=args[:2]),
            "view": reverse("cases:document_view", args=args),
            "submit": reverse("cases:document_submit", args=args),
            "review": reverse("cases:document_review", args=args),
        }

    def test_it_answers_each_persona_as_the_matrix_says(self):
        urls = self.urls()
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for page, expected in zip(self.PAGES, self.EXPECTED[name], strict=True):
                with self.subTest(persona=name, page=page):
                    self.assertEqual(self.client.get(urls[page]).status_code, expected)

    def test_another_organisations_supervisor_gets_404_everywhere(self):
        self.client.force_login(self.p.qian_wei)
        for page, url in self.urls().items():
            with self.subTest(page=page):
                self.assertEqual(self.client.get(url).status_code, NOT_FOUND)

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        self.client.logout()
        signature = self.plan.client_signature
        urls = [*self.urls().values(),
                reverse("cases:signature", args=[self.case.pk, signature.pk])]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("accounts:login")))

    def test_read_only_roles_cannot_write(self):
        """An archivist or quality officer reads every form but posts none: 403, no save."""
        for user in (self.p.admin_a, self.p.archivist_a, self.p.quality_a):
            self.client.force_login(user)
            with self.subTest(user=user):
                response = self.client.post(self.edit(self.case, "service_record"), {
                    "mode": "phone", "started_at": "2026-01-05T10:00",
                    "duration_minutes": 30, "place": "电话", "goal": "x", "content": "y"})
                self.assertEqual(response.status_code, FORBIDDEN)
        self.assertFalse(ServiceRecord.objects.filter(case=self.case).exists())

    def test_it_answers_404_for_an_unknown_form_or_a_document_of_another_case(self):
        other = self.open_case("application")
        self.assertEqual(self.client.get(self.edit(self.case, "referral")).status_code, 404)
        url = reverse("cases:document_view", args=[other.pk, "plan", self.plan.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        url = reverse("cases:document_submit", args=[self.case.pk, "consent", 1])
        self.assertEqual(self.client.get(url).status_code, 404)


class ConsentPageTest(DocumentPageTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.open_case("application")

    def written(self, **overrides) -> dict:
        data = {"mode": "written", "exceptions_explained": "on", "signer": "client",
                "client_signed_on": self.today.isoformat(),
                "worker_signed_on": self.today.isoformat(),
                "client_signature": DATA_URL, "client_signature_kind": "drawn"}
        data.update(overrides)
        return data

    def test_it_records_a_verbal_notice(self):
        response = self.post_form(self.case, "consent", {
            "mode": "verbal", "exceptions_explained": "on", "audio_recording_allowed": "on",
            "informed_on": self.today.isoformat()})
        self.assert_saved(response, self.case)
        consent = Consent.objects.get(case=self.case)
        self.assertEqual((consent.mode, consent.informed_by), ("verbal", self.p.wang_fang))
        self.assertTrue(consent.audio_recording_allowed)
        self.assertTrue(consent.is_complete)

    def test_a_drawn_signature_round_trips_as_its_png_bytes(self):
        response = self.post_form(self.case, "consent", self.written())
        self.assert_saved(response, self.case)
        consent = Consent.objects.get(case=self.case)
        signature = consent.client_signature
        self.assertEqual(bytes(signature.data), images.KEPT_PNG)  # the pixels, re-encoded
        self.assertEqual((signature.kind, signature.content_type), ("drawn", "image/png"))
        self.assertEqual(signature.signer_name, self.p.client_a.name)
        self.assert_audited("consent.recorded", actor=self.p.wang_fang, target=consent)

    def test_an_uploaded_scan_of_the_signed_page_is_kept(self):
        scan = SimpleUploadedFile("consent.jpg", JPEG, content_type="image/jpeg")
        response = self.post_form(self.case, "consent", self.written(
            client_signature="", signer="guardian", signer_name="张母",
            client_signature_scan=scan))
        self.assert_saved(response, self.case)
        signature = Consent.objects.get(case=self.case).client_signature
        self.assertEqual((signature.kind, signature.content_type), ("scan", "image/jpeg"))
        self.assertEqual(bytes(signature.data), images.KEPT_JPEG)
        self.assertEqual(signature.signer_name, "张母")

    def test_a_refused_consent_saves_nothing_and_keeps_the_drawn_signature(self):
        response = self.post_form(self.case, "consent", self.written(
            exceptions_explained="", client_signed_on=""))
        self.assert_field_error(response, "exceptions_explained",
                                "Explain the exceptions to confidentiality")
        self.assert_field_error(response, "client_signed_on", "This field is required.")
        self.assertFalse(Consent.objects.filter(case=self.case).exists())
        self.assertFalse(Signature.objects.exists())
        self.assertContains(response, f'value="{DATA_URL}"')

    def test_a_refused_consent_keeps_an_uploaded_scan_for_the_next_try(self):
        scan = SimpleUploadedFile("consent.png", PNG, content_type="image/png")
        response = self.post_form(self.case, "consent", self.written(
            client_signature="", client_signature_scan=scan, worker_signed_on=""))
        self.assert_field_error(response, "worker_signed_on")
        self.assertFalse(Signature.objects.exists())
        self.assertContains(response, f'value="{DATA_URL}"')
        self.assertContains(response, 'name="client_signature_kind" value="scan"')

    def test_a_written_consent_needs_a_signature_and_refuses_a_file_that_is_no_image(self):
        response = self.post_form(self.case, "consent", self.written(client_signature=""))
        self.assert_field_error(response, "client_signature", "must sign")
        scan = SimpleUploadedFile("consent.pdf", b"%PDF-1.4", content_type="application/pdf")
        response = self.post_form(self.case, "consent", self.written(
            client_signature="", client_signature_scan=scan))
        self.assert_field_error(response, "client_signature", "PNG or JPEG")
        response = self.post_form(self.case, "consent", self.written(
            client_signature="data:image/png;base64,@@@"))
        self.assert_field_error(response, "client_signature", "could not be read")
        self.assertFalse(Consent.objects.exists())
        self.assertFalse(Signature.objects.exists())

    def test_a_guardian_must_be_named(self):
        response = self.post_form(self.case, "consent", self.written(signer="guardian"))
        self.assert_field_error(response, "signer_name", "Enter the name of the person who signed.")
        self.assertNotContains(response, 'data-field-error="client_signature"')
        self.assertFalse(Signature.objects.exists())


class ApplicationPageTest(DocumentPageTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.open_case("application")

    def test_the_page_shows_the_client_and_the_saved_answers(self):
        response = self.client.get(self.edit(self.case, "application"))
        self.assertContains(response, self.p.client_a.name)
        self.assertContains(response, self.case.case_number)
        self.assertContains(response, 'name="not_accepted_grounds"')

    def test_it_saves_a_decision_and_the_source(self):
        response = self.post_form(self.case, "application", {
            "source": "referred", "source_detail": "社区居委会转介",
            "needs": "希望改善睡眠", "decision": "accepted"})
        self.assert_saved(response, self.case)
        self.case.refresh_from_db()
        application = self.case.application
        self.assertEqual((application.decision, application.decided_by),
                         ("accepted", self.p.wang_fang))
        self.assertEqual((self.case.source, self.case.source_detail),
                         ("referred", "社区居委会转介"))

    def test_not_accepting_needs_grounds_and_handling_and_keeps_the_input(self):
        response = self.post_form(self.case, "application", {
            "source": "found_by_worker", "source_detail": "",
            "needs": "需要就业帮助", "decision": "not_accepted"})
        self.assert_field_error(response, "not_accepted_grounds",
                                "Tick at least one ground for not accepting.")
        self.assert_field_error(response, "not_accepted_handling")
        self.assert_field_error(response, "source_detail", "Say who found or referred")
        self.assertContains(response, "需要就业帮助")
        self.case.refresh_from_db()
        self.assertEqual(self.case.application.decision, "")
        self.assertEqual(self.case.source, "sought_help")


class AssessmentPageTest(DocumentPageTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.open_case("assessment")

    def test_risk_level_and_disease_status_come_first(self):
        content = self.client.get(self.edit(self.case, "assessment")).content.decode()
        risk = content.index('name="risk_level"')
        self.assertLess(risk, content.index('name="bio_psycho_social"'))
        self.assertLess(content.index('name="disease_type"'),
                        content.index('name="bio_psycho_social"'))

    def test_it_saves_a_draft_and_then_refuses_to_complete_an_incomplete_one(self):
        response = self.post_form(self.case, "assessment", {
            "filled_on": self.today.isoformat(), "risk_level": "2", "disease_type": "抑郁症"})
        self.assert_saved(response, self.case)
        assessment = Assessment.objects.get(case=self.case)
        self.assertEqual((assessment.risk_level, assessment.completed_at), (2, None))
        response = self.post_form(self.case, "assessment", {
            "filled_on": self.today.isoformat(), "risk_level": "2", "disease_type": "抑郁症",
            "complete": "1"})
        self.assert_field_error(response, "medication", "This field is required.")
        assessment.refresh_from_db()
        self.assertIsNone(assessment.completed_at)

    def test_completing_locks_the_assessment(self):
        data = {"filled_on": self.today.isoformat(), "risk_level": "1", "complete": "1"}
        for name in ("disease_type", "medication", "social_security", "family_situation",
                     "bio_psycho_social", "environment", "client_view", "needs_analysis",
                     "resources_analysis", "problem_diagnosis", "prioritised_needs"):
            data[name] = "内容"
        data["stability"] = "stable"
        self.assert_saved(self.post_form(self.case, "assessment", data), self.case)
        self.assertIsNotNone(Assessment.objects.get(case=self.case).completed_at)
        self.assertContains(self.client.get(self.edit(self.case, "assessment")),
                            'id="form-locked"')
        response = self.post_form(self.case, "assessment", data)
        self.assertContains(response, "can no longer be changed")


class PlanPageTest(DocumentPageTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.open_case("planning")

    def rows(self, *rows: dict, total: int | None = None) -> dict:
        data = {"rows-TOTAL_FORMS": str(total if total is not None else len(rows)),
                "rows-INITIAL_FORMS": "0"}
        for number, row in enumerate(rows):
            data.update({f"rows-{number}-{name}": value for name, value in row.items()})
        return data

    def test_a_new_plan_offers_three_empty_rows(self):
        response = self.client.get(self.edit(self.case, "plan"))
        self.assertContains(response, 'name="rows-TOTAL_FORMS" value="3"')

    def test_it_saves_goals_and_rows(self):
        row = {"timing": "第1-4周", "strategy": "疾病管理", "method": "家访",
               "evaluation_method": "服药记录"}
        response = self.post_form(self.case, "plan", {
            "overall_goal": "稳定病情", "goals": "规律服药\n改善沟通",
            **self.rows(row, {}, total=2)})
        self.assert_saved(response, self.case)
        plan = ServicePlan.objects.get(case=self.case)
        self.assertEqual(plan.goal_list, ["规律服药", "改善沟通"])
        self.assertEqual([r.strategy for r in plan.rows.all()], ["疾病管理"])
        self.assertEqual(plan.status, ReviewStatus.DRAFT)

    def test_adding_a_row_keeps_the_input_and_saves_nothing(self):
        response = self.post_form(self.case, "plan", {
            "overall_goal": "稳定病情", "add_row": "1",
            **self.rows({"timing": "第1周"})})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="rows-TOTAL_FORMS" value="2"')
        self.assertContains(response, 'name="rows-1-timing"')
        self.assertContains(response, "第1周")
        self.assertContains(response, "稳定病情")
        self.assertFalse(ServicePlan.objects.filter(case=self.case).exists())

    def test_a_plan_without_rows_or_goals_is_refused(self):
        response = self.post_form(self.case, "plan", {
            "overall_goal": "", "goals": "", **self.rows({"timing": "第1周"})})
        self.assert_field_error(response, "overall_goal")
        self.assert_field_error(response, "goals", "Write at least one goal.")
        self.assert_field_error(response, "rows", "Row 1")
        self.assertContains(response, "第1周")
        self.assertFalse(ServicePlan.objects.filter(case=self.case).exists())


class ServiceRecordPageTest(DocumentPageTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.open_case("intervention")

    def record(self, **overrides) -> dict:
        started = timezone.localtime() - datetime.timedelta(hours=1)
        data = {"mode": "home_visit", "started_at": started.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": "50", "place": "四川省成都市武侯区玉林街道",
                "participants": "服务对象、母亲", "staff": "王芳", "goal": "了解服药情况",
                "content": "服务对象自述按时服药。", **HOME_VISIT_SAFETY,
                "staff_members": [self.p.wang_fang.pk, self.p.li_qiang.pk]}
        data.update(overrides)
        return data

    def test_it_adds_the_next_session(self):
        before = ServiceRecord.objects.filter(case=self.case).count()
        response = self.post_form(self.case, "service_record", self.record())
        self.assert_saved(response, self.case)
        newest = ServiceRecord.objects.filter(case=self.case).order_by("-session_number")[0]
        self.assertEqual(newest.session_number, before + 1)
        self.assertEqual(newest.place, "四川省成都市武侯区玉林街道")

    def test_recording_the_consent_does_not_allow_is_greyed_out_and_refused(self):
        response = self.client.get(self.edit(self.case, "service_record"))
        self.assertContains(response, "does not allow this")
        self.assertRegex(response.content.decode(), r'name="audio_recorded"[^>]*disabled')
        before = ServiceRecord.objects.count()
        response = self.post_form(self.case, "service_record", self.record(
            audio_recorded="on", audio_reference="A-1", duration_minutes="0"))
        self.assert_field_error(response, "audio_recorded", "does not cover audio recording")
        self.assert_field_error(response, "duration_minutes", "between 1 and 1440")
        self.assertContains(response, "服务对象自述按时服药。")
        self.assertEqual(ServiceRecord.objects.count(), before)

    def test_recording_is_offered_when_the_consent_in_force_allows_it(self):
        scenarios.consent(self.case, self.p.wang_fang, today=self.today, audio=True)
        response = self.client.get(self.edit(self.case, "service_record"))
        self.assertNotRegex(response.content.decode(), r'name="audio_recorded"[^>]*disabled')
        response = self.post_form(self.case, "service_record", self.record(
            audio_recorded="on", audio_reference="A-7"))
        self.assert_saved(response, self.case)
        self.assertTrue(ServiceRecord.objects.filter(audio_reference="A-7").exists())


class EvaluationAndClosurePageTest(DocumentPageTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.open_case("evaluation")

    def evaluation(self, **overrides) -> dict:
        data = {"evaluated_on": self.today.isoformat(), "services_received": "家访、电访",
                "coping_improved": "yes", "satisfaction": "5", "improvement": "8",
                "goal_attainment": "full", "process_evaluation": "共服务8次",
                "outcome_evaluation": "服药规律"}
        data.update(overrides)
        return data

    def closure(self, **overrides) -> dict:
        data = {"filled_on": self.today.isoformat(),
                "planned_closing_date": self.today.isoformat(),
                "client_told_on": (self.today - datetime.timedelta(days=7)).isoformat(),
                "reasons": ["goal_reached"],
                "client_knows_how_to_return": "True", "summary": "目标达成",
                "follow_up_plan": "每月电访", "follow_up_count": "2",
                "follow_up_interval_days": "30"}
        data.update(overrides)
        return data

    def test_the_evaluation_page_offers_satisfaction_and_improvement_as_pills(self):
        response = self.client.get(self.edit(self.case, "evaluation"))
        self.assertEqual(response.content.decode().count('name="satisfaction"'), 5)
        self.assertEqual(response.content.decode().count('name="improvement"'), 10)

    def test_it_saves_the_evaluation(self):
        self.assert_saved(self.post_form(self.case, "evaluation", self.evaluation()), self.case)
        evaluation = Evaluation.objects.get(case=self.case)
        self.assertEqual((evaluation.satisfaction, evaluation.improvement), (5, 8))

    def test_an_unanswered_question_and_a_missing_reason_are_shown_at_their_fields(self):
        response = self.post_form(self.case, "evaluation", self.evaluation(
            satisfaction="", goal_attainment="partial"))
        self.assert_field_error(response, "satisfaction", "This field is required.")
        self.assert_field_error(response, "attainment_reason", "Explain why the goals")
        self.assertFalse(Evaluation.objects.filter(case=self.case).exists())

    def test_it_saves_the_closing_form(self):
        self.assert_saved(self.post_form(self.case, "closure", self.closure()), self.case)
        closure = Closure.objects.get(case=self.case)
        self.assertEqual((closure.reasons, closure.client_knows_how_to_return),
                         (["goal_reached"], True))

    def test_a_closing_reason_other_than_the_goal_needs_details(self):
        response = self.post_form(self.case, "closure", self.closure(
            reasons=["not_suitable"], client_told_on=(
                self.today + datetime.timedelta(days=1)).isoformat()))
        self.assert_field_error(response, "reason_detail", "Explain the reason for closing.")
        self.assert_field_error(response, "client_told_on")
        self.assertFalse(Closure.objects.filter(case=self.case).exists())


class SubmitAndReviewTest(DocumentPageTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.open_case("planning")
        self.plan = scenarios.plan(self.case, self.p.wang_fang, today=self.today, submit=False)

    def url(self, name: str, document=None, code: str = "plan") -> str:
        document = document or self.plan
        return reverse(f"cases:document_{name}", args=[self.case.pk, code, document.pk])

    def submit(self, **overrides):
        data = {"signer_name": "张伟", "client_signature": DATA_URL,
                "client_signature_kind": "drawn", "client_confirmed_on": self.today.isoformat(),
                "worker_confirms": "on", **read_edit_fields(self.client, self.url("submit"))}
        data.update(overrides)
        return self.client.post(self.url("submit"), data)

    def test_the_client_signs_and_the_worker_confirms(self):
        self.assert_saved(self.submit(), self.case)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, ReviewStatus.SUBMITTED)
        self.assertEqual(bytes(self.plan.client_signature.data), images.KEPT_PNG)
        self.assertEqual(self.plan.worker_confirmed_by, self.p.wang_fang)
        self.assert_audited("plan.submitted", actor=self.p.wang_fang, target=self.plan)

    def test_a_scan_may_stand_for_the_drawn_signature(self):
        scan = SimpleUploadedFile("d.jpg", JPEG, content_type="image/jpeg")
        self.assert_saved(self.submit(client_signature="", client_signature_scan=scan),
                          self.case)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.client_signature.kind, SignatureKind.SCAN)

    def test_without_a_signature_or_the_workers_tick_nothing_is_submitted(self):
        before = Signature.objects.count()
        response = self.submit(client_signature="")
        self.assert_field_error(response, "client_signature", "must sign")
        response = self.submit(worker_confirms="")
        self.assert_field_error(response, "worker_confirms")
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, ReviewStatus.DRAFT)
        self.assertEqual(Signature.objects.count(), before)

    def test_a_refused_submission_keeps_no_signature(self):
        before = Signature.objects.count()
        response = self.submit(client_confirmed_on=(
            self.today + datetime.timedelta(days=2)).isoformat())
        self.assert_field_error(response, "client_confirmed_on", "cannot be in the future")
        self.assertEqual(Signature.objects.count(), before)

    def test_the_supervisor_approves(self):
        self.submit()
        self.client.force_login(self.p.chen_min)
        response = self.client.get(self.url("review"))
        self.assertContains(response, "疾病管理")
        response = self.client.post(self.url("review"), {"decision": "approved"})
        self.assert_saved(response, self.case)
        self.plan.refresh_from_db()
        self.assertEqual((self.plan.status, self.plan.approved_by),
                         (ReviewStatus.APPROVED, self.p.chen_min))

    def test_returning_needs_a_comment_which_the_worker_then_sees(self):
        self.submit()
        self.client.force_login(self.p.chen_min)
        response = self.client.post(self.url("review"), {"decision": "returned", "comment": ""})
        self.assert_field_error(response, "comment", "Say what should change")
        self.assertFalse(Review.objects.exists())
        response = self.client.post(self.url("review"), {"decision": "returned",
                                                         "comment": "补充家庭层面的目标"})
        self.assert_saved(response, self.case)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, ReviewStatus.RETURNED)
        self.client.force_login(self.p.wang_fang)
        self.assertContains(self.client.get(self.edit(self.case, "plan")), "补充家庭层面的目标")
        view = self.client.get(self.url("view"))
        self.assertContains(view, 'id="review-history"')
        self.assertContains(view, "补充家庭层面的目标")

    def test_nobody_reviews_a_form_of_their_own_case(self):
        """陈敏 runs a case herself: she may submit its plan but not approve it."""
        self.client.force_login(self.p.chen_min)
        case = self.open_case("planning", worker=self.p.chen_min, supervisor=None)
        plan = scenarios.plan(case, self.p.chen_min, today=self.today)
        url = reverse("cases:document_review", args=[case.pk, "plan", plan.pk])
        response = self.client.post(url, {"decision": "approved"})
        self.assert_field_error(response, "decision", "another supervisor must")
        plan.refresh_from_db()
        self.assertEqual(plan.status, ReviewStatus.SUBMITTED)

    def test_reviewing_a_form_not_awaiting_approval_is_a_message(self):
        self.client.force_login(self.p.chen_min)
        response = self.client.get(self.url("review"))
        self.assertContains(response, 'id="form-locked"')
        response = self.client.post(self.url("review"), {"decision": "approved"})
        self.assertContains(response, "Only a form awaiting approval can be reviewed.")

    def test_the_closing_form_is_confirmed_and_approved_the_same_way(self):
        case = self.open_case("evaluation")
        scenarios.evaluate(case, self.p.wang_fang, today=self.today)
        closure = scenarios.closure(case, self.p.wang_fang, today=self.today, submit=False)
        url = reverse("cases:document_submit", args=[case.pk, "closure", closure.pk])
        response = self.client.post(url, {
            **read_edit_fields(self.client, url),
            "signer_name": "张伟", "client_signature": DATA_URL, "client_signature_kind": "drawn",
            "client_confirmed_on": self.today.isoformat(), "worker_confirms": "on"})
        self.assert_saved(response, case)
        self.client.force_login(self.p.chen_min)
        url = reverse("cases:document_review", args=[case.pk, "closure", closure.pk])
        self.assert_saved(self.client.post(url, {"decision": "approved"}), case)
        closure.refresh_from_db()
        self.assertTrue(closure.is_approved)


class ReadingTest(DocumentPageTestCase):
    """Every form of a closed case reads back with its fields, signatures and PDF link."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        case = actions.do_open_case(cls.p.client_a, acting_user=cls.p.wang_fang,
                                    worker=cls.p.wang_fang, supervisor=cls.p.chen_min,
                                    source="sought_help", application_date=cls.today)
        cls.case = scenarios.advance(case, "closed", worker=cls.p.wang_fang,
                                     supervisor=cls.p.chen_min)

    def documents(self) -> dict:
        case = self.case
        return {
            "consent": Consent.objects.get(case=case),
            "application": case.application,
            "assessment": Assessment.objects.get(case=case),
            "plan": ServicePlan.objects.get(case=case),
            "service_record": ServiceRecord.objects.get(case=case),
            "evaluation": Evaluation.objects.get(case=case),
            "closure": Closure.objects.get(case=case),
        }

    def test_every_form_reads_back(self):
        expected = {"consent": "Form of consent", "application": "希望改善睡眠",
                    "assessment": "精神分裂症", "plan": "家庭关系协调",
                    "service_record": "服务对象家中客厅", "evaluation": "社区活动参与尚不稳定",
                    "closure": "服务目标基本达成"}
        for code, document in self.documents().items():
            with self.subTest(code=code):
                url = reverse("cases:document_view", args=[self.case.pk, code, document.pk])
                response = self.client.get(url)
                self.assertContains(response, expected[code])
                self.assertContains(response, f"/cases/{self.case.pk}/print/{code}/"
                                              f"{document.pk}.pdf")
                self.assert_audited("case.document_viewed", actor=self.p.wang_fang,
                                    target=document)

    def test_the_plan_shows_its_signature_and_review_history(self):
        plan = ServicePlan.objects.get(case=self.case)
        response = self.client.get(reverse("cases:document_view",
                                           args=[self.case.pk, "plan", plan.pk]))
        self.assertContains(response, reverse("cases:signature",
                                              args=[self.case.pk, plan.client_signature_id]))
        self.assertContains(response, 'id="review-history"')
        self.assertContains(response, "陈敏")

    def test_the_signature_image_is_served_to_those_who_may_read_the_case(self):
        signature = ServicePlan.objects.get(case=self.case).client_signature
        url = reverse("cases:signature", args=[self.case.pk, signature.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertEqual(response.content, images.KEPT_PNG)
        self.client.force_login(self.p.archivist_a)
        self.assertEqual(self.client.get(url).status_code, 200)
        for user, expected in ((self.p.zhao_lei, 404), (self.p.li_qiang, 404),
                               (self.p.viewer, 403)):
            self.client.force_login(user)
            with self.subTest(user=user):
                self.assertEqual(self.client.get(url).status_code, expected)

    def test_a_signature_of_another_case_is_not_served_through_this_one(self):
        other = actions.do_open_case(self.p.client_a2, acting_user=self.p.li_qiang,
                                     worker=self.p.li_qiang, source="sought_help",
                                     application_date=self.today)
        scenarios.consent(other, self.p.li_qiang, today=self.today)
        foreign = Consent.objects.get(case=other).client_signature
        url = reverse("cases:signature", args=[self.case.pk, foreign.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        unattached = Signature.objects.create(
            kind="drawn", content_type="image/png", data=PNG, sha256="0" * 64,
            signer_name="某人", uploaded_by=self.p.wang_fang,
            organization_id=self.case.organization_id)
        url = reverse("cases:signature", args=[self.case.pk, unattached.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
