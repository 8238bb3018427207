"""The home-visit pages: who may open each, the journey through them (plan, approve, leave,
check in, form E), refusals shown next to their fields, and bounded query counts."""

from django.conf import settings
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anxin.accounts.capabilities import VISIT_PLAN
from anxin.cases.models import HOME_VISIT_CHECKLIST, ServiceRecord
from anxin.visits import actions
from anxin.visits.actions import check_overdue_visits
from anxin.visits.choices import VisitStatus
from anxin.visits.models import HomeVisit

from .helpers import HOUR, MINUTE, VisitTestCase

OK, FOUND, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
PERSONAS = ("wang_fang", "li_qiang", "chen_min", "admin_a", "archivist_a", "quality_a",
            "zhao_lei", "qian_wei", "viewer")


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


class VisitPageTestCase(VisitTestCase):
    def setUp(self):
        super().setUp()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.p.wang_fang)

    def url(self, name: str, visit: HomeVisit | None = None, *args) -> str:
        return reverse(f"visits:{name}", args=[visit.pk, *args] if visit else list(args))

    def assert_field_error(self, response, field: str, text: str | None = None):
        self.assertEqual(response.status_code, OK)
        self.assertContains(response, f'data-field-error="{field}"')
        if text is not None:
            self.assertContains(response, text)


