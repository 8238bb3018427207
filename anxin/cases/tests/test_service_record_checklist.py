"""Form E in mode 家访 carries the on-site safety checklist of CMH-8.2.2a: the home checked for
safety and a way out, phones on, the talk in the living room near the exit, never a back turned
and about 1 m kept. Every item is ticked on a home visit; none is kept on another session."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from anxin.cases import actions, scenarios
from anxin.cases.models import HOME_VISIT_CHECKLIST, ServiceRecord
from anxin.cases.printing.render import render_html
from anxin.workspace.testing.cases import PersonaTestCase

TICKED = dict.fromkeys(HOME_VISIT_CHECKLIST, True)


class ChecklistTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        case = actions.do_open_case(cls.p.client_a, acting_user=cls.p.wang_fang,
                                    worker=cls.p.wang_fang, supervisor=cls.p.chen_min,
                                    source="sought_help", application_date=timezone.localdate())
        cls.case = scenarios.advance(case, "intervention", worker=cls.p.wang_fang,
                                     supervisor=cls.p.chen_min)

    def session(self, **overrides) -> dict:
        data = {"mode": "home_visit",
                "started_at": timezone.now() - datetime.timedelta(hours=2),
                "duration_minutes": 45, "place": "服务对象家中客厅", "participants": "服务对象",
                "staff": "王芳、李强", "staff_members": [self.p.wang_fang, self.p.li_qiang],
                "goal": "了解服药情况", "content": "服务对象自述按时服药。"}
        data.update(overrides)
        return data

    def add(self, **overrides) -> ServiceRecord:
        return actions.do_add_service_record(self.case, acting_user=self.p.wang_fang,
                                             data=self.session(**overrides))


class ChecklistActionTests(ChecklistTestCase):
    def test_a_home_visit_without_the_checklist_is_refused_naming_each_item(self):
        before = ServiceRecord.objects.count()
        with self.assertRaises(ValidationError) as caught:
            self.add()
        self.assertEqual(sorted(caught.exception.message_dict), sorted(HOME_VISIT_CHECKLIST))
        self.assertIn("CMH-8.2.2a", caught.exception.message_dict["kept_distance"][0])
        self.assertEqual(ServiceRecord.objects.count(), before)

    def test_each_unticked_item_is_named_on_its_own(self):
        for missing in HOME_VISIT_CHECKLIST:
            with self.subTest(missing=missing), self.assertRaises(ValidationError) as caught:
                self.add(**{**TICKED, missing: False})
            self.assertEqual(list(caught.exception.message_dict), [missing])

    def test_a_home_visit_with_every_item_ticked_is_saved_and_audited(self):
        record = self.add(**TICKED)
        record.refresh_from_db()
        self.assertTrue(all(item.ticked for item in record.home_visit_checklist()))
        self.assert_audited("service_record.added", actor=self.p.wang_fang, target=record,
                            client=self.p.client_a)

    def test_other_sessions_need_no_checklist_and_keep_no_ticks(self):
        record = self.add(mode="phone", **TICKED)
        record.refresh_from_db()
        self.assertFalse(any(item.ticked for item in record.home_visit_checklist()))

    def test_the_scenario_and_demo_sessions_pass_the_checklist(self):
        record = scenarios.record_session(self.case, self.p.wang_fang,
                                          when=timezone.now() - datetime.timedelta(hours=1))
        self.assertEqual(record.mode, "home_visit")
        self.assertTrue(all(item.ticked for item in record.home_visit_checklist()))


class ChecklistPageTests(ChecklistTestCase):
    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.p.wang_fang)
        self.url = reverse("cases:document_edit", args=[self.case.pk, "service_record"])

    def post(self, **overrides):
        data = self.session(**overrides)
        data["started_at"] = timezone.localtime(data["started_at"]).strftime("%Y-%m-%dT%H:%M")
        data["staff_members"] = [user.pk for user in data["staff_members"]]
        data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
        return self.client.post(self.url, data)

    def test_the_form_shows_the_checklist_for_a_home_visit(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'id="home-visit-safety" data-show-when="mode=home_visit"')
        for name in HOME_VISIT_CHECKLIST:
            self.assertContains(response, f'name="{name}"')
        self.assertContains(response, "about 1 metre away")

    def test_a_home_visit_posted_without_the_ticks_shows_an_error_on_each(self):
        response = self.post(**{**TICKED, "phone_kept_on": False})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-field-error="phone_kept_on"')
        for name in set(HOME_VISIT_CHECKLIST) - {"phone_kept_on"}:
            self.assertNotContains(response, f'data-field-error="{name}"')
        self.assertFalse(ServiceRecord.objects.filter(case=self.case, staff="王芳、李强").exists())

    def test_a_ticked_home_visit_is_saved_and_read_back_with_its_checklist(self):
        response = self.post(**TICKED)
        self.assertRedirects(response, self.case.get_absolute_url(),
                             fetch_redirect_response=False)
        record = ServiceRecord.objects.get(case=self.case, staff="王芳、李强")
        page = self.client.get(reverse("cases:document_view",
                                       args=[self.case.pk, "service_record", record.pk]))
        self.assertContains(page, 'id="home-visit-safety"')
        self.assertContains(page, 'data-item="sat_near_exit"')
        self.assertNotContains(page, "not recorded")


class ChecklistPrintTests(ChecklistTestCase):
    def test_the_printed_home_visit_record_shows_the_ticked_checklist(self):
        record = self.add(**TICKED)
        html = render_html(self.case, "service_record", record)
        self.assertIn("家访安全", html)
        for wording in ("确保出入安全", "时刻保持通讯设备畅通", "离出入口较近",
                        "保持1米左右距离"):
            self.assertIn(wording, html)
        row = html.split('class="home-visit-safety"')[1].split("</tr>")[0]
        self.assertEqual(row.count('class="box on"'), 4)

    def test_another_session_prints_no_checklist(self):
        record = self.add(mode="interview")
        self.assertNotIn("家访安全", render_html(self.case, "service_record", record))


class NotPossibleTests(ChecklistTestCase):
    """MSW-B.1.2 准确记录服务情况: an item that could not be done is left unticked with the
    reason, so the record says what happened instead of a tick that did not."""

    NO_SIGNAL = "服务对象家中无手机信号"

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def test_it_saves_an_item_not_possible_unticked_with_its_reason(self):
        record = self.add(**{**TICKED, "phone_kept_on": False,
                             "phone_kept_on_not_possible": f" {self.NO_SIGNAL} "})
        record.refresh_from_db()
        items = {item.name: item for item in record.home_visit_checklist()}
        self.assertEqual((items["phone_kept_on"].ticked, items["phone_kept_on"].not_possible),
                         (False, self.NO_SIGNAL))
        self.assertTrue(items["kept_distance"].ticked)
        event = self.assert_audited("service_record.added", target=record)
        self.assertEqual(event.data["not_possible"], ["phone_kept_on"])

    def test_a_blank_reason_is_no_reason(self):
        with self.assertRaises(ValidationError) as caught:
            self.add(**{**TICKED, "sat_near_exit": False, "sat_near_exit_not_possible": "  "})
        self.assertEqual(list(caught.exception.message_dict), ["sat_near_exit"])
        self.assertIn("say why it was not possible",
                      caught.exception.message_dict["sat_near_exit"][0])

    def test_a_ticked_item_keeps_no_reason_and_another_session_none_at_all(self):
        record = self.add(**TICKED, kept_distance_not_possible="无")
        self.assertEqual(record.kept_distance_not_possible, "")
        record = self.add(mode="phone", checked_home_safety_not_possible="电访")
        self.assertEqual(record.checked_home_safety_not_possible, "")

    def test_the_pages_show_the_reason(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.p.wang_fang)
        url = reverse("cases:document_edit", args=[self.case.pk, "service_record"])
        form = self.client.get(url)
        self.assertContains(form, 'name="phone_kept_on_not_possible"')
        self.assertContains(form, 'id="not-possible-phone_kept_on"')
        record = self.add(**{**TICKED, "phone_kept_on": False,
                             "phone_kept_on_not_possible": self.NO_SIGNAL})
        page = self.client.get(reverse("cases:document_view",
                                       args=[self.case.pk, "service_record", record.pk]))
        self.assertContains(page, f"not possible: {self.NO_SIGNAL}")

    def test_the_print_shows_the_item_unticked_with_the_reason(self):
        record = self.add(**{**TICKED, "phone_kept_on": False,
                             "phone_kept_on_not_possible": self.NO_SIGNAL})
        html = render_html(self.case, "service_record", record)
        row = html.split('class="home-visit-safety"')[1].split("</tr>")[0]
        self.assertEqual(row.count('class="box on"'), 3)
        expected = f'时刻保持通讯设备畅通<span class="not-possible">（未能做到：{self.NO_SIGNAL}）'
        self.assertIn(expected, row)
