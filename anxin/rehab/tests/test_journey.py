"""One resident through the whole REH pathway against the database: screening → application →
admission assessment → agreement and information exchange → intake assessment → plan →
rehabilitation → mid-term → end evaluation → exit (two copies) → follow-up; and the gates that
refuse a step with what is missing (REH-4.7, REH-4.8, REH-5.2)."""

import io

from pypdf import PdfReader

from anxin.cases.models import FollowUp
from anxin.cases.workflow import TransitionRefused
from anxin.documents.printing import render_html, render_pdf

from .helpers import Admission, CentreTestCase


class JourneyTest(CentreTestCase):
    def test_a_centre_opens_its_cases_on_the_rehabilitation_pathway(self):
        case = self.open_case()
        self.assertEqual((case.pathway, case.stage), ("reh", "screening"))

    def test_a_resident_goes_from_screening_to_follow_up(self):
        walk = Admission(self.open_case(), self.worker, self.supervisor)
        case = walk.admit(self.risk)
        self.assertEqual(case.stage, "intake_assessment")
        self.assertIn("admitted", case.milestones)
        walk.intake_assessment()
        walk.move("complete_intake_assessment")
        walk.plan()
        self.assertEqual(walk.move("start_rehabilitation").stage, "intervention")
        walk.move("start_mid_evaluation")
        walk.evaluation("mid")
        walk.move("resume_rehabilitation")
        walk.move("start_end_evaluation")
        walk.evaluation("end", sdss=2, zbi=22)
        walk.exit()
        with self.assertRaises(TransitionRefused) as refused:
            walk.move("close")
        # REH-4.8.3 / 5.6.4: the community is told of the exit before the case closes.
        self.assertEqual([r.code for r in refused.exception.missing],
                         ["document:reh_information_exchange:completed:occasion=exit"])
        walk.exchange("exit")
        case = walk.move("close")
        self.assertEqual(case.stage, "closed")
        self.assertIsNotNone(case.closed_on)
        # REH-5.2.6.2.5: the exit form's follow-up is planned.
        planned = FollowUp.objects.get(case=case, done_on__isnull=True)
        self.assertGreater(planned.planned_on, case.closed_on)

    def test_admission_waits_for_the_information_exchange(self):
        """REH-4.7.2.4: the agreement alone does not complete the admission."""
        walk = Admission(self.open_case(), self.worker, self.supervisor)
        walk.screening()
        walk.move("screen_in")
        walk.application()
        walk.move("accept_application")
        walk.admission_assessment(self.risk)
        walk.move("approve_admission")
        walk.agreement()
        with self.assertRaises(TransitionRefused) as refused:
            walk.move("complete_admission")
        self.assertEqual(
            [r.code for r in refused.exception.missing],
            ["document:reh_information_exchange:completed:occasion=admission"])
        self.assertIn("网格员", refused.exception.message)
        walk.exchange("exit")  # an exit notice is not the admission's
        with self.assertRaises(TransitionRefused):
            walk.move("complete_admission")
        walk.exchange("admission")
        self.assertEqual(walk.move("complete_admission").stage, "intake_assessment")

    def test_an_assessment_that_does_not_admit_stops_the_admission(self):
        walk = Admission(self.open_case(), self.worker, self.supervisor)
        walk.screening()
        walk.move("screen_in")
        walk.application()
        walk.move("accept_application")
        walk.admission_assessment(self.risk, conclusion="not_admit")
        with self.assertRaises(TransitionRefused):
            walk.move("approve_admission")
        self.assertEqual(walk.move("not_admit", reason="危险性评估不符合").stage,
                         "not_admitted")

    def test_the_exit_form_prints_in_two_marked_copies(self):
        """REH-4.8.2 出机构申请审核表（一式两份）."""
        walk = Admission(self.open_case(), self.worker, self.supervisor)
        walk.admit(self.risk)
        exit_form = walk.exit(reason="asked_to_leave")
        html = render_html(exit_form)
        self.assertEqual(html.count('class="copy"'), 2)
        self.assertIn("第一联：机构存档", html)
        self.assertIn("第二联：申请人留存", html)
        pages = PdfReader(io.BytesIO(render_pdf(exit_form))).pages
        text = [page.extract_text() for page in pages]
        first = next(i for i, t in enumerate(text) if "第一联" in t)
        second = next(i for i, t in enumerate(text) if "第二联" in t)
        self.assertGreater(second, first)
        self.assertTrue(all("出机构申请审核表" in text[i] for i in (first, second)))

    def test_a_one_copy_form_prints_once(self):
        walk = Admission(self.open_case(), self.worker, self.supervisor)
        self.assertEqual(render_html(walk.screening()).count('class="copy"'), 1)

    def test_a_resident_may_leave_early_with_an_approved_exit(self):
        """REH-4.8.1 个体主动要求离开; without the end evaluation, for a reason that is not
        "goals met"."""
        walk = Admission(self.open_case(), self.worker, self.supervisor)
        walk.admit(self.risk)
        walk.exchange("exit")
        walk.exit(reason="goals_met")
        with self.assertRaises(TransitionRefused):
            walk.move("leave_early")
        walk2 = Admission(self.open_case(self.client_b_of_centre()), self.worker,
                          self.supervisor)
        walk2.admit(self.risk_of(walk2.case.client))
        walk2.exchange("exit")
        walk2.exit(reason="asked_to_leave")
        self.assertEqual(walk2.move("leave_early").stage, "closed")

    def client_b_of_centre(self):
        from anxin.clients.actions import do_add_diagnosis
        from anxin.workspace.testing.personas import make_client

        from .helpers import born_years_ago

        client = make_client(self.centre, self.worker, name="李红", sequence=42,
                             birth_date=born_years_ago(40))
        do_add_diagnosis(client, acting_user=self.worker, code="F31")
        return client

    def risk_of(self, client):
        from anxin.instruments.actions import do_record_response

        return do_record_response(client, instrument_code="risk_level", answers={"level": 0},
                                  acting_user=self.worker)


class PrintedReferencesTest(CentreTestCase):
    def test_a_printed_evaluation_names_its_measures_not_their_ids(self):
        """REH-5.2.5: the ZBI-22 and SDSS of an evaluation print as the instrument, the date and
        the score; the evaluator by name."""
        walk = Admission(self.open_case(), self.worker, self.supervisor)
        walk.admit(self.risk)
        evaluation = walk.evaluation("mid", sdss=4, zbi=30)
        html = render_html(evaluation)
        self.assertIn("Zarit照顾者负担量表（ZBI-22）", html)
        self.assertIn("社会功能缺陷筛选量表（SDSS）", html)
        self.assertRegex(html, r"ZBI-22）\s*·\s*\d{4}-\d{2}-\d{2}\s*·\s*30")
        self.assertIn("罗晓", html)
        self.assertNotIn(f">{evaluation.coded['zbi_response']}<", html)
