"""Forms A–G of the CMH standard (appendices A–G) through their actions: every refusal names the
field at fault and saves nothing; every save writes its audit event."""

import base64
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from anxin.audit.models import AuditEvent
from anxin.cases import actions, facts, scenarios
from anxin.cases.actions import DocumentLocked
from anxin.cases.actions.signatures import MAX_SIGNATURE_BYTES
from anxin.cases.models import (
    Assessment,
    CaseApplication,
    Closure,
    Consent,
    Evaluation,
    PlanRow,
    ServicePlan,
    ServiceRecord,
    Signature,
)
from anxin.cases.tests import images
from anxin.core.exceptions import NotPermitted
from anxin.workspace.testing.cases import PersonaTestCase

D = datetime.date
APPLIED = D(2026, 9, 28)  # a Monday, in a year whose holiday schedule is known
SIGNED = D(2026, 9, 29)
PNG = scenarios.BLANK_PNG
JPEG = images.JPEG
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,"


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


class DocumentTestCase(PersonaTestCase):
    """王芳 is the worker of 张伟's case, 陈敏 its supervisor."""

    def open_case(self):
        return actions.do_open_case(
            self.p.client_a, acting_user=self.p.wang_fang, worker=self.p.wang_fang,
            supervisor=self.p.chen_min, source="sought_help", application_date=APPLIED,
            needs="失眠、与家人关系紧张")

    def case_in(self, stage: str):
        return scenarios.advance(self.open_case(), stage, worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min)

    def sign(self, name: str = "张伟"):
        return scenarios.signature(name, self.p.wang_fang)

    def assert_refused(self, fields, call, *models):
        """`call` raises a ValidationError naming each of `fields`, and no row of `models` and
        no audit event is written."""
        before = {model: model.objects.count() for model in models}
        events = AuditEvent.objects.count()
        with self.assertRaises(ValidationError) as caught:
            call()
        errors = caught.exception.message_dict
        for name in fields:
            self.assertIn(name, errors, f"{name} not named in {errors}")
        for model, count in before.items():
            self.assertEqual(model.objects.count(), count, f"{model.__name__} rows changed")
        self.assertEqual(AuditEvent.objects.count(), events, "an audit event was written")
        return errors


# --- A: informed consent ----------------------------------------------------------------------

class ConsentTests(DocumentTestCase):
    def consent(self, case, data, signature=None):
        return actions.do_record_consent(case, acting_user=self.p.wang_fang, data=data,
                                         signature=signature)

    def test_a_verbal_notice_needs_the_date_the_client_was_informed(self):
        case = self.open_case()
        self.assert_refused(["informed_on"], lambda: self.consent(
            case, {"mode": "verbal", "exceptions_explained": True}), Consent)

    def test_a_verbal_notice_records_who_informed_the_client_and_is_audited(self):
        case = self.open_case()
        consent = self.consent(case, {"mode": "verbal", "exceptions_explained": True,
                                      "informed_on": SIGNED, "signer": "guardian",
                                      "signer_name": "张建国", "client_signed_on": SIGNED})
        consent.refresh_from_db()
        self.assertEqual(consent.informed_by, self.p.wang_fang)
        self.assertEqual(consent.informed_on, SIGNED)
        # A verbal notice carries no signatures, whatever the form sent along.
        self.assertEqual((consent.signer, consent.signer_name, consent.client_signed_on),
                         ("", "", None))
        self.assertTrue(consent.is_complete)
        event = self.assert_audited("consent.recorded", actor=self.p.wang_fang, target=consent,
                                    client=self.p.client_a)
        self.assertEqual(event.data["mode"], "verbal")
        self.assertIn("consent.signed", facts.satisfied(case))

    def test_a_written_agreement_needs_the_signature_the_signer_and_both_dates(self):
        case = self.open_case()
        self.assert_refused(
            ["client_signature", "signer", "client_signed_on", "worker_signed_on"],
            lambda: self.consent(case, {"mode": "written", "exceptions_explained": True}),
            Consent)

    def test_a_written_agreement_signed_by_the_client_takes_the_clients_name(self):
        case = self.open_case()
        signature = self.sign()
        consent = self.consent(case, {"mode": "written", "exceptions_explained": True,
                                      "signer": "client", "client_signed_on": SIGNED,
                                      "worker_signed_on": SIGNED, "informed_on": SIGNED},
                               signature=signature)
        consent.refresh_from_db()
        self.assertEqual(consent.signer_name, "张伟")
        self.assertEqual(bytes(consent.client_signature.data), signature.cleaned[0])
        self.assertEqual(consent.client_signature.signer_name, "张伟")
        self.assertEqual(consent.worker_signed_by, self.p.wang_fang)
        self.assertIsNone(consent.informed_on)
        self.assertTrue(consent.is_complete)
        self.assert_audited("consent.recorded", actor=self.p.wang_fang, target=consent,
                            client=self.p.client_a)

    def test_a_guardian_who_signs_must_be_named(self):
        case = self.open_case()
        data = {"mode": "written", "exceptions_explained": True, "signer": "guardian",
                "client_signed_on": SIGNED, "worker_signed_on": SIGNED}
        self.assert_refused(["signer_name"], lambda: self.consent(
            case, data, signature=self.sign("张建国")), Consent)
        consent = self.consent(case, {**data, "signer_name": " 张建国 "},
                               signature=self.sign("张建国"))
        self.assertEqual(consent.signer_name, "张建国")

    def test_the_exceptions_to_confidentiality_must_be_explained(self):
        """CMH-A: harm to self or others, legal duty and de-identified supervision are the
        limits of confidentiality; consent is not informed without them."""
        case = self.open_case()
        self.assert_refused(["exceptions_explained"], lambda: self.consent(
            case, {"mode": "verbal", "exceptions_explained": False, "informed_on": SIGNED}),
            Consent)

    def test_a_form_of_consent_must_be_chosen(self):
        case = self.open_case()
        for mode in ("", "email"):
            with self.subTest(mode=mode):
                self.assert_refused(["mode"], lambda mode=mode: self.consent(
                    case, {"mode": mode, "exceptions_explained": True,
                           "informed_on": SIGNED}), Consent)

    def test_dates_in_the_future_are_refused(self):
        case = self.open_case()
        self.assert_refused(["informed_on"], lambda: self.consent(
            case, {"mode": "verbal", "exceptions_explained": True, "informed_on": tomorrow()}),
            Consent)
        written = {"mode": "written", "exceptions_explained": True, "signer": "client",
                   "client_signed_on": SIGNED, "worker_signed_on": SIGNED}
        for field in ("client_signed_on", "worker_signed_on"):
            with self.subTest(field=field):
                self.assert_refused([field], lambda field=field: self.consent(
                    case, {**written, field: tomorrow()}, signature=self.sign()), Consent)

    def test_a_new_consent_is_a_new_row_and_the_earlier_one_stays_on_file(self):
        case = self.open_case()
        data = {"mode": "verbal", "exceptions_explained": True, "informed_on": SIGNED}
        first = self.consent(case, data)
        second = self.consent(case, {**data, "audio_recording_allowed": True})
        self.assertEqual(list(Consent.objects.filter(case=case)), [first, second])
        self.assertEqual(facts.latest_consent(case), second)

    def test_no_consent_is_recorded_on_a_case_that_is_over(self):
        case = self.open_case()
        actions.do_save_application(case, acting_user=self.p.wang_fang, data={
            "needs": "希望获得就业帮助", "decision": "not_accepted",
            "not_accepted_grounds": ["beyond_centre"], "not_accepted_handling": ["referred"]})
        case = actions.do_transition(case, "decline", acting_user=self.p.wang_fang,
                                     reason="就业服务超出本中心服务范围，已转介至街道就业服务站")
        with self.assertRaises(DocumentLocked):
            self.consent(case, {"mode": "verbal", "exceptions_explained": True,
                                "informed_on": SIGNED})
        self.assertFalse(Consent.objects.exists())


