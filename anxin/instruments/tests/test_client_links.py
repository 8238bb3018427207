"""Client links: issued by the worker for one instrument of a case, opened without signing in,
filled in once within 7 days; used, expired or unknown links save nothing."""

import datetime
import re
from unittest import mock

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from anxin.accounts.choices import Role
from anxin.audit.models import AuditEvent
from anxin.core.exceptions import NotPermitted
from anxin.instruments import actions
from anxin.instruments.models import ClientLink, InstrumentResponse, Via
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import open_case

SATISFIED = {"coping": "2", "satisfaction": "4", "improvement": "7", "goal_attainment": "1"}


class LinkTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = open_case(cls.p, stage="intake")

    def issue(self, instrument="satisfaction_f", **extra):
        return actions.do_issue_client_link(self.case, instrument_code=instrument,
                                            acting_user=self.p.wang_fang, **extra)

    def fill_url(self, token):
        return reverse("instruments:fill", args=[token])


class IssueTest(LinkTestCase):
    def test_it_keeps_only_a_hash_of_the_token_and_expires_in_seven_days(self):
        before = timezone.now()
        link, token = self.issue()
        self.assertGreaterEqual(len(token), 40)
        self.assertEqual(link.token_hash, actions.hash_token(token))
        self.assertFalse(ClientLink.objects.filter(token_hash=token).exists())
        self.assertNotIn(token, str(ClientLink.objects.filter(pk=link.pk).values().get()))
        self.assertAlmostEqual(link.expires_at, before + datetime.timedelta(days=7),
                               delta=datetime.timedelta(minutes=1))
        self.assertEqual((link.client, link.case, link.created_by, link.used_at),
                         (self.p.client_a, self.case, self.p.wang_fang, None))
        event = self.assert_audited("instrument.link.issued", actor=self.p.wang_fang,
                                    target=link, client=self.p.client_a)
        self.assertEqual(event.data["instrument"], "satisfaction_f")

    def test_each_link_has_its_own_token(self):
        _link, first = self.issue()
        _link, second = self.issue()
        self.assertNotEqual(first, second)

    def test_only_the_case_team_may_issue_one(self):
        for name in ("li_qiang", "admin_a", "archivist_a", "quality_a", "zhao_lei", "viewer"):
            with self.subTest(user=name), self.assertRaises(NotPermitted):
                actions.do_issue_client_link(self.case, instrument_code="phq9",
                                             acting_user=getattr(self.p, name))
        link, _token = actions.do_issue_client_link(self.case, instrument_code="phq9",
                                                    acting_user=self.p.chen_min)
        self.assertEqual(link.created_by, self.p.chen_min)

    def test_it_refuses_an_unknown_instrument_or_a_missing_form_to_attach_to(self):
        with self.assertRaises(ValidationError) as refused:
            self.issue("nope", attach_to="evaluation")
        self.assertEqual(set(refused.exception.message_dict), {"instrument", "attach_to"})
        self.assertFalse(ClientLink.objects.exists())


