"""Case pages: who may open each, the work views, and bounded queries."""

import datetime
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anxin.cases import actions, scenarios
from anxin.cases.models import Case, FollowUp, Referral
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404


def open_case(p, client=None, worker=None, supervisor="default", **extra):
    worker = worker or p.wang_fang
    supervisor = p.chen_min if supervisor == "default" else supervisor
    data = {"source": "sought_help", "application_date": timezone.localdate()}
    data.update(extra)
    return actions.do_open_case(client or p.client_a, acting_user=worker, worker=worker,
                                supervisor=supervisor, **data)


class CasePagePermissionTest(PersonaTestCase):
    """Every persona × every case page (wang_fang's case in org A, zhao_lei's in org B)."""

    PAGES = ["list", "queue", "detail_a", "detail_b", "open_a", "follow_up_a", "referrals",
             "referral_prepare_a"]
    EXPECTED = {
        "wang_fang": [OK, FORBIDDEN, OK, NOT_FOUND, OK, OK, OK, OK],
        "li_qiang": [OK, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND],
        "chen_min": [OK, OK, OK, NOT_FOUND, OK, OK, OK, OK],
        "admin_a": [OK, OK, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN],
        "archivist_a": [OK, FORBIDDEN, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN],
        "quality_a": [OK, FORBIDDEN, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN],
        "zhao_lei": [OK, FORBIDDEN, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND],
        "viewer": [FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
                   FORBIDDEN, FORBIDDEN],
    }

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.case_a = open_case(p)
        cls.case_b = actions.do_open_case(p.client_b, acting_user=p.zhao_lei, worker=p.zhao_lei,
                                          source="sought_help",
                                          application_date=timezone.localdate())

    def urls(self):
        a, b = self.case_a.pk, self.case_b.pk
        return {
            "list": reverse("cases:list"),
            "queue": reverse("cases:queue"),
            "detail_a": reverse("cases:detail", args=[a]),
            "detail_b": reverse("cases:detail", args=[b]),
            "open_a": reverse("cases:open", args=[self.p.client_a.pk]),
            "follow_up_a": reverse("cases:follow_up", args=[a]),
            "referrals": reverse("cases:referrals"),
            "referral_prepare_a": reverse("cases:referral_prepare", args=[a]),
        }

    def test_it_answers_each_persona_as_the_matrix_says(self):
        urls = self.urls()
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for page, expected in zip(self.PAGES, self.EXPECTED[name], strict=True):
                with self.subTest(persona=name, page=page):
                    self.assertEqual(self.client.get(urls[page]).status_code, expected)

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        for page, url in self.urls().items():
            with self.subTest(page=page):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("accounts:login")))

    def test_it_refuses_a_move_on_another_organisations_case_with_404(self):
        self.client.force_login(self.p.zhao_lei)
        url = reverse("cases:transition", args=[self.case_a.pk, "accept"])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.case_a.refresh_from_db()
        self.assertEqual(self.case_a.stage, "application")

    def test_the_case_page_is_an_audited_read_of_the_clients_file(self):
        self.client.force_login(self.p.archivist_a)
        self.client.get(reverse("cases:detail", args=[self.case_a.pk]))
        self.assert_audited("case.viewed", actor=self.p.archivist_a, target=self.case_a,
                            client=self.p.client_a)


