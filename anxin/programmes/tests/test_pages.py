"""The pages seen from outside: who may open and post to each (every persona), another
organisation's case a 404, a refused form that saves nothing, the weekly page in Chinese with
those without training at the top, the daily log only in a residential centre, the case page's
panel (nothing for another pathway, at most two queries), and the menu."""

import datetime

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anxin.accounts.choices import OrganizationKind
from anxin.programmes import menu
from anxin.programmes.models import DailyServiceLog, TrainingSession

from .helpers import NOW, ProgrammeTestCase, at, set_kind, this_week

READERS = {"wang_fang", "li_qiang", "chen_min", "admin_a", "archivist_a", "quality_a"}
RECORDERS = {"wang_fang", "li_qiang", "chen_min"}
# Of case_a (王芳's, supervised by 陈敏): 李强 does not see it, nor 赵磊 of org B.
CASE_READERS = READERS - {"li_qiang"}
CASE_RECORDERS = RECORDERS - {"li_qiang"}


def session_post(**overrides) -> dict:
    started = timezone.localtime(NOW() - datetime.timedelta(hours=1))
    data = {"programme": "social_adaptation", "delivery": "one_to_one",
            "started_at": started.strftime("%Y-%m-%dT%H:%M"), "minutes": "50",
            "lead_sex": "M", "note": "模拟超市购物"}
    data.update(overrides)
    return data


class PagePermissionMatrixTest(ProgrammeTestCase):
    def test_every_page_answers_each_role_as_its_capabilities_say(self):
        pages = {
            "participation": (reverse("programmes:participation"), READERS),
            "daily": (reverse("programmes:daily"), READERS),
            "daily_add": (reverse("programmes:daily_add"), RECORDERS),
            "sessions": (reverse("programmes:sessions", args=[self.case_a.pk]), CASE_READERS),
            "session_add": (reverse("programmes:session_add", args=[self.case_a.pk]),
                            CASE_RECORDERS),
        }
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for page, (url, allowed) in pages.items():
                with self.subTest(user=name, page=page):
                    status = self.client.get(url).status_code
                    if name in allowed:
                        self.assertEqual(status, 200)
                    elif page.startswith("session") and (
                            name in {"li_qiang", "zhao_lei"}):
                        # A case one does not see, another organisation's included.
                        self.assertEqual(status, 404)
                    else:
                        self.assertEqual(status, 403)

    def test_every_form_refuses_those_who_may_not_and_changes_nothing(self):
        p = self.p
        for name, user in p.all_users().items():
            if name in CASE_RECORDERS:
                continue
            self.client.force_login(user)
            with self.subTest(user=name):
                url = reverse("programmes:session_add", args=[self.case_a.pk])
                self.assertIn(self.client.post(url, session_post(lead=p.wang_fang.pk))
                              .status_code, (403, 404))
                if name not in RECORDERS:
                    self.assertEqual(self.client.post(reverse("programmes:daily_add"), {
                        "date": timezone.localdate().isoformat(), "kind": "meals"})
                        .status_code, 403)
        self.assertEqual(TrainingSession.objects.count(), 0)
        self.assertEqual(DailyServiceLog.objects.count(), 0)


