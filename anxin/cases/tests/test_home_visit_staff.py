"""A home visit is made by two staff at least (CMH-8.2.2a, REH-5.6.3, MSW-9.1.3.2), and its
form E cannot say otherwise: in mode 家访 it names two colleagues who are accounts of the
organisation, or it is written from the home visit it reports. A staff line typed as free text
proves nothing."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from anxin.cases import actions, scenarios
from anxin.cases.models import HOME_VISIT_CHECKLIST, ServiceRecord
from anxin.workspace.testing.cases import PersonaTestCase

TICKED = dict.fromkeys(HOME_VISIT_CHECKLIST, True)


class HomeVisitStaffTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        case = actions.do_open_case(cls.p.client_a, acting_user=cls.p.wang_fang,
                                    worker=cls.p.wang_fang, supervisor=cls.p.chen_min,
                                    source="sought_help", application_date=timezone.localdate())
        cls.case = scenarios.advance(case, "intervention", worker=cls.p.wang_fang,
                                     supervisor=cls.p.chen_min)

    def setUp(self):
        # Messages are checked in English, whatever the catalogue holds.
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def add(self, **overrides) -> ServiceRecord:
        data = {"mode": "home_visit", "started_at": timezone.now() - datetime.timedelta(hours=2),
                "duration_minutes": 45, "place": "服务对象家中", "participants": "服务对象",
                "staff": "王芳、李强", "goal": "了解服药情况", "content": "服务对象自述按时服药。",
                **TICKED, **overrides}
        return actions.do_add_service_record(self.case, acting_user=self.p.wang_fang, data=data)

    def assert_refused(self, message: str, **overrides) -> None:
        before = ServiceRecord.objects.count()
        with self.assertRaises(ValidationError) as caught:
            self.add(**overrides)
        self.assertEqual(list(caught.exception.message_dict), ["staff_members"])
        self.assertIn(message, caught.exception.message_dict["staff_members"][0])
        self.assertEqual(ServiceRecord.objects.count(), before)

    def test_it_refuses_a_home_visit_whose_staff_are_only_typed_in(self):
        self.assert_refused("CMH-8.2.2a, REH-5.6.3, MSW-9.1.3.2")
        self.assert_refused("at least two staff", staff_members=[self.p.wang_fang])
        self.assert_refused("at least two staff",
                            staff_members=[self.p.wang_fang, self.p.wang_fang])

    def test_the_staff_named_are_colleagues_who_go_on_home_visits(self):
        for outsider in (self.p.zhao_lei, self.p.admin_a, self.p.viewer):
            with self.subTest(outsider=outsider.username):
                self.assert_refused("Choose staff of this organisation.",
                                    staff_members=[self.p.wang_fang, outsider])

    def test_two_colleagues_named_are_kept_with_the_record_and_audited(self):
        record = self.add(staff_members=[self.p.wang_fang, self.p.li_qiang])
        self.assertEqual(set(record.staff_members.all()), {self.p.wang_fang, self.p.li_qiang})
        event = self.assert_audited("service_record.added", actor=self.p.wang_fang,
                                    target=record)
        self.assertEqual(event.data["staff_members"],
                         sorted([self.p.wang_fang.pk, self.p.li_qiang.pk]))

    def test_an_empty_staff_line_is_filled_from_the_staff_who_went(self):
        record = self.add(staff="", staff_members=[self.p.wang_fang, self.p.li_qiang])
        self.assertEqual(set(record.staff.split("、")), {"王芳", "李强"})

    def test_another_mode_of_service_needs_no_second_person(self):
        record = self.add(mode="phone", staff="王芳", staff_members=[self.p.wang_fang])
        self.assertFalse(record.staff_members.exists())

    def test_the_form_asks_for_the_staff_who_went_and_shows_the_refusal(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(self.p.wang_fang)
        url = reverse("cases:document_edit", args=[self.case.pk, "service_record"])
        self.assertContains(self.client.get(url), 'name="staff_members"')
        started = timezone.localtime() - datetime.timedelta(hours=1)
        data = {"mode": "home_visit", "started_at": started.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": "45", "place": "服务对象家中", "participants": "服务对象",
                "staff": "王芳、李强", "goal": "了解服药情况", "content": "服务对象自述按时服药。",
                **dict.fromkeys(HOME_VISIT_CHECKLIST, "on")}
        response = self.client.post(url, data)
        self.assertContains(response, 'data-field-error="staff_members"')
        self.assertFalse(ServiceRecord.objects.filter(case=self.case).exists())
        response = self.client.post(url, {**data, "staff_members": [self.p.wang_fang.pk,
                                                                    self.p.li_qiang.pk]})
        self.assertRedirects(response, self.case.get_absolute_url(),
                             fetch_redirect_response=False)