class PermissionMatrixTest(VisitPageTestCase):
    """Every persona × every page: 200 where allowed, 403 without the capability (or not one of
    the team), 404 for a visit or client of someone they may not see."""

    GETS = ["list", "plan", "detail", "depart", "service_record"]
    EXPECTED = {
        "wang_fang": [OK, OK, OK, OK, OK],
        "li_qiang": [OK, NOT_FOUND, OK, OK, NOT_FOUND],  # goes along; 张伟's case is not his
        "chen_min": [OK, OK, OK, FORBIDDEN, OK],  # supervises; not going herself
        "admin_a": [OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN],
        "archivist_a": [OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN],
        "quality_a": [OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN],
        "zhao_lei": [OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
        "qian_wei": [OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
        "viewer": [FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    }

    def get_urls(self) -> dict[str, str]:
        ready = self.plan()
        back = self.out()
        actions.do_check_in_home_visit(back, acting_user=self.p.wang_fang, now=self.now)
        return {
            "list": self.url("list"),
            "plan": reverse("visits:plan", args=[self.p.client_a.pk]),
            "detail": self.url("detail", ready), "depart": self.url("depart", ready),
            "service_record": self.url("service_record", back),
        }

    def test_it_answers_each_persona_as_the_matrix_says(self):
        urls = self.get_urls()
        for name in PERSONAS:
            self.client.force_login(getattr(self.p, name))
            for page, expected in zip(self.GETS, self.EXPECTED[name], strict=True):
                with self.subTest(persona=name, page=page):
                    self.assertEqual(self.client.get(urls[page]).status_code, expected)

    def test_anonymous_visitors_are_sent_to_log_in(self):
        urls = self.get_urls()
        visit = HomeVisit.objects.first()
        urls.update(decide=self.url("decide", visit), check_in=self.url("check_in", visit),
                    cancel=self.url("cancel", visit))
        self.client.logout()
        for page, url in urls.items():
            with self.subTest(page=page):
                response = (self.client.post(url) if page in ("decide", "check_in", "cancel")
                            else self.client.get(url))
                self.assertEqual(response.status_code, FOUND)
                self.assertTrue(response["Location"].startswith(reverse("accounts:login")))

    def post_as(self, name: str, url: str, data: dict) -> int:
        """The status a persona's POST answers, rolled back so the next persona starts
        from the same visit."""
        self.client.force_login(getattr(self.p, name))
        with transaction.atomic():
            status = self.client.post(url, data).status_code
            transaction.set_rollback(True)
        return status

    def test_who_may_approve(self):
        self.set_risk_level(3)
        visit = self.plan(companion_name="刘建国", companion_role="民警")
        expected = {"wang_fang": FORBIDDEN, "li_qiang": FORBIDDEN, "chen_min": FOUND,
                    "admin_a": FORBIDDEN, "archivist_a": FORBIDDEN, "quality_a": FORBIDDEN,
                    "zhao_lei": FORBIDDEN, "qian_wei": NOT_FOUND, "viewer": FORBIDDEN}
        for name in PERSONAS:
            with self.subTest(persona=name):
                self.assertEqual(self.post_as(name, self.url("decide", visit),
                                              {"decision": "approve"}), expected[name])

    def test_who_may_check_in(self):
        visit = self.out()
        expected = {"wang_fang": FOUND, "li_qiang": FOUND, "chen_min": FORBIDDEN,
                    "admin_a": FORBIDDEN, "archivist_a": FORBIDDEN, "quality_a": FORBIDDEN,
                    "zhao_lei": NOT_FOUND, "qian_wei": NOT_FOUND, "viewer": FORBIDDEN}
        for name in PERSONAS:
            with self.subTest(persona=name):
                self.assertEqual(self.post_as(name, self.url("check_in", visit), {}),
                                 expected[name])

    def test_who_may_cancel(self):
        visit = self.plan()
        expected = {"wang_fang": FOUND, "li_qiang": FOUND, "chen_min": FOUND,
                    "admin_a": FORBIDDEN, "archivist_a": FORBIDDEN, "quality_a": FORBIDDEN,
                    "zhao_lei": NOT_FOUND, "qian_wei": NOT_FOUND, "viewer": FORBIDDEN}
        for name in PERSONAS:
            with self.subTest(persona=name):
                self.assertEqual(self.post_as(name, self.url("cancel", visit),
                                              {"reason": "改期"}), expected[name])

    def test_the_station_worker_sees_the_visit_but_not_the_clients_file(self):
        visit = self.out()
        self.client.force_login(self.zhou_mei)
        page = self.client.get(self.url("detail", visit))
        self.assertContains(page, "13800001111")
        self.assertNotContains(page, self.p.client_a.get_absolute_url())
        self.assertEqual(self.client.get(self.p.client_a.get_absolute_url()).status_code,
                         NOT_FOUND)
        self.assertEqual(self.client.post(self.url("check_in", visit)).status_code, FORBIDDEN)


class PlanPageTest(VisitPageTestCase):
    def plan_url(self, case=True) -> str:
        url = reverse("visits:plan", args=[self.p.client_a.pk])
        return f"{url}?case={self.case.pk}" if case else url

    def form(self, **overrides) -> dict:
        data = {"case": self.case.pk, "planned_for": local(self.now + HOUR),
                "staff": [self.p.wang_fang.pk, self.p.li_qiang.pk],
                "place": "武侯区幸福路1号", "purpose": "了解服药情况",
                "suitability_note": "母亲说近来平稳"}
        data.update(overrides)
        return data

    def test_it_warns_when_no_risk_level_is_on_record(self):
        response = self.client.get(self.plan_url())
        self.assertContains(response, 'id="no-risk-level"')
        self.assertContains(response, "CMH-6.2, CMH-8.2.2a")
        self.assertContains(response, 'name="suitability_note"')
        self.assertContains(response, "幸福路1号")  # the client's address, to start from

    def test_it_says_a_companion_and_approval_are_needed_above_the_threshold(self):
        self.set_risk_level(3)
        response = self.client.get(self.plan_url())
        self.assertContains(response, 'id="needs-companion"')
        self.assertNotContains(response, 'id="no-risk-level"')
        self.assertNotContains(response, 'name="suitability_note"')

    def test_a_plan_for_one_person_is_refused_naming_staff(self):
        response = self.client.post(self.plan_url(), self.form(staff=[self.p.wang_fang.pk]))
        self.assert_field_error(response, "staff", "nobody goes alone")
        self.assertFalse(HomeVisit.objects.exists())

    def test_it_plans_the_visit_within_the_case(self):
        response = self.client.post(self.plan_url(), self.form())
        visit = HomeVisit.objects.get()
        self.assertRedirects(response, visit.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual((visit.case, visit.status), (self.case, VisitStatus.READY))
        self.assertEqual(self.client.get(self.plan_url(case=False) + "?case=x").status_code, OK)
        # From the client's file the only open case is chosen for the worker.
        self.assertContains(self.client.get(self.plan_url(case=False)),
                            f'<option value="{self.case.pk}" selected>')


class JourneyTest(VisitPageTestCase):
    """王芳 plans a visit to a risk-level-3 client; 陈敏 approves; they leave, telling 周梅;
    they come back late; the service record of the visit is written."""

    def test_the_whole_journey_through_the_pages(self):
        self.set_risk_level(3)
        plan_url = reverse("visits:plan", args=[self.p.client_a.pk])
        response = self.client.post(plan_url, {
            "case": self.case.pk, "planned_for": local(self.now),
            "staff": [self.p.wang_fang.pk, self.p.li_qiang.pk], "place": "幸福路1号",
            "purpose": "评估居家安全", "companion_name": "张警官", "companion_role": "民警"})
        visit = HomeVisit.objects.get()
        self.assertRedirects(response, visit.get_absolute_url(), fetch_redirect_response=False)
        page = self.client.get(visit.get_absolute_url())
        self.assertContains(page, 'id="awaiting-approval"')
        self.assertNotContains(page, 'id="depart-link"')
        self.assertEqual(self.client.get(self.url("depart", visit)).status_code, OK)
        refused = self.client.post(self.url("depart", visit), {
            "staff": [self.p.wang_fang.pk, self.p.li_qiang.pk],
            "expected_return_at": local(self.now + 2 * HOUR),
            "station_worker": self.zhou_mei.pk, "contact_phone": "13800001111"})
        self.assertContains(refused, "waiting for a supervisor")

        # 陈敏 approves; refusing without a reason is refused.
        self.client.force_login(self.p.chen_min)
        page = self.client.get(visit.get_absolute_url())
        self.assertContains(page, 'id="approve-submit"')
        response = self.client.post(self.url("decide", visit), {"decision": "refuse"})
        self.assert_field_error(response, "reason", "Say why the visit is refused.")
        response = self.client.post(self.url("decide", visit), {"decision": "approve"})
        self.assertRedirects(response, visit.get_absolute_url(), fetch_redirect_response=False)

        # 王芳 leaves: a past return time is refused next to its field.
        self.client.force_login(self.p.wang_fang)
        self.assertContains(self.client.get(visit.get_absolute_url()), 'id="depart-link"')
        now = timezone.now()
        data = {"staff": [self.p.wang_fang.pk, self.p.li_qiang.pk],
                "expected_return_at": local(now - HOUR), "station_worker": self.zhou_mei.pk,
                "contact_phone": "138 0000 1111"}
        self.assert_field_error(self.client.post(self.url("depart", visit), data),
                                "expected_return_at", "later than now")
        data["expected_return_at"] = local(now + HOUR)
        self.assertRedirects(self.client.post(self.url("depart", visit), data),
                             visit.get_absolute_url(), fetch_redirect_response=False)
        page = self.client.get(visit.get_absolute_url())
        self.assertContains(page, 'id="check-in-submit"')
        self.assertContains(page, 'href="tel:138 0000 1111"')

        # Nobody checks in: the alert is raised; the late check-in says it resolved nothing.
        visit.refresh_from_db()
        self.assertEqual(check_overdue_visits(visit.expected_return_at + 30 * MINUTE), 1)
        response = self.client.post(self.url("check_in", visit), {"note": "手机没电"},
                                    follow=True)
        self.assertContains(response, "Checked in late.")
        self.assertContains(response, 'id="visit-alert-notice"')
        self.assertContains(response, "resolve it on the alert page")
        visit.refresh_from_db()
        self.assertEqual(visit.status, VisitStatus.RETURNED)

        # Form E of the visit: a home visit, so the safety checklist is required.
        form_url = self.url("service_record", visit)
        page = self.client.get(form_url)
        self.assertContains(page, 'id="home-visit-safety"')
        self.assertContains(page, "评估居家安全")  # the purpose, as the session's goal
        record = {"started_at": local(visit.departed_at), "duration_minutes": "50",
                  "place": "幸福路1号", "participants": "张伟", "staff": "王芳、李强",
                  "goal": "评估居家安全", "content": "服务对象自述按时服药。"}
        response = self.client.post(form_url, record)
        for name in HOME_VISIT_CHECKLIST:
            self.assert_field_error(response, name)
        self.assertFalse(ServiceRecord.objects.filter(case=self.case).exists())
        response = self.client.post(form_url, {**record, "mode": "phone",
                                               **dict.fromkeys(HOME_VISIT_CHECKLIST, "on")})
        self.assertRedirects(response, visit.get_absolute_url(), fetch_redirect_response=False)
        visit.refresh_from_db()
        saved = visit.service_record
        self.assertEqual(saved.mode, "home_visit")  # the mode cannot be changed here
        self.assertTrue(all(item.ticked for item in saved.home_visit_checklist()))
        self.assert_audited("home_visit.service_record_added", actor=self.p.wang_fang,
                            target=visit, client=self.p.client_a)
        self.assertContains(self.client.get(visit.get_absolute_url()),
                            reverse("cases:document_view",
                                    args=[self.case.pk, "service_record", saved.pk]))

    def test_viewing_a_visit_is_on_the_record(self):
        visit = self.plan()
        self.client.get(visit.get_absolute_url())
        self.assert_audited("home_visit.viewed", actor=self.p.wang_fang, target=visit,
                            client=self.p.client_a)

    def test_cancelling_needs_a_reason(self):
        visit = self.plan()
        response = self.client.post(self.url("cancel", visit), {"reason": ""})
        self.assert_field_error(response, "reason", "Say why the visit is cancelled.")
        self.assertContains(response, '<details class="mb-3" id="cancel" open>')


class ListAndPanelTest(VisitPageTestCase):
    def make_visits(self, n: int) -> None:
        """`n` visits in turn planned, out, overdue and awaiting approval."""
        for i in range(n):
            visit = self.plan(staff=[self.p.wang_fang, self.p.li_qiang, self.zhou_mei][:2 + i % 2])
            if i % 4 in (1, 2):
                at = timezone.now() - (3 * HOUR if i % 4 == 2 else MINUTE)
                self.depart(visit, at=at)

    def queries(self, url: str) -> int:
        self.client.get(url)  # warm caches (the year's holiday schedule) outside the count
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, OK)
        return len(captured)

    def test_overdue_visits_come_first(self):
        ready = self.plan()
        on_time = self.depart(self.plan(), at=timezone.now() - MINUTE)
        late = self.depart(self.plan(), at=timezone.now() - 3 * HOUR)
        response = self.client.get(self.url("list"))
        rows = [row for row in response.content.decode().split('data-visit="')[1:]]
        order = [int(row.split('"')[0]) for row in rows]
        self.assertEqual(order, [late.pk, on_time.pk, ready.pk])
        self.assertContains(response, "Overdue")

    def test_the_list_costs_the_same_queries_for_two_visits_or_ten(self):
        self.make_visits(2)
        mine, everything = self.url("list"), self.url("list") + "?scope=all"
        few = self.queries(mine)
        self.client.force_login(self.p.chen_min)
        few_all = self.queries(everything)
        self.make_visits(8)
        self.assertEqual(HomeVisit.objects.count(), 10)
        self.assertEqual(self.queries(everything), few_all)
        self.client.force_login(self.p.wang_fang)
        self.assertEqual(self.queries(mine), few)

    def test_the_case_panel_costs_the_same_queries_for_one_visit_or_eight(self):
        self.make_visits(1)
        url = self.case.get_absolute_url()
        few = self.queries(url)
        self.make_visits(7)
        self.assertEqual(self.queries(url), few)

    def test_the_case_and_client_pages_show_the_visits_and_the_plan_button(self):
        visit = self.plan()
        for url in (self.case.get_absolute_url(), self.p.client_a.get_absolute_url()):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, 'id="visits-panel"')
                self.assertContains(response, visit.get_absolute_url())
                self.assertContains(response, 'id="plan-home-visit"')
        self.client.force_login(self.p.admin_a)  # reads the visits, plans none
        self.assertFalse(self.p.admin_a.can(VISIT_PLAN))
        response = self.client.get(self.p.client_a.get_absolute_url())
        self.assertContains(response, visit.get_absolute_url())
        self.assertNotContains(response, 'id="plan-home-visit"')

    def test_a_worker_sees_only_visits_they_take_part_in(self):
        mine = self.plan()
        self.client.force_login(self.zhou_mei)
        self.assertNotContains(self.client.get(self.url("list")), mine.get_absolute_url())
        self.depart(mine)  # 周梅 is now the station worker
        self.assertContains(self.client.get(self.url("list")), mine.get_absolute_url())


class AlertSourceTest(VisitPageTestCase):
    def test_the_alert_page_names_who_went_where_and_when_they_were_due(self):
        visit = self.out()
        check_overdue_visits(visit.expected_return_at + 30 * MINUTE)
        html = render_to_string("visits/_alert_source_homevisit.html", {"source": visit})
        for text in ("王芳", "李强", "幸福路1号", "了解近期服药与睡眠情况", "周梅",
                     'href="tel:13800001111"', visit.get_absolute_url()):
            with self.subTest(text=text):
                self.assertIn(text, html)
        from anxin.safety.models import Alert

        alert = Alert.objects.get(rule="visit_overdue")
        self.client.force_login(self.zhou_mei)
        response = self.client.get(alert.get_absolute_url())
        self.assertContains(response, 'class="visit-source"')