# --- B: application ---------------------------------------------------------------------------

class ApplicationTests(DocumentTestCase):
    def save(self, case, **data):
        data.setdefault("needs", "希望改善睡眠，恢复与家人的沟通")
        return actions.do_save_application(case, acting_user=self.p.wang_fang, data=data)

    def assert_application_unchanged(self, case):
        application = CaseApplication.objects.get(case=case)
        self.assertEqual((application.decision, application.decided_by), ("", None))

    def test_not_accepting_needs_a_ground_and_how_the_client_was_handled(self):
        case = self.open_case()
        self.assert_refused(["not_accepted_grounds", "not_accepted_handling"],
                            lambda: self.save(case, decision="not_accepted"), CaseApplication)
        self.assert_application_unchanged(case)

    def test_an_other_ground_or_handling_needs_details(self):
        case = self.open_case()
        for grounds, handling in ((["other"], ["told_reason"]), (["beyond_worker"], ["other"])):
            with self.subTest(grounds=grounds, handling=handling):
                self.assert_refused(["decision_detail"], lambda g=grounds, h=handling: self.save(
                    case, decision="not_accepted", not_accepted_grounds=g,
                    not_accepted_handling=h))
        self.assert_application_unchanged(case)

    def test_an_unknown_ground_is_refused(self):
        case = self.open_case()
        self.assert_refused(["not_accepted_grounds"], lambda: self.save(
            case, decision="not_accepted", not_accepted_grounds=["too_busy"],
            not_accepted_handling=["told_reason"]))

    def test_a_decision_not_to_accept_is_saved_with_who_decided(self):
        case = self.open_case()
        application = self.save(case, decision="not_accepted",
                                not_accepted_grounds=["client_refused"],
                                not_accepted_handling=["told_reason"], brief_kind="temporary")
        application.refresh_from_db()
        self.assertEqual(application.not_accepted_grounds, ["client_refused"])
        self.assertEqual(application.brief_kind, "")
        self.assertEqual(application.decided_by, self.p.wang_fang)
        self.assertEqual(application.decided_on, timezone.localdate())
        event = self.assert_audited("application.saved", actor=self.p.wang_fang,
                                    target=application, client=self.p.client_a)
        self.assertEqual(event.data["decision"], "not_accepted")
        self.assertIn("application.not_accepted", facts.satisfied(case))

    def test_brief_help_needs_its_kind_and_other_needs_details(self):
        case = self.open_case()
        self.assert_refused(["brief_kind"], lambda: self.save(case, decision="brief"))
        self.assert_refused(["decision_detail"],
                            lambda: self.save(case, decision="brief", brief_kind="other"))
        application = self.save(case, decision="brief", brief_kind="consultation",
                                not_accepted_grounds=["other"])
        self.assertEqual(application.not_accepted_grounds, [])
        self.assertIn("application.accepted_simple", facts.satisfied(case))

    def test_the_needs_are_required(self):
        case = self.open_case()
        self.assert_refused(["needs"], lambda: self.save(case, needs="   ", decision="accepted"))

    def test_a_source_other_than_seeking_help_needs_details_and_nothing_is_changed(self):
        case = self.open_case()
        self.assert_refused(["source_detail"], lambda: self.save(
            case, decision="accepted", source="referred", source_detail=" "))
        self.assert_refused(["source"], lambda: self.save(case, decision="accepted",
                                                          source="walked_in"))
        case.refresh_from_db()
        self.assertEqual(case.source, "sought_help")
        self.assert_application_unchanged(case)
        self.save(case, decision="accepted", source="referred", source_detail="玉林街道办事处")
        case.refresh_from_db()
        self.assertEqual((case.source, case.source_detail), ("referred", "玉林街道办事处"))

    def test_an_undecided_application_has_no_decider(self):
        case = self.open_case()
        application = self.save(case, decision="accepted")
        application = self.save(case, decision="")
        self.assertEqual((application.decided_by, application.decided_on), (None, None))
        self.assertNotIn("application.accepted", facts.satisfied(case))

    def test_the_decision_is_taken_only_in_the_application_stage(self):
        case = self.case_in("intake")
        with self.assertRaises(DocumentLocked):
            self.save(case, decision="not_accepted", not_accepted_grounds=["client_refused"],
                      not_accepted_handling=["told_reason"])
        self.assertEqual(CaseApplication.objects.get(case=case).decision, "accepted")

    def test_brief_help_can_only_be_turned_into_a_full_case(self):
        case = self.open_case()
        scenarios.consent(case, self.p.wang_fang, today=SIGNED)
        self.save(case, decision="brief", brief_kind="temporary")
        case = actions.do_transition(case, "accept_simple", acting_user=self.p.wang_fang)
        self.assert_refused(["decision"], lambda: self.save(
            case, decision="not_accepted", not_accepted_grounds=["client_refused"],
            not_accepted_handling=["told_reason"]))
        self.save(case, decision="accepted")
        case = actions.do_transition(case, "accept", acting_user=self.p.wang_fang)
        self.assertEqual(case.stage, "intake")


