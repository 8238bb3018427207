"""Form G and the closing of a case (CMH-6.6): the client is told the closing date in advance —
strictly before the closing day — and a follow-up after closing is planned (结案后，及时跟进回访;
REH-5.2.6.2.5 跟踪服务或回访), unless the client died, which the form then says."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from anxin.cases import actions, facts, scenarios
from anxin.cases.models import Closure, FollowUp
from anxin.cases.printing.render import render_html
from anxin.cases.tests.test_document_views import read_edit_fields
from anxin.cases.workflow import TransitionRefused
from anxin.workspace.testing.cases import PersonaTestCase

DAY = datetime.timedelta(days=1)


class ClosingTestCase(PersonaTestCase):
    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        self.today = timezone.localdate()
        case = actions.do_open_case(self.p.client_a, acting_user=self.p.wang_fang,
                                    worker=self.p.wang_fang, supervisor=self.p.chen_min,
                                    source="sought_help", application_date=self.today)
        self.case = scenarios.advance(case, "evaluation", worker=self.p.wang_fang,
                                      supervisor=self.p.chen_min)
        scenarios.evaluate(self.case, self.p.wang_fang, today=self.today)

    def save(self, **overrides) -> Closure:
        data = {"filled_on": self.today, "planned_closing_date": self.today,
                "client_told_on": self.today - 7 * DAY, "reasons": ["goal_reached"],
                "client_knows_how_to_return": True, "summary": "服务目标基本达成。",
                "follow_up_plan": "结案后每月电话回访一次。", "follow_up_count": 1,
                "follow_up_interval_days": 30, **overrides}
        return actions.do_save_closure(self.case, acting_user=self.p.wang_fang, data=data)

    def submit(self, closure) -> Closure:
        return actions.do_submit_for_approval(
            closure, acting_user=self.p.wang_fang, client_confirmed_on=self.today,
            client_signature=scenarios.signature("张伟"))

    def approve(self, closure) -> None:
        actions.do_review(closure, acting_user=self.p.chen_min, decision="approved")


class ToldInAdvanceTests(ClosingTestCase):
    def test_it_refuses_telling_the_client_on_the_closing_day_itself_naming_the_field(self):
        with self.assertRaises(ValidationError) as caught:
            self.save(client_told_on=self.today)
        self.assertEqual(list(caught.exception.message_dict), ["client_told_on"])
        self.assertEqual(caught.exception.message_dict["client_told_on"], [
            "“Client told of the closing date on” must be a day before the closing date: the "
            "client is told in advance (CMH-6.6)."])
        self.assertFalse(Closure.objects.filter(case=self.case).exists())

    def test_the_day_before_the_closing_day_is_in_advance(self):
        closure = self.save(client_told_on=self.today - DAY)
        self.assertEqual(closure.client_told_on, self.today - DAY)

    def test_the_form_page_shows_the_message_at_the_field(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        self.client.force_login(self.p.wang_fang)
        day = self.today.isoformat()
        url = reverse("cases:document_edit", args=[self.case.pk, "closure"])
        response = self.client.post(url, {
            **read_edit_fields(self.client, url), "filled_on": day,
            "planned_closing_date": day, "client_told_on": day,
            "reasons": ["goal_reached"], "client_knows_how_to_return": "True",
            "summary": "目标达成", "follow_up_plan": "每月电访", "follow_up_count": "1",
            "follow_up_interval_days": "30"})
        self.assertContains(response, 'data-field-error="client_told_on"')
        self.assertContains(response, "“告知服务对象结案时间的日期”")


class FollowUpRequiredTests(ClosingTestCase):
    def test_it_refuses_to_submit_a_closing_form_with_no_follow_up(self):
        closure = self.save(follow_up_count=0)
        with self.assertRaises(ValidationError) as caught:
            self.submit(closure)
        self.assertEqual(list(caught.exception.message_dict), ["follow_up_count"])
        message = caught.exception.message_dict["follow_up_count"][0]
        self.assertIn("CMH-6.6", message)
        self.assertIn("only when the client died", message)
        closure.refresh_from_db()
        self.assertEqual(closure.status, "draft")

    def test_the_close_action_refuses_an_approved_form_with_no_follow_up(self):
        """Even a closing form approved without one (e.g. before this rule) does not close the
        case: the pathway table requires the follow-up (closure.follow_up_planned)."""
        closure = self.submit(self.save())
        self.approve(closure)
        Closure.objects.filter(pk=closure.pk).update(follow_up_count=0)
        with self.assertRaises(TransitionRefused) as caught:
            actions.do_transition(self.case, "close", acting_user=self.p.wang_fang)
        self.assertEqual([r.code for r in caught.exception.missing],
                         ["closure.follow_up_planned"])
        self.assertIn("at least one follow-up planned", str(caught.exception))

    def test_a_client_who_died_is_closed_without_a_follow_up_and_the_form_says_why(self):
        closure = self.submit(self.save(follow_up_count=0, reasons=["died"],
                                        reason_detail="服务对象因病去世"))
        self.approve(closure)
        self.assertIn("closure.follow_up_planned", facts.satisfied(self.case))
        case = actions.do_transition(self.case, "close", acting_user=self.p.wang_fang)
        self.assertEqual(case.stage, "closed")
        self.assertFalse(FollowUp.objects.filter(case=case).exists())

        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(reverse("cases:document_view",
                                       args=[case.pk, "closure", closure.pk]))
        self.assertContains(page, 'id="no-follow-up-reason"')
        self.assertContains(page, "no follow-up is possible: the client died")
        self.assertIn("服务对象已死亡，无法回访", render_html(case, "closure", closure))

    def test_a_client_who_moved_away_is_still_followed_up(self):
        closure = self.save(follow_up_count=0, reasons=["moved"], reason_detail="迁居外省")
        with self.assertRaises(ValidationError) as caught:
            self.submit(closure)
        self.assertEqual(list(caught.exception.message_dict), ["follow_up_count"])

    def test_both_reasons_tick_the_forms_one_box_died_or_moved(self):
        for reason, wording in (("died", "死亡"), ("moved", "搬迁")):
            with self.subTest(reason=reason):
                closure = self.save(reasons=[reason], reason_detail="说明")
                html = render_html(self.case, "closure", closure)
                line = html.split("服务对象死亡或搬迁：")[0].rsplit("<p>", 1)[1]
                self.assertIn('class="box on"', line)
                self.assertIn(f"服务对象死亡或搬迁：{wording}", html)


class BriefHelpTests(PersonaTestCase):
    def test_brief_help_closes_without_a_follow_up(self):
        """CMH-B: a consultation answered is closed without a follow-up visit."""
        today = timezone.localdate()
        case = actions.do_open_case(self.p.client_a, acting_user=self.p.wang_fang,
                                    worker=self.p.wang_fang, supervisor=self.p.chen_min,
                                    source="sought_help", application_date=today)
        scenarios.consent(case, self.p.wang_fang, today=today)
        actions.do_save_application(case, acting_user=self.p.wang_fang, data={
            "needs": "咨询低保政策", "decision": "brief", "brief_kind": "consultation"})
        case = actions.do_transition(case, "accept_simple", acting_user=self.p.wang_fang)
        scenarios.record_session(case, self.p.wang_fang, mode="phone",
                                 when=timezone.now() - datetime.timedelta(hours=1))
        closure = actions.do_save_closure(case, acting_user=self.p.wang_fang, data={
            "filled_on": today, "planned_closing_date": today,
            "client_told_on": today - DAY, "reasons": ["goal_reached"],
            "client_knows_how_to_return": True, "summary": "咨询已解答。",
            "follow_up_plan": "无需回访。", "follow_up_count": 0})
        closure = actions.do_submit_for_approval(
            closure, acting_user=self.p.wang_fang, client_confirmed_on=today,
            client_signature=scenarios.signature("张伟"))
        actions.do_review(closure, acting_user=self.p.chen_min, decision="approved")
        case = actions.do_transition(case, "close_brief", acting_user=self.p.wang_fang)
        self.assertEqual(case.stage, "closed")