class CaseJourneyViewTest(PersonaTestCase):
    def test_a_worker_opens_a_case_from_the_clients_file(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.post(reverse("cases:open", args=[self.p.client_a.pk]), {
            "application_date": timezone.localdate().isoformat(), "source": "referred",
            "source_detail": "", "needs": "希望改善睡眠", "worker": self.p.wang_fang.pk,
            "supervisor": self.p.chen_min.pk})
        # "Referred by others" needs the referrer: the form says so and nothing is saved.
        self.assertContains(response, "data-field-error=\"source_detail\"")
        self.assertFalse(Case.objects.exists())
        response = self.client.post(reverse("cases:open", args=[self.p.client_a.pk]), {
            "application_date": timezone.localdate().isoformat(), "source": "referred",
            "source_detail": "街道办转介", "needs": "希望改善睡眠",
            "worker": self.p.wang_fang.pk, "supervisor": self.p.chen_min.pk})
        case = Case.objects.get()
        self.assertRedirects(response, case.get_absolute_url())
        self.assertEqual((case.stage, case.worker, case.supervisor),
                         ("application", self.p.wang_fang, self.p.chen_min))

    def test_a_refused_move_says_what_is_missing_and_changes_nothing(self):
        case = open_case(self.p)
        self.client.force_login(self.p.wang_fang)
        response = self.client.post(reverse("cases:transition", args=[case.pk, "accept"]),
                                    follow=True)
        self.assertContains(response, "缺少")
        case.refresh_from_db()
        self.assertEqual(case.stage, "application")

    def test_the_case_page_offers_allowed_moves_and_lists_what_others_need(self):
        case = open_case(self.p)
        scenarios.consent(case, self.p.wang_fang, today=timezone.localdate())
        actions.do_save_application(case, acting_user=self.p.wang_fang,
                                    data={"needs": "睡眠差", "decision": "accepted"})
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("cases:detail", args=[case.pk]))
        self.assertContains(response, reverse("cases:transition", args=[case.pk, "accept"]))
        self.assertNotContains(response, reverse("cases:transition", args=[case.pk, "decline"]))
        self.client.post(reverse("cases:transition", args=[case.pk, "accept"]))
        case.refresh_from_db()
        self.assertEqual(case.stage, "intake")

    def test_a_follow_up_is_recorded_against_the_planned_one(self):
        case = scenarios.advance(open_case(self.p), "closed", worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min)
        planned = FollowUp.objects.filter(case=case).order_by("planned_on").first()
        self.client.force_login(self.p.wang_fang)
        url = reverse("cases:follow_up", args=[case.pk])
        response = self.client.post(url, {"follow_up": planned.pk, "done_on": "",
                                          "mode": "phone", "finding": ""})
        self.assertEqual(response.status_code, 200)
        planned.refresh_from_db()
        self.assertIsNone(planned.done_on)
        response = self.client.post(url, {
            "follow_up": planned.pk, "done_on": timezone.localdate().isoformat(),
            "mode": "phone", "finding": "服药规律，情绪稳定"})
        self.assertRedirects(response, case.get_absolute_url())
        planned.refresh_from_db()
        self.assertEqual(planned.finding, "服药规律，情绪稳定")

    def test_the_caseload_puts_overdue_cases_first(self):
        today = timezone.localdate()
        old = open_case(self.p, application_date=today - datetime.timedelta(days=30))
        client = make_client(self.p.org_a, self.p.wang_fang, name="李娜", sequence=44)
        fresh = open_case(self.p, client=client)
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("cases:list"))
        body = response.content.decode()
        self.assertLess(body.index(old.case_number), body.index(fresh.case_number))
        self.assertContains(response, "逾期")

    def test_the_caseload_makes_the_same_queries_for_3_and_20_cases(self):
        def count():
            self.client.force_login(self.p.wang_fang)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(reverse("cases:list")).status_code, 200)
            return len(queries)

        for i in range(3):
            open_case(self.p, client=make_client(self.p.org_a, self.p.wang_fang,
                                                 name=f"甲{i}", sequence=100 + i))
        few = count()
        for i in range(17):
            open_case(self.p, client=make_client(self.p.org_a, self.p.wang_fang,
                                                 name=f"乙{i}", sequence=200 + i))
        self.assertEqual(count(), few)


class SupervisorQueueTest(PersonaTestCase):
    def test_the_queue_lists_plans_awaiting_approval_and_overdue_team_cases(self):
        today = timezone.localdate()
        case = scenarios.advance(open_case(self.p), "planning", worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min)
        scenarios.plan(case, self.p.wang_fang, today=today)
        late = open_case(self.p, client=make_client(self.p.org_a, self.p.wang_fang,
                                                     name="王磊", sequence=55),
                         application_date=today - datetime.timedelta(days=30))
        self.client.force_login(self.p.chen_min)
        response = self.client.get(reverse("cases:queue"))
        self.assertContains(response, reverse("cases:document_review",
                                              args=[case.pk, "plan", case.plans.get().pk]))
        self.assertContains(response, late.case_number)