# --- C: assessment ----------------------------------------------------------------------------

FULL_ASSESSMENT = {
    "filled_on": D(2026, 10, 9), "disease_type": "精神分裂症", "risk_level": 2,
    "medication": "利培酮，遵医嘱服药", "stability": "unstable",
    "social_security": "城乡居民医保、低保", "family_situation": "与母亲同住，父亲已故",
    "bio_psycho_social": "睡眠差，情绪低落，回避社交。",
    "environment": "社区有康复站，邻里支持一般。",
    "client_view": "觉得自己拖累了家人。", "needs_analysis": "规律服药与作息；缓解家庭冲突。",
    "resources_analysis": "母亲愿意配合；社区医生每月随访。",
    "problem_diagnosis": "服药依从性差导致病情波动。",
    "prioritised_needs": "1. 服药管理 2. 家庭沟通 3. 社区参与",
}


class AssessmentTests(DocumentTestCase):
    def save(self, case, data, complete=False):
        return actions.do_save_assessment(case, acting_user=self.p.wang_fang, data=data,
                                          complete=complete)

    def test_a_draft_can_be_saved_with_only_the_date(self):
        case = self.case_in("assessment")
        draft = self.save(case, {"filled_on": D(2026, 10, 9), "disease_type": "精神分裂症"})
        self.assertIsNone(draft.completed_at)
        self.assertIsNone(draft.risk_level)
        self.assertEqual(draft.episode, 1)
        self.assert_audited("assessment.saved", actor=self.p.wang_fang, target=draft,
                            client=self.p.client_a)
        # Saving again fills the same draft.
        again = self.save(case, {"risk_level": 1})
        self.assertEqual((again.pk, again.disease_type, again.risk_level),
                         (draft.pk, "精神分裂症", 1))
        self.assertEqual(Assessment.objects.count(), 1)

    def test_even_a_draft_needs_a_date_that_is_not_in_the_future(self):
        case = self.case_in("assessment")
        self.assert_refused(["filled_on"], lambda: self.save(case, {"disease_type": "抑郁症"}),
                            Assessment)
        self.assert_refused(["filled_on"], lambda: self.save(case, {"filled_on": tomorrow()}),
                            Assessment)

    def test_completing_needs_every_part_of_the_form(self):
        case = self.case_in("assessment")
        self.save(case, {"filled_on": D(2026, 10, 9), "disease_type": "精神分裂症"})
        errors = self.assert_refused(
            set(FULL_ASSESSMENT) - {"filled_on", "disease_type", "medication"},
            lambda: self.save(case, {"medication": "遵医嘱服药"}, complete=True), Assessment)
        self.assertNotIn("disease_type", errors)
        draft = Assessment.objects.get(case=case)
        self.assertIsNone(draft.completed_at)
        self.assertEqual(draft.medication, "")  # the refused save changed nothing

    def test_completing_asks_for_the_risk_level_first(self):
        """CMH-6.2: the disease status, and its risk level above all, comes first."""
        case = self.case_in("assessment")
        data = {**FULL_ASSESSMENT, "risk_level": None}
        with translation.override("en"):
            errors = self.assert_refused(["risk_level"],
                                         lambda: self.save(case, data, complete=True),
                                         Assessment)
            self.assertEqual(errors["risk_level"],
                             ["Record the risk level before completing the assessment."])

    def test_a_risk_level_outside_0_to_5_and_an_unknown_stability_are_refused(self):
        case = self.case_in("assessment")
        self.assert_refused(["risk_level", "stability"], lambda: self.save(
            case, {**FULL_ASSESSMENT, "risk_level": 6, "stability": "so_so"}), Assessment)

    def test_a_completed_assessment_is_audited_and_locked(self):
        case = self.case_in("assessment")
        assessment = self.save(case, FULL_ASSESSMENT, complete=True)
        self.assertIsNotNone(assessment.completed_at)
        event = self.assert_audited("assessment.completed", actor=self.p.wang_fang,
                                    target=assessment, client=self.p.client_a)
        self.assertEqual(event.data["risk_level"], 2)
        self.assertTrue({"assessment.risk_level_recorded", "assessment.complete"}
                        <= facts.satisfied(case))
        with self.assertRaises(DocumentLocked):
            self.save(case, {"risk_level": 0})
        assessment.refresh_from_db()
        self.assertEqual(assessment.risk_level, 2)

    def test_no_assessment_before_the_case_is_open(self):
        case = self.open_case()
        with self.assertRaises(DocumentLocked):
            self.save(case, FULL_ASSESSMENT)
        self.assertFalse(Assessment.objects.exists())