class SessionPagesTest(ProgrammeTestCase):
    def test_a_worker_records_a_session_and_sees_it_on_the_case(self):
        p = self.p
        self.client.force_login(p.wang_fang)
        url = reverse("programmes:session_add", args=[self.case_a.pk])
        form = self.client.get(url)
        self.assertContains(form, "记录个别训练")
        self.assertContains(form, "工作人员与服务对象性别不同时须有陪同人员")
        response = self.client.post(url, session_post(lead=p.wang_fang.pk), follow=True)
        self.assertContains(response, "个别康复训练已记录")
        self.assertContains(response, "社会适应能力训练")
        self.assertContains(response, "模拟超市购物")
        session = TrainingSession.objects.get()
        self.assert_audited("training_session.recorded", target=session, actor=p.wang_fang)
        self.assert_audited("training_session.list_viewed", target=self.case_a,
                            client=p.client_a)

    def test_a_refused_form_shows_the_reason_beside_its_field_and_saves_nothing(self):
        p = self.p
        self.client.force_login(p.wang_fang)
        url = reverse("programmes:session_add", args=[self.case_a.pk])
        response = self.client.post(url, session_post(lead=p.wang_fang.pk, lead_sex="F"))
        self.assertContains(response, 'data-field-error="chaperone"')
        self.assertContains(response, "REH-5.6.2")
        response = self.client.post(url, session_post(lead=p.wang_fang.pk, minutes="61"))
        self.assertContains(response, 'data-field-error="minutes"')
        self.assertContains(response, "45 至 60 分钟")
        response = self.client.post(url, session_post(lead=p.wang_fang.pk, delivery="home"))
        self.assertContains(response, 'data-field-error="staff"')
        self.assertEqual(TrainingSession.objects.count(), 0)

    def test_a_case_of_another_pathway_has_no_training_pages(self):
        cmh = self.resident(self.p.client_a, self.p.wang_fang, pathway="cmh")
        self.client.force_login(self.p.wang_fang)
        for name in ("programmes:sessions", "programmes:session_add"):
            self.assertEqual(self.client.get(reverse(name, args=[cmh.pk])).status_code, 404)

    def test_the_session_list_costs_the_same_for_more_sessions(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("programmes:sessions", args=[self.case_a.pk])
        self.session(delivery="home", staff=[self.p.chen_min])
        self.client.get(url)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for _ in range(4):
            self.session(delivery="home", staff=[self.p.chen_min])
        with CaptureQueriesContext(connection) as five:
            self.client.get(url)
        self.assertEqual(len(five), len(one))


class ParticipationPageTest(ProgrammeTestCase):
    def test_it_shows_those_without_training_first_and_links_the_weeks(self):
        week = this_week().previous
        self.session(started_at=at(week.monday))
        self.client.force_login(self.p.admin_a)
        response = self.client.get(reverse("programmes:participation"), {"week": week.code})
        self.assertContains(response, "每周参与记录")
        self.assertContains(response, "本周有 1 名康复者没有训练记录")
        self.assertContains(response, f"?week={week.previous.code}")
        self.assertContains(response, f"?week={week.next.code}")
        self.assertContains(response, "生活自理能力训练")
        html = response.content.decode()
        warning = html.index('id="residents-without-training"')
        self.assertLess(warning, html.index('id="participation"'))
        self.assertLess(html.index(f'id="resident-{self.case_a2.pk}"'),
                        html.index(f'id="resident-{self.case_a.pk}"'))
        self.assertIn("刘秀英", html[warning:html.index('id="participation"')])

    def test_a_malformed_week_shows_this_week(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("programmes:participation"), {"week": "W99"})
        self.assertContains(response, this_week().code)

    def test_it_is_a_rehabilitation_centres_page(self):
        set_kind(self.p.org_a, OrganizationKind.COMMUNITY_STATION, self.p.wang_fang)
        self.client.force_login(self.p.wang_fang)
        self.assertEqual(self.client.get(reverse("programmes:participation")).status_code, 403)


class DailyLogPageTest(ProgrammeTestCase):
    def test_a_worker_records_a_daily_service_and_sees_it_on_its_day(self):
        self.client.force_login(self.p.wang_fang)
        today = timezone.localdate().isoformat()
        response = self.client.post(reverse("programmes:daily_add"), {
            "date": today, "kind": "recreation", "case": self.case_a.pk, "note": "下午书法"},
            follow=True)
        self.assertContains(response, "日常服务已记录")
        self.assertContains(response, "文化娱乐")
        self.assertContains(response, "下午书法")
        self.assert_audited("daily_service.day_viewed", actor=self.p.wang_fang)

    def test_a_house_wide_entry_is_seen_by_all_a_residents_only_by_those_who_see_the_case(self):
        from anxin.programmes import actions

        actions.do_record_daily_service(acting_user=self.p.wang_fang,
                                        date=timezone.localdate(), kind="meals", note="午餐少盐")
        actions.do_record_daily_service(acting_user=self.p.wang_fang,
                                        date=timezone.localdate(), kind="psychological",
                                        case=self.case_a, note="情绪平稳")
        self.client.force_login(self.p.li_qiang)
        response = self.client.get(reverse("programmes:daily"))
        self.assertContains(response, "午餐少盐")
        self.assertNotContains(response, "情绪平稳")

    def test_a_day_centre_has_no_daily_log(self):
        set_kind(self.p.org_a, OrganizationKind.REHAB_DAY, self.p.wang_fang)
        self.client.force_login(self.p.wang_fang)
        self.assertEqual(self.client.get(reverse("programmes:daily")).status_code, 403)
        self.assertEqual(self.client.get(reverse("programmes:daily_add")).status_code, 403)
        self.assertEqual(self.client.get(reverse("programmes:participation")).status_code, 200)


class CasePanelTest(ProgrammeTestCase):
    def render(self, case, user):
        request = RequestFactory().get("/")
        request.user = user
        user.membership  # noqa: B018 (read once per request by the middleware)
        with CaptureQueriesContext(connection) as queries:
            html = Template("{% load programmes_panels %}{% programmes_case_panel case %}"
                            ).render(Context({"request": request, "case": case}))
        return html, len(queries)

    def test_it_shows_this_weeks_sessions_and_the_link_in_at_most_two_queries(self):
        self.session()
        html, queries = self.render(self.case_a, self.p.wang_fang)
        self.assertIn("记录个别训练", html)
        self.assertIn("生活自理能力训练", html)
        self.assertLessEqual(queries, 2)

    def test_it_renders_nothing_for_another_pathway(self):
        cmh = self.resident(self.p.client_a, self.p.wang_fang, pathway="cmh")
        html, queries = self.render(cmh, self.p.wang_fang)
        self.assertEqual(html.strip(), "")
        self.assertEqual(queries, 0)

    def test_readers_see_the_panel_without_the_link(self):
        html, _ = self.render(self.case_a, self.p.archivist_a)
        self.assertIn("个别康复训练", html)
        self.assertNotIn("记录个别训练", html)

    def test_the_case_page_shows_it(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(self.case_a.get_absolute_url())
        self.assertContains(response, "记录个别训练")
        self.assertContains(response, reverse("programmes:session_add", args=[self.case_a.pk]))


class MenuTest(ProgrammeTestCase):
    def test_it_offers_the_weekly_record_and_in_a_residential_centre_the_daily_log(self):
        p = self.p
        urls = [url for url, _ in menu.links(p.archivist_a)]
        self.assertEqual(urls, [reverse("programmes:participation"), reverse("programmes:daily")])
        self.assertEqual(menu.links(p.viewer), [])
        self.assertEqual(menu.links(p.zhao_lei), [])
        set_kind(p.org_a, OrganizationKind.REHAB_DAY, p.wang_fang)
        self.assertEqual([url for url, _ in menu.links(p.wang_fang)],
                         [reverse("programmes:participation")])