class FillTest(LinkTestCase):
    def test_the_client_fills_it_in_once_without_signing_in(self):
        link, token = self.issue()
        page = self.client.get(self.fill_url(token))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "您对社会工作者的表现满意吗？")  # printed wording, in Chinese
        self.assertContains(page, 'name="satisfaction"', count=5)

        response = self.client.post(self.fill_url(token), SATISFIED)
        self.assertRedirects(response, reverse("instruments:fill_done"))
        stored = InstrumentResponse.objects.get()
        self.assertEqual((stored.via, stored.recorded_by, stored.case, stored.instrument),
                         (Via.CLIENT_LINK, self.p.wang_fang, self.case, "satisfaction_f"))
        self.assertEqual(stored.totals, {"coping": 2, "satisfaction": 4, "improvement": 7,
                                         "goal_attainment": 1})
        self.assertEqual(stored.bands["satisfaction"], "satisfied")
        link.refresh_from_db()
        self.assertEqual(link.response, stored)
        self.assertIsNotNone(link.used_at)

        # The trail names the client as actor, the worker as the one it was recorded for.
        recorded = self.assert_audited("instrument.response.recorded", target=stored)
        self.assertEqual((recorded.actor, recorded.actor_label, recorded.organization),
                         (None, "client", self.p.org_a))
        self.assertEqual((recorded.data["via"], recorded.data["recorded_by"]),
                         ("client_link", self.p.wang_fang.pk))
        used = self.assert_audited("instrument.link.used", target=link, client=self.p.client_a)
        self.assertEqual((used.actor, used.actor_label), (None, "client"))

    def test_a_used_link_shows_a_clear_message_and_saves_nothing(self):
        _link, token = self.issue()
        self.client.post(self.fill_url(token), SATISFIED)
        events = AuditEvent.objects.count()
        for method in (self.client.get, self.client.post):
            with self.subTest(method=method.__name__):
                page = method(self.fill_url(token), SATISFIED)
                self.assertEqual(page.status_code, 410)
                self.assertContains(page, 'data-reason="used"', status_code=410)
                self.assertNotContains(page, 'name="satisfaction"', status_code=410)
        self.assertEqual(InstrumentResponse.objects.count(), 1)
        self.assertEqual(AuditEvent.objects.count(), events)
        with self.assertRaises(actions.LinkUnavailable) as refused:
            actions.do_fill_client_link(token, answers={"coping": 2, "satisfaction": 4,
                                                        "improvement": 7, "goal_attainment": 1})
        self.assertEqual(refused.exception.reason, "used")

    def test_an_expired_link_saves_nothing(self):
        link, token = self.issue()
        later = link.expires_at + datetime.timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            page = self.client.post(self.fill_url(token), SATISFIED)
        self.assertContains(page, 'data-reason="expired"', status_code=410)
        self.assertFalse(InstrumentResponse.objects.exists())
        link.refresh_from_db()
        self.assertIsNone(link.used_at)
        self.assert_not_audited("instrument.link.used")

    def test_an_unknown_token_is_not_found(self):
        self.issue()
        page = self.client.get(self.fill_url("not-a-real-token"))
        self.assertContains(page, 'data-reason="unknown"', status_code=404)

    def test_refused_answers_name_the_item_and_leave_the_link_open(self):
        link, token = self.issue()
        page = self.client.post(self.fill_url(token), {"coping": "2", "satisfaction": "4"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'data-field-error="improvement"')
        self.assertContains(page, 'data-field-error="goal_attainment"')
        self.assertNotContains(page, 'data-field-error="satisfaction"')
        self.assertFalse(InstrumentResponse.objects.exists())
        link.refresh_from_db()
        self.assertIsNone(link.used_at)
        self.assertEqual(self.client.post(self.fill_url(token), SATISFIED).status_code, 302)

    def test_the_link_dies_with_the_issuing_workers_access(self):
        _link, token = self.issue()
        membership = self.p.wang_fang.membership
        membership.role = Role.ARCHIVIST  # moved to the archive: no longer gives instruments
        membership.save()
        page = self.client.post(self.fill_url(token), SATISFIED)
        self.assertContains(page, 'data-reason="withdrawn"', status_code=410)
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_the_link_dies_when_the_case_ends(self):
        from anxin.cases import actions as case_actions

        _link, token = self.issue()
        case_actions.do_transition(self.case, "end", acting_user=self.p.wang_fang,
                                   reason="服务对象迁居外地")
        self.assertContains(self.client.get(self.fill_url(token)), 'data-reason="withdrawn"',
                            status_code=410)
        self.client.post(self.fill_url(token), SATISFIED)
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_it_attaches_the_clients_answers_to_the_form_chosen_when_issuing(self):
        case = open_case(self.p, client=self.p.client_a, stage="planning")
        _link, token = actions.do_issue_client_link(case, instrument_code="phq9",
                                                    acting_user=self.p.wang_fang,
                                                    attach_to="assessment")
        answers = {f"item_{n}": "1" for n in range(1, 10)}
        self.assertEqual(self.client.post(self.fill_url(token), answers).status_code, 302)
        stored = InstrumentResponse.objects.get()
        self.assertEqual(stored.assessment, case.assessments.get())
        self.assertEqual(stored.flags, ["self_harm_thoughts"])

    def test_the_page_follows_the_language_switch(self):
        _link, token = self.issue()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = self.client.get(self.fill_url(token))
        self.assertContains(page, "Are you satisfied with the social worker&#x27;s performance?")
        self.assertContains(page, 'lang="en"')
        switch = self.client.post(reverse("set_language"),
                                  {"language": "zh-hans", "next": self.fill_url(token)})
        self.assertRedirects(switch, self.fill_url(token), fetch_redirect_response=False)
        self.assertContains(self.client.get(self.fill_url(token)), "您对社会工作者的表现满意吗？")

    def test_on_the_workers_tablet_the_page_shows_nothing_of_the_worker(self):
        """Tablet mode: the same link opened where the worker is signed in."""
        _link, token = self.issue()
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(self.fill_url(token))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, self.p.wang_fang.full_name)
        self.assertNotContains(page, reverse("cases:list"))
        self.assertNotContains(page, reverse("accounts:logout"))
        self.assertEqual(self.client.post(self.fill_url(token), SATISFIED).status_code, 302)
        self.assertEqual(InstrumentResponse.objects.get().via, Via.CLIENT_LINK)


class LinkPageTest(LinkTestCase):
    def test_the_issuing_worker_sees_the_link_once(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.post(reverse("instruments:issue_link", args=[self.case.pk]),
                                    {"instrument": "phq9"})
        link = ClientLink.objects.get()
        self.assertRedirects(response, reverse("instruments:link", args=[link.pk]),
                             fetch_redirect_response=False)
        page = self.client.get(reverse("instruments:link", args=[link.pk])).content.decode()
        url = re.search(r'id="link-url"[^>]*value="([^"]+)"', page).group(1)
        token = url.rsplit("/", 2)[-2]
        self.assertEqual(actions.hash_token(token), link.token_hash)
        self.assertIn('id="open-on-tablet"', page)
        again = self.client.get(reverse("instruments:link", args=[link.pk]))
        self.assertNotContains(again, token)
        self.assertNotContains(again, 'id="link-url"')

    def test_the_case_panel_lists_the_links_with_their_state(self):
        link, _token = self.issue()
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(self.case.get_absolute_url())
        self.assertContains(page, reverse("instruments:link", args=[link.pk]))
        self.assertContains(page, 'id="issue-client-link"')