# --- D: plan ----------------------------------------------------------------------------------

ROW_1 = {"timing": "第1-4周", "strategy": "疾病管理", "method": "家访、电访",
         "client_responsibility": "按时服药并记录", "roles": "社工督促，母亲协助",
         "evaluation_method": "服药记录"}
ROW_2 = {"timing": "第5-8周", "strategy": "家庭关系协调", "method": "家庭会谈",
         "client_responsibility": "参与会谈", "roles": "社工引导",
         "evaluation_method": "家庭关系自评"}
PLAN = {"overall_goal": "稳定病情，恢复基本社会功能。", "goals": "规律服药\n改善家庭沟通"}


class PlanTests(DocumentTestCase):
    def save(self, case, data=PLAN, rows=(ROW_1, ROW_2)):
        return actions.do_save_plan(case, acting_user=self.p.wang_fang, data=dict(data),
                                    rows=list(rows))

    def submit(self, plan):
        return actions.do_submit_for_approval(plan, acting_user=self.p.wang_fang,
                                              client_signature=self.sign(),
                                              client_confirmed_on=SIGNED)

    def test_a_plan_needs_an_overall_goal_a_goal_and_a_row(self):
        case = self.case_in("planning")
        self.assert_refused(["overall_goal", "goals", "rows"],
                            lambda: self.save(case, {"overall_goal": " ", "goals": "\n \n"},
                                              rows=[{"timing": " "}]),
                            ServicePlan, PlanRow)

    def test_a_row_error_names_the_row_and_the_missing_column(self):
        case = self.case_in("planning")
        incomplete = {**ROW_2, "strategy": ""}
        with translation.override("en"):
            # The blank second row is skipped, but rows keep their numbers as entered.
            errors = self.assert_refused(
                ["rows"], lambda: self.save(case, rows=[ROW_1, {}, incomplete]),
                ServicePlan, PlanRow)
            self.assertEqual(errors["rows"], ["Row 3: fill in intervention strategy."])

    def test_a_plan_is_saved_with_its_rows_in_order_and_audited(self):
        case = self.case_in("planning")
        plan = self.save(case, rows=[ROW_1, {"timing": ""}, ROW_2])
        self.assertEqual((plan.version, plan.kind, plan.status), (1, "initial", "draft"))
        self.assertEqual(plan.goal_list, ["规律服药", "改善家庭沟通"])
        self.assertEqual([(r.position, r.strategy) for r in plan.rows.all()],
                         [(0, "疾病管理"), (1, "家庭关系协调")])
        event = self.assert_audited("plan.saved", actor=self.p.wang_fang, target=plan,
                                    client=self.p.client_a)
        self.assertEqual((event.data["version"], event.data["rows"]), (1, 2))
        # Saving again replaces the rows of the same draft.
        again = self.save(case, rows=[ROW_2])
        self.assertEqual(again.pk, plan.pk)
        self.assertEqual([r.strategy for r in again.rows.all()], ["家庭关系协调"])
        self.assertEqual(PlanRow.objects.count(), 1)

    def test_editing_a_returned_plan_clears_every_confirmation(self):
        """CMH-6.3: client, worker and supervisor confirm the plan as it now stands."""
        case = self.case_in("planning")
        plan = self.submit(self.save(case))
        actions.do_review(plan, acting_user=self.p.chen_min, decision="returned",
                          comment="请补充家属在计划中的角色")
        plan.refresh_from_db()
        self.assertEqual(plan.status, "returned")
        self.assertTrue(plan.client_confirmed and plan.worker_confirmed)
        edited = self.save(case, {**PLAN, "goals": "规律服药\n改善家庭沟通\n母亲参加家属支持小组"})
        edited.refresh_from_db()
        self.assertEqual(edited.pk, plan.pk)
        self.assertEqual(edited.status, "draft")
        self.assertIsNone(edited.client_signature)
        self.assertIsNone(edited.client_confirmed_on)
        self.assertIsNone(edited.worker_confirmed_by)
        self.assertIsNone(edited.worker_confirmed_on)
        self.assertFalse({"plan.confirmed_by_client", "plan.confirmed_by_worker"}
                         & facts.satisfied(case))

    def test_a_plan_awaiting_approval_or_approved_cannot_be_edited(self):
        case = self.case_in("planning")
        plan = self.submit(self.save(case))
        with self.assertRaises(DocumentLocked):
            self.save(case, {**PLAN, "overall_goal": "改写的总目标"})
        actions.do_review(plan, acting_user=self.p.chen_min, decision="approved")
        with self.assertRaises(DocumentLocked):
            self.save(case, {**PLAN, "overall_goal": "改写的总目标"})
        plan.refresh_from_db()
        self.assertEqual(plan.overall_goal, PLAN["overall_goal"])

    def test_submitting_needs_the_clients_signature_and_a_date_not_in_the_future(self):
        case = self.case_in("planning")
        plan = self.save(case)
        self.assert_refused(["client_signature", "client_confirmed_on"],
                            lambda: actions.do_submit_for_approval(
                                plan, acting_user=self.p.wang_fang, client_signature=None,
                                client_confirmed_on=None))
        self.assert_refused(["client_confirmed_on"], lambda: actions.do_submit_for_approval(
            plan, acting_user=self.p.wang_fang, client_signature=self.sign(),
            client_confirmed_on=tomorrow()))
        plan.refresh_from_db()
        self.assertEqual(plan.status, "draft")

    def test_only_the_responsible_worker_submits_and_it_is_audited(self):
        case = self.case_in("planning")
        plan = self.save(case)
        with self.assertRaises(NotPermitted):
            actions.do_submit_for_approval(plan, acting_user=self.p.chen_min,
                                           client_signature=self.sign(),
                                           client_confirmed_on=SIGNED)
        plan = self.submit(plan)
        self.assertEqual((plan.status, plan.worker_confirmed_by), ("submitted", self.p.wang_fang))
        self.assert_audited("plan.submitted", actor=self.p.wang_fang, target=plan,
                            client=self.p.client_a)