class SupervisorQueuePagingTest(PersonaTestCase):
    """The queue shows each list a page at a time with its total, and costs the same queries
    however many plans wait (a large team's supervisor had 1,647 plans rendered at once)."""

    def submit_plans(self, count: int, start: int) -> None:
        today = timezone.localdate()
        for i in range(count):
            client = make_client(self.p.org_a, self.p.wang_fang, name=f"丙{start + i}",
                                 sequence=300 + start + i)
            case = scenarios.advance(open_case(self.p, client=client), "planning",
                                     worker=self.p.wang_fang, supervisor=self.p.chen_min)
            scenarios.plan(case, self.p.wang_fang, today=today)

    def queue(self, **query):
        self.client.force_login(self.p.chen_min)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("cases:queue"), query)
        self.assertEqual(response.status_code, 200)
        return response, len(queries)

    def test_a_page_at_a_time_with_the_total(self):
        from anxin.core.paging import SectionPage

        self.submit_plans(5, 0)
        with mock.patch.object(SectionPage, "per_page", 3):
            first, _ = self.queue()
            second, _ = self.queue(plans_page=2)
        plans = first.context["plans"]
        self.assertEqual((plans.total, len(plans.rows)), (5, 3))
        self.assertContains(first, "?plans_page=2")
        self.assertEqual(len(second.context["plans"].rows), 2)
        shown = {p.pk for p in plans.rows} | {p.pk for p in second.context["plans"].rows}
        self.assertEqual(len(shown), 5)  # no plan on both pages, none left out

    def test_queries_do_not_grow_with_the_plans_waiting(self):
        self.submit_plans(2, 0)
        _, few = self.queue()
        self.submit_plans(4, 10)
        _, many = self.queue()
        self.assertEqual(many, few)


class ReferralViewTest(PersonaTestCase):
    def test_a_referral_goes_out_with_consent_and_the_receiver_accepts_it(self):
        p = self.p
        case = scenarios.advance(open_case(p), "intake", worker=p.wang_fang,
                                 supervisor=p.chen_min)
        self.client.force_login(p.wang_fang)
        response = self.client.post(reverse("cases:referral_prepare", args=[case.pk]), {
            "kind": "internal", "to_organization": p.org_b.pk, "reason": "迁居深圳",
            "consent_mode": "written", "consent_on": timezone.localdate().isoformat(),
            "shared_items": ["basic"]})
        self.assertRedirects(response, case.get_absolute_url())
        self.client.post(reverse("cases:transition", args=[case.pk, "refer_out"]),
                         {"reason": "迁居深圳"})
        case.refresh_from_db()
        self.assertEqual(case.stage, "referred")
        referral = Referral.objects.get()
        self.client.force_login(p.zhao_lei)  # a worker does not answer referrals
        self.assertEqual(self.client.get(reverse("cases:queue")).status_code, 403)
        self.client.force_login(p.qian_wei)
        detail = reverse("cases:referral_detail", args=[referral.pk])
        response = self.client.get(detail)
        self.assertContains(response, p.client_a.name)
        self.assertNotContains(response, case.get_absolute_url())
        response = self.client.post(detail, {"accept": "yes", "worker": p.zhao_lei.pk,
                                             "supervisor": p.qian_wei.pk})
        referral.refresh_from_db()
        self.assertEqual(referral.status, "accepted")
        self.assertRedirects(response, referral.new_case.get_absolute_url())
        self.assertEqual(referral.new_case.organization, p.org_b)
        self.assertEqual(referral.new_case.referred_from, case)

    def test_a_declined_referral_is_shown_on_the_sending_case(self):
        p = self.p
        case = scenarios.advance(open_case(p), "intake", worker=p.wang_fang,
                                 supervisor=p.chen_min)
        actions.do_prepare_referral(case, acting_user=p.wang_fang, data={
            "kind": "internal", "to_organization": p.org_b, "reason": "迁居深圳",
            "consent_mode": "verbal", "consent_on": timezone.localdate(),
            "shared_items": ["basic"]})
        case = actions.do_transition(case, "refer_out", acting_user=p.wang_fang,
                                     reason="迁居深圳")
        actions.do_answer_referral(Referral.objects.get(), acting_user=p.qian_wei,
                                   accept=False, reason="本院无社区康复服务")
        self.client.force_login(p.wang_fang)
        response = self.client.get(reverse("cases:detail", args=[case.pk]))
        self.assertContains(response, "本院无社区康复服务")
        self.assertContains(response, "请开立新个案或转介至其他机构")
