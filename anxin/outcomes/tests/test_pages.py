"""The outcome pages seen from outside: who may open and post to each (every persona), another
organisation's client or placement a 404, a failed form that saves nothing, the client file's
panel, the menu of a rehabilitation centre, and a list whose query count does not grow with its
rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anxin.accounts.choices import OrganizationKind
from anxin.outcomes import actions, menu
from anxin.outcomes.models import DisabilityAssessment, Placement, RelapseAdmission
from anxin.workspace.testing.personas import make_client

from .helpers import HOSPITAL, TODAY, WORKPLACE, OutcomesTestCase, days_ago

READERS = {"wang_fang", "chen_min", "admin_a", "archivist_a", "quality_a", "li_qiang",
           "zhao_lei"}
RECORDERS = {"wang_fang", "chen_min"}


class PagePermissionTest(OutcomesTestCase):
    def test_the_placement_list_answers_each_role_and_shows_only_what_each_sees(self):
        url = reverse("outcomes:placements")
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            with self.subTest(user=name):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200 if name in READERS else 403)
                if name in READERS:
                    shows = name not in ("li_qiang", "zhao_lei")
                    self.assertEqual(WORKPLACE in response.content.decode(), shows)

    def test_each_form_answers_each_role(self):
        client_id = self.p.client_a.pk
        pages = [reverse(f"outcomes:{name}", args=[client_id])
                 for name in ("placement_add", "relapse_add", "disability_add")]
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for url in pages:
                with self.subTest(user=name, url=url):
                    status = self.client.get(url).status_code
                    if name in RECORDERS:
                        self.assertEqual(status, 200)
                    elif name in ("li_qiang", "zhao_lei"):
                        # May record, but not this client: not theirs, or another
                        # organisation's.
                        self.assertEqual(status, 404)
                    else:
                        self.assertEqual(status, 403)

    def test_posts_by_those_who_may_not_change_nothing(self):
        before = (Placement.objects.count(), RelapseAdmission.objects.count(),
                  DisabilityAssessment.objects.count())
        body = {"kind": "flexible", "workplace": "x", "job": "x", "hours_per_week": "10",
                "started_on": TODAY().isoformat(), "admitted_on": TODAY().isoformat(),
                "hospital": "x", "assessed_on": TODAY().isoformat(), "grade": "2",
                "assessing_body": "x", "ended_on": TODAY().isoformat()}
        posts = [reverse(f"outcomes:{name}", args=[self.p.client_a.pk])
                 for name in ("placement_add", "relapse_add", "disability_add")]
        posts.append(reverse("outcomes:placement_end", args=[self.placement.pk]))
        for name in ("admin_a", "archivist_a", "quality_a", "viewer", "li_qiang", "zhao_lei"):
            self.client.force_login(getattr(self.p, name))
            for url in posts:
                with self.subTest(user=name, url=url):
                    status = self.client.post(url, body).status_code
                    self.assertEqual(status, 404 if name in ("li_qiang", "zhao_lei") else 403)
        self.assertEqual((Placement.objects.count(), RelapseAdmission.objects.count(),
                          DisabilityAssessment.objects.count()), before)
        self.assertIsNone(Placement.objects.get(pk=self.placement.pk).ended_on)


class PageFlowTest(OutcomesTestCase):
    def setUp(self):
        self.client.force_login(self.p.wang_fang)

    def test_a_placement_is_added_and_a_refusal_shows_beside_its_field(self):
        url = reverse("outcomes:placement_add", args=[self.p.client_a.pk])
        response = self.client.post(url, {"kind": "assisted", "workplace": "手工坊",
                                          "job": "包装", "hours_per_week": "10",
                                          "started_on": TODAY().isoformat()})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "该服务对象已有进行中的同类就业安置")
        self.assertEqual(Placement.objects.count(), 1)
        response = self.client.post(url, {"kind": "full_time", "workplace": "红牌楼超市",
                                          "job": "理货员", "hours_per_week": "40",
                                          "started_on": days_ago(3).isoformat()})
        self.assertRedirects(response, self.p.client_a.get_absolute_url(),
                             fetch_redirect_response=False)
        self.assertTrue(Placement.objects.filter(kind="full_time").exists())

    def test_the_form_offers_the_clients_completed_agreements(self):
        page = self.client.get(reverse("outcomes:placement_add", args=[self.p.client_a.pk]))
        self.assertContains(page, f'value="{self.agreement.pk}"')
        self.assertContains(page, self.case.case_number)

    def test_a_placement_is_ended_from_the_list(self):
        response = self.client.post(reverse("outcomes:placement_end", args=[self.placement.pk]),
                                    {"ended_on": TODAY().isoformat(), "next": "list"})
        self.assertRedirects(response, reverse("outcomes:placements"),
                             fetch_redirect_response=False)
        self.assertEqual(Placement.objects.get(pk=self.placement.pk).ended_on, TODAY())

    def test_ending_before_the_start_is_refused_with_a_message(self):
        response = self.client.post(reverse("outcomes:placement_end", args=[self.placement.pk]),
                                    {"ended_on": days_ago(60).isoformat()}, follow=True)
        self.assertContains(response, "结束日期不得早于开始日期")
        self.assertIsNone(Placement.objects.get(pk=self.placement.pk).ended_on)

    def test_a_relapse_and_a_disability_are_recorded(self):
        client_url = self.p.client_a.get_absolute_url()
        response = self.client.post(reverse("outcomes:relapse_add", args=[self.p.client_a.pk]), {
            "admitted_on": days_ago(2).isoformat(), "hospital": HOSPITAL})
        self.assertRedirects(response, client_url, fetch_redirect_response=False)
        response = self.client.post(
            reverse("outcomes:disability_add", args=[self.p.client_a.pk]),
            {"assessed_on": days_ago(2).isoformat(), "grade": "5", "assessing_body": "残联"})
        self.assertContains(response, "assessing_body")
        self.assertEqual(DisabilityAssessment.objects.count(), 1)
        response = self.client.post(
            reverse("outcomes:disability_add", args=[self.p.client_a.pk]),
            {"assessed_on": days_ago(2).isoformat(), "grade": "4", "assessing_body": "残联"})
        self.assertRedirects(response, client_url, fetch_redirect_response=False)
        self.assertEqual(RelapseAdmission.objects.count(), 2)
        self.assertEqual(DisabilityAssessment.objects.count(), 2)

    def test_the_list_filters_ongoing_ended_and_kind(self):
        actions.do_add_placement(self.p.client_a, acting_user=self.p.wang_fang,
                                 kind="full_time", workplace="红牌楼超市", job="理货员",
                                 hours_per_week=40, started_on=days_ago(300),
                                 ended_on=days_ago(200))
        url = reverse("outcomes:placements")
        for query, shown, hidden in (({"state": "ongoing"}, WORKPLACE, "红牌楼超市"),
                                     ({"state": "ended"}, "红牌楼超市", WORKPLACE),
                                     ({"kind": "assisted"}, WORKPLACE, "红牌楼超市"),
                                     ({"kind": "full_time"}, "红牌楼超市", WORKPLACE)):
            with self.subTest(query=query):
                page = self.client.get(url, query).content.decode()
                self.assertIn(shown, page)
                self.assertNotIn(hidden, page)
        self.assertContains(self.client.get(url), "全日制就业")

    def test_the_lists_query_count_does_not_grow_with_its_rows(self):
        url = reverse("outcomes:placements")
        self.client.force_login(self.p.admin_a)
        self.client.get(url)  # warm caches (content types, translations)
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get(url).status_code, 200)
        for n in range(6):
            client = make_client(self.p.org_a, self.p.wang_fang, name=f"客户{n}",
                                 sequence=40 + n)
            actions.do_add_placement(client, acting_user=self.p.wang_fang, kind="flexible",
                                     workplace=f"单位{n}", job="保洁", hours_per_week=20,
                                     started_on=days_ago(n))
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertContains(response, "单位5")
        self.assertEqual(len(many), len(few))


class ClientPanelTest(OutcomesTestCase):
    def test_the_client_file_lists_the_events_with_links_for_those_who_record(self):
        url = self.p.client_a.get_absolute_url()
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(url)
        self.assertContains(page, 'id="outcomes-panel"')
        self.assertContains(page, WORKPLACE)
        self.assertContains(page, HOSPITAL)
        self.assertContains(page, "精神残疾三级")
        self.assertContains(page, reverse("outcomes:placement_add", args=[self.p.client_a.pk]))
        self.assertContains(page, reverse("documents:detail", args=[self.agreement.pk]))
        self.client.force_login(self.p.archivist_a)
        page = self.client.get(url)
        self.assertContains(page, "精神残疾三级")
        self.assertNotContains(page, reverse("outcomes:relapse_add", args=[self.p.client_a.pk]))


class MenuTest(OutcomesTestCase):
    def test_the_placements_list_is_in_a_rehabilitation_centres_menu_only(self):
        self.assertEqual(menu.links(self.p.wang_fang), [])
        self.p.org_a.kind = OrganizationKind.REHAB_DAY
        self.p.org_a.save(update_fields=["kind"])
        for name in ("wang_fang", "chen_min", "admin_a", "archivist_a", "quality_a"):
            user = getattr(self.p, name)
            user.refresh_from_db()
            with self.subTest(user=name):
                self.assertEqual([url for url, _ in menu.links(user)],
                                 [reverse("outcomes:placements")])
        self.assertEqual(menu.links(self.p.viewer), [])
        self.assertEqual(menu.links(self.p.zhao_lei), [])