# --- E: service record ------------------------------------------------------------------------

def session(**overrides) -> dict:
    data = {"mode": "home_visit", "started_at": timezone.now() - datetime.timedelta(hours=3),
            "duration_minutes": 50, "place": "服务对象家中", "participants": "服务对象、母亲",
            "staff": "王芳", "goal": "了解近期服药情况", "content": "服务对象自述本周按时服药。",
            "next_plan": "下周电访", **scenarios.home_visit_safety("home_visit")}
    data.update(overrides)
    return data


class ServiceRecordTests(DocumentTestCase):
    def add(self, case, **overrides):
        # Two staff who went: a home visit is never made alone (CMH-8.2.2a).
        return actions.do_add_service_record(case, acting_user=self.p.wang_fang, data=session(
            **{"staff_members": [self.p.wang_fang, self.p.li_qiang], **overrides}))

    def allow_recording(self, case, *, audio: bool, video: bool):
        return actions.do_record_consent(case, acting_user=self.p.wang_fang, data={
            "mode": "verbal", "exceptions_explained": True, "informed_on": SIGNED,
            "audio_recording_allowed": audio, "video_recording_allowed": video})

    def test_sessions_are_numbered_over_the_case_and_continue_after_a_reopening(self):
        case = self.case_in("intervention")
        first, second = self.add(case), self.add(case, mode="phone")
        self.assertEqual((first.session_number, second.session_number), (1, 2))
        case = scenarios.advance(case, "closed", worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min)  # adds session 3
        case = actions.do_transition(case, "reopen", acting_user=self.p.chen_min,
                                     reason="回访发现服务对象停药，病情波动")
        fourth = self.add(case, mode="interview", place="社工站会谈室")
        self.assertEqual((fourth.session_number, fourth.episode), (4, 2))
        self.assertEqual(list(ServiceRecord.objects.filter(case=case)
                              .values_list("session_number", "episode")),
                         [(1, 1), (2, 1), (3, 1), (4, 2)])
        event = self.assert_audited("service_record.added", actor=self.p.wang_fang,
                                    target=fourth, client=self.p.client_a)
        self.assertEqual((event.data["session"], event.data["mode"]), (4, "interview"))

    def test_recording_is_refused_when_the_consent_does_not_cover_it(self):
        """CMH-A 一.3: recording a session needs the client's consent."""
        case = self.case_in("intervention")  # consent on file, no recording allowed
        self.assert_refused(["audio_recorded"], lambda: self.add(
            case, audio_recorded=True, audio_reference="LY-2026-001"), ServiceRecord)
        self.assert_refused(["video_recorded"], lambda: self.add(
            case, video_recorded=True, video_reference="LX-2026-001"), ServiceRecord)

    def test_recording_is_allowed_when_the_latest_consent_covers_it(self):
        case = self.case_in("intervention")
        self.allow_recording(case, audio=True, video=True)
        record = self.add(case, audio_recorded=True, audio_reference="LY-2026-001",
                          video_recorded=True, video_reference="LX-2026-001")
        self.assertEqual((record.audio_reference, record.video_reference),
                         ("LY-2026-001", "LX-2026-001"))

    def test_a_recording_needs_its_reference_number(self):
        case = self.case_in("intervention")
        self.allow_recording(case, audio=True, video=True)
        self.assert_refused(["audio_reference", "video_reference"], lambda: self.add(
            case, audio_recorded=True, audio_reference=" ", video_recorded=True),
            ServiceRecord)

    def test_the_latest_consent_decides_not_an_earlier_one(self):
        case = self.case_in("intervention")
        self.allow_recording(case, audio=True, video=False)
        self.allow_recording(case, audio=False, video=False)  # the client withdrew it
        self.assert_refused(["audio_recorded"], lambda: self.add(
            case, audio_recorded=True, audio_reference="LY-2026-002"), ServiceRecord)

    def test_a_reference_without_a_recording_is_dropped(self):
        case = self.case_in("intervention")
        record = self.add(case, audio_recorded=False, audio_reference="LY-2026-003")
        self.assertEqual(record.audio_reference, "")

    def test_the_duration_is_between_1_and_1440_minutes(self):
        case = self.case_in("intervention")
        for minutes in (0, 1441, None):
            with self.subTest(minutes=minutes):
                self.assert_refused(["duration_minutes"], lambda m=minutes: self.add(
                    case, duration_minutes=m), ServiceRecord)
        self.assertEqual(self.add(case, duration_minutes=1).duration_minutes, 1)
        self.assertEqual(self.add(case, duration_minutes=1440).duration_minutes, 1440)

    def test_case_management_and_other_modes_need_a_description(self):
        case = self.case_in("intervention")
        for mode in ("case_management", "other"):
            with self.subTest(mode=mode):
                self.assert_refused(["mode_detail"], lambda m=mode: self.add(case, mode=m),
                                    ServiceRecord)
        record = self.add(case, mode="case_management", mode_detail="联合社区医生召开个案会议")
        self.assertEqual(record.mode_detail, "联合社区医生召开个案会议")
        self.assertEqual(self.add(case, mode="interview").mode_detail, "")

    def test_the_required_parts_and_a_time_not_in_the_future(self):
        case = self.case_in("intervention")
        self.assert_refused(["mode", "place", "goal", "content"], lambda: self.add(
            case, mode="", place="", goal="", content=""), ServiceRecord)
        self.assert_refused(["started_at"], lambda: self.add(
            case, started_at=timezone.now() + datetime.timedelta(hours=2)), ServiceRecord)

    def test_no_record_before_the_case_is_open(self):
        case = self.open_case()
        with self.assertRaises(DocumentLocked):
            self.add(case)
        self.assertFalse(ServiceRecord.objects.exists())


# --- F: evaluation ----------------------------------------------------------------------------

EVALUATION = {
    "evaluated_on": D(2026, 11, 2), "services_received": "家访、电访、家庭会谈",
    "coping_improved": "somewhat", "satisfaction": 4, "improvement": 6,
    "goal_attainment": "partial", "attainment_reason": "社区活动参与尚不稳定",
    "process_evaluation": "共服务8次，安排可行。", "outcome_evaluation": "服药规律，家庭沟通改善。",
    "worker_reflection": "注重案主自决。", "stakeholder_evaluation": "母亲反馈良好。",
}


class EvaluationTests(DocumentTestCase):
    def save(self, case, **overrides):
        return actions.do_save_evaluation(case, acting_user=self.p.wang_fang,
                                          data={**EVALUATION, **overrides})

    def test_improvement_is_a_number_from_1_to_10(self):
        case = self.case_in("evaluation")
        for value in (0, 11):
            with self.subTest(improvement=value):
                self.assert_refused(["improvement"], lambda v=value: self.save(
                    case, improvement=v), Evaluation)
        self.assertEqual(self.save(case, improvement=1).improvement, 1)
        self.assertEqual(self.save(case, improvement=10).improvement, 10)

    def test_satisfaction_is_one_of_the_five_answers(self):
        case = self.case_in("evaluation")
        for value in (0, 6):
            with self.subTest(satisfaction=value):
                self.assert_refused(["satisfaction"], lambda v=value: self.save(
                    case, satisfaction=v), Evaluation)
        self.assertEqual(self.save(case, satisfaction=1).satisfaction, 1)

    def test_a_reason_is_needed_unless_the_goals_were_fully_achieved(self):
        case = self.case_in("evaluation")
        for attainment in ("partial", "none"):
            with self.subTest(attainment=attainment):
                self.assert_refused(["attainment_reason"], lambda a=attainment: self.save(
                    case, goal_attainment=a, attainment_reason=" "), Evaluation)
        evaluation = self.save(case, goal_attainment="full", attainment_reason="")
        self.assertEqual(evaluation.goal_attainment, "full")

    def test_the_required_answers_and_a_date_not_in_the_future(self):
        case = self.case_in("evaluation")
        self.assert_refused(
            ["services_received", "coping_improved", "goal_attainment", "process_evaluation",
             "outcome_evaluation"],
            lambda: self.save(case, services_received="", coping_improved="",
                              goal_attainment="", process_evaluation="",
                              outcome_evaluation=""), Evaluation)
        self.assert_refused(["evaluated_on"], lambda: self.save(case, evaluated_on=tomorrow()),
                            Evaluation)
        self.assert_refused(["coping_improved"], lambda: self.save(case, coping_improved="much"),
                            Evaluation)

    def test_the_evaluation_is_saved_once_per_episode_and_audited(self):
        case = self.case_in("evaluation")
        evaluation = self.save(case)
        event = self.assert_audited("evaluation.saved", actor=self.p.wang_fang,
                                    target=evaluation, client=self.p.client_a)
        self.assertEqual((event.data["satisfaction"], event.data["improvement"]), (4, 6))
        again = self.save(case, improvement=8)
        self.assertEqual((again.pk, Evaluation.objects.count()), (evaluation.pk, 1))
        self.assertIn("evaluation.complete", facts.satisfied(case))


# --- G: closing form --------------------------------------------------------------------------

def closing(**overrides) -> dict:
    today = timezone.localdate()
    data = {"filled_on": today, "planned_closing_date": today + datetime.timedelta(days=14),
            "client_told_on": today, "reasons": ["goal_reached"],
            "client_knows_how_to_return": True, "summary": "服务目标基本达成。",
            "follow_up_plan": "结案后每月电话回访一次，共两次。", "follow_up_count": 2,
            "follow_up_interval_days": 30}
    data.update(overrides)
    return data


class ClosureTests(DocumentTestCase):
    def save(self, case, data):
        return actions.do_save_closure(case, acting_user=self.p.wang_fang, data=data)

    def test_the_planned_closing_date_comes_first(self):
        """CMH-6.6: the client is told the closing date in advance, so it is asked first."""
        case = self.case_in("evaluation")
        self.assert_refused(["planned_closing_date"], lambda: self.save(
            case, {"filled_on": timezone.localdate()}), Closure)
        self.assert_refused(["filled_on"], lambda: self.save(
            case, {"planned_closing_date": timezone.localdate()}), Closure)
        # The date alone is enough for a first save, and a date ahead is the point.
        closure = self.save(case, {"filled_on": timezone.localdate(),
                                   "planned_closing_date": tomorrow()})
        self.assertEqual(closure.status, "draft")
        event = self.assert_audited("closure.saved", actor=self.p.wang_fang, target=closure,
                                    client=self.p.client_a)
        self.assertEqual(event.data["planned_closing_date"], tomorrow().isoformat())
        self.assertIn("closure.planned_date_recorded", facts.satisfied(case))

    def test_the_client_is_told_before_the_closing_date(self):
        case = self.case_in("evaluation")
        today = timezone.localdate()
        self.assert_refused(["client_told_on"], lambda: self.save(case, closing(
            planned_closing_date=today - datetime.timedelta(days=2),
            client_told_on=today - datetime.timedelta(days=1))), Closure)
        self.assert_refused(["client_told_on"], lambda: self.save(
            case, closing(client_told_on=tomorrow())), Closure)

    def test_reasons_are_known_and_explained_unless_the_goal_was_reached(self):
        case = self.case_in("evaluation")
        self.assert_refused(["reasons"], lambda: self.save(
            case, closing(reasons=["bored"])), Closure)
        for reasons in (["client_refused"], ["goal_reached", "moved"], ["died"], ["other"]):
            with self.subTest(reasons=reasons):
                self.assert_refused(["reason_detail"], lambda r=reasons: self.save(
                    case, closing(reasons=r, reason_detail="")), Closure)
        closure = self.save(case, closing(reasons=["moved"],
                                          reason_detail="服务对象随家人迁居外省"))
        self.assertEqual(closure.reasons, ["moved"])

    def test_the_follow_up_plan_is_bounded(self):
        case = self.case_in("evaluation")
        self.assert_refused(["follow_up_count"], lambda: self.save(
            case, closing(follow_up_count=13)), Closure)
        for days in (0, 366):
            with self.subTest(days=days):
                self.assert_refused(["follow_up_interval_days"], lambda d=days: self.save(
                    case, closing(follow_up_interval_days=d)), Closure)

    def test_a_date_filled_in_the_future_is_refused(self):
        case = self.case_in("evaluation")
        self.assert_refused(["filled_on"], lambda: self.save(case, closing(filled_on=tomorrow())),
                            Closure)

    def test_submitting_needs_a_complete_form(self):
        case = self.case_in("evaluation")
        closure = self.save(case, {"filled_on": timezone.localdate(),
                                   "planned_closing_date": tomorrow()})
        self.assert_refused(
            ["client_told_on", "reasons", "summary", "follow_up_plan",
             "client_knows_how_to_return"],
            lambda: actions.do_submit_for_approval(closure, acting_user=self.p.wang_fang,
                                                   client_signature=self.sign(),
                                                   client_confirmed_on=SIGNED))
        closure.refresh_from_db()
        self.assertEqual(closure.status, "draft")
        closure = self.save(case, closing())
        closure = actions.do_submit_for_approval(closure, acting_user=self.p.wang_fang,
                                                 client_signature=self.sign(),
                                                 client_confirmed_on=SIGNED)
        self.assertEqual(closure.status, "submitted")
        self.assert_audited("closure.submitted", actor=self.p.wang_fang, target=closure,
                            client=self.p.client_a)
        with self.assertRaises(DocumentLocked):
            self.save(case, closing(summary="改写"))


# --- Signatures -------------------------------------------------------------------------------

class SignatureTests(DocumentTestCase):
    """A signature is kept by the action of the form it signs, in its transaction and on its
    audit event; a refused form keeps none."""

    def setUp(self):
        super().setUp()
        self.plan = self.draft_plan()

    def draft_plan(self):
        return actions.do_save_plan(self.case_in("planning"), acting_user=self.p.wang_fang,
                                    data=dict(PLAN), rows=[ROW_1, ROW_2])

    def make(self, data: bytes, name: str = "张伟"):
        """The plan confirmed with this signature; the Signature row it kept."""
        plan = actions.do_submit_for_approval(
            self.plan, acting_user=self.p.wang_fang, client_confirmed_on=SIGNED,
            client_signature=actions.SignedImage(data, "drawn", name))
        return plan.client_signature

    def assert_not_made(self, data: bytes, name: str = "张伟", field: str = "client_signature"):
        before = Signature.objects.count()
        with self.assertRaises(ValidationError) as caught:
            self.make(data, name)
        self.assertEqual(list(caught.exception.message_dict), [field])
        self.assertEqual(Signature.objects.count(), before)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, "draft")

    def test_png_and_jpeg_are_kept(self):
        png = self.make(PNG)
        self.assertEqual((png.content_type, len(png.sha256)), ("image/png", 64))
        other = self.draft_plan()
        jpeg = actions.do_submit_for_approval(
            other, acting_user=self.p.wang_fang, client_confirmed_on=SIGNED,
            client_signature=actions.SignedImage(JPEG, "scan", " 张建国 ")).client_signature
        self.assertEqual((jpeg.content_type, jpeg.signer_name), ("image/jpeg", "张建国"))

    def test_the_signature_is_named_on_the_forms_audit_event_and_nowhere_alone(self):
        signature = self.make(PNG)
        self.assertEqual(signature.uploaded_by, self.p.wang_fang)
        event = self.assert_audited("plan.submitted", actor=self.p.wang_fang, target=self.plan)
        self.assertEqual((event.data["signature"], event.data["signature_sha256"]),
                         (signature.pk, signature.sha256))

    def test_a_refused_form_keeps_no_signature(self):
        before = Signature.objects.count()
        with self.assertRaises(ValidationError):
            actions.do_submit_for_approval(
                self.plan, acting_user=self.p.wang_fang, client_confirmed_on=tomorrow(),
                client_signature=actions.SignedImage(PNG, "drawn", "张伟"))
        self.assertEqual(Signature.objects.count(), before)

    def test_a_written_consent_keeps_its_signature_under_the_signers_name(self):
        case = self.open_case()
        consent = actions.do_record_consent(case, acting_user=self.p.wang_fang, data={
            "mode": "written", "exceptions_explained": True, "signer": "guardian",
            "signer_name": " 张母 ", "client_signed_on": SIGNED, "worker_signed_on": SIGNED},
            signature=actions.SignedImage(PNG, "drawn"))
        self.assertEqual(consent.client_signature.signer_name, "张母")
        event = self.assert_audited("consent.recorded", target=consent)
        self.assertEqual(event.data["signature"], consent.client_signature.pk)
        before = Signature.objects.count()
        with self.assertRaises(ValidationError) as caught:
            actions.do_record_consent(case, acting_user=self.p.wang_fang, data={
                "mode": "written", "exceptions_explained": True, "signer": "client",
                "client_signed_on": SIGNED, "worker_signed_on": SIGNED},
                signature=actions.SignedImage(GIF, "drawn"))
        self.assertEqual(list(caught.exception.message_dict), ["client_signature"])
        self.assertEqual(Signature.objects.count(), before)

    def test_anything_else_is_refused(self):
        for data in (b"", GIF, b"%PDF-1.7\n", b"<svg xmlns='http://www.w3.org/2000/svg'/>"):
            with self.subTest(data=data[:8]):
                self.assert_not_made(data)

    def test_an_image_over_2_mb_is_refused(self):
        header = b"\x89PNG\r\n\x1a\n"
        self.assert_not_made(header + b"\0" * (MAX_SIGNATURE_BYTES - len(header) + 1))
        # At the limit the size passes and the decoding refuses it: a header is no image.
        self.assert_not_made(header + b"\0" * (MAX_SIGNATURE_BYTES - len(header)))

    def test_the_signers_name_is_required(self):
        self.assert_not_made(PNG, name="  ", field="signer_name")

    def test_a_drawn_signature_arrives_as_a_data_url(self):
        url = "data:image/png;base64," + base64.b64encode(PNG).decode()
        self.assertEqual(actions.signature_from_data_url(url), (PNG, "image/png"))

    def test_a_bad_data_url_is_refused(self):
        encoded = base64.b64encode(PNG).decode()
        for url in ("", "not a data url", "data:text/plain;base64," + encoded,
                    "data:image/png," + encoded, "data:image/png;base64,@@@@",
                    "data:image/png;base64,iVBORw0KGgo"):
            with self.subTest(url=url[:30]):
                with self.assertRaises(ValidationError):
                    actions.signature_from_data_url(url)

    def test_the_declared_type_of_a_data_url_is_not_trusted(self):
        url = "data:image/png;base64," + base64.b64encode(GIF).decode()
        data, _declared = actions.signature_from_data_url(url)
        self.assert_not_made(data)
