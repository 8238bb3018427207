"""Every safety page and endpoint, for every persona: who may see and work alerts, record
incidents, change settings; another organisation's alert is a 404. List query counts are flat."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anxin.notifications.models import Notification
from anxin.safety import actions
from anxin.safety.choices import AlertStatus
from anxin.safety.models import Alert, Incident
from anxin.safety.selectors import settings_for
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import open_case, resolve, skip_reasons
from .test_incidents import incident_data

# persona → status for GET of the alert page of an alert on 张伟's case (王芳/陈敏's)
ALERT_PAGE = {"wang_fang": 200, "chen_min": 200, "admin_a": 200, "quality_a": 200,
              "li_qiang": 404, "archivist_a": 403, "zhao_lei": 404, "viewer": 403}
HANDLERS = {"wang_fang", "chen_min"}


class SafetyViewTests(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p)
        self.alert = actions.raise_alert("phq9_self_harm", organization=self.p.org_a,
                                         client=self.p.client_a, case=self.case,
                                         detail="PHQ-9 · total: 12")

    def login(self, name):
        self.client.logout()
        self.client.force_login(getattr(self.p, name))

    def test_alert_page_matrix(self):
        url = reverse("safety:alert", args=[self.alert.pk])
        for name, status in ALERT_PAGE.items():
            with self.subTest(name=name):
                self.login(name)
                self.assertEqual(self.client.get(url).status_code, status)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)

    def test_every_view_of_an_alert_is_audited(self):
        self.login("quality_a")
        self.client.get(reverse("safety:alert", args=[self.alert.pk]))
        self.assert_audited("safety.alert.viewed", actor=self.p.quality_a, target=self.alert,
                            client=self.p.client_a)

    def test_alert_page_shows_protocol_and_buttons_to_handlers_only(self):
        url = reverse("safety:alert", args=[self.alert.pk])
        for name in ("wang_fang", "chen_min", "admin_a", "quality_a"):
            with self.subTest(name=name):
                self.login(name)
                page = self.client.get(url).content.decode()
                self.assertIn("联系精神专科医院", page)
                self.assertIn("PHQ-9 · total: 12", page)
                self.assertEqual('id="acknowledge"' in page, name in HANDLERS)

    def test_acknowledge_step_resolve_by_post(self):
        self.login("chen_min")
        base = [self.alert.pk]
        self.client.post(reverse("safety:alert_acknowledge", args=base))
        self.assertEqual(Alert.objects.get().status, AlertStatus.ACKNOWLEDGED)
        self.client.post(reverse("safety:alert_step", args=base),
                         {"protocol_item": "contact_family"})
        self.client.post(reverse("safety:alert_step", args=base), {"note": "已通知社区书记"})
        self.assertEqual([s.protocol_item for s in self.alert.steps.all()],
                         ["contact_family", ""])
        page = self.client.get(reverse("safety:alert", args=base)).content.decode()
        self.assertIn("已通知社区书记", page)
        response = self.client.post(reverse("safety:alert_resolve", args=base),
                                    {"resolution": ""})
        self.assertContains(response, "请说明预警如何解除", status_code=400)
        self.assertEqual(Alert.objects.get().status, AlertStatus.ACKNOWLEDGED)
        reasons = {f"not_applicable.{code}": text
                   for code, text in skip_reasons(self.alert).items()}
        self.client.post(reverse("safety:alert_resolve", args=base),
                         {"resolution": "已送医", **reasons})
        self.assertEqual(Alert.objects.get().status, AlertStatus.RESOLVED)

    def test_posts_refused_to_those_who_may_not_handle(self):
        for name, status in (("admin_a", 403), ("quality_a", 403), ("li_qiang", 404),
                             ("zhao_lei", 404), ("viewer", 403)):
            for route in ("safety:alert_acknowledge", "safety:alert_step", "safety:alert_resolve"):
                with self.subTest(name=name, route=route):
                    self.login(name)
                    response = self.client.post(reverse(route, args=[self.alert.pk]),
                                                {"note": "x", "resolution": "x"})
                    self.assertEqual(response.status_code, status)
        alert = Alert.objects.get()
        self.assertEqual(alert.status, AlertStatus.OPEN)
        self.assertFalse(alert.steps.exists())

    def test_get_is_not_allowed_on_actions(self):
        self.login("chen_min")
        response = self.client.get(reverse("safety:alert_acknowledge", args=[self.alert.pk]))
        self.assertEqual(response.status_code, 405)

    def test_list_and_dashboard(self):
        for name, status in (("wang_fang", 200), ("chen_min", 200), ("admin_a", 200),
                             ("quality_a", 200), ("archivist_a", 403), ("viewer", 403),
                             ("zhao_lei", 200), ("li_qiang", 200)):
            with self.subTest(name=name):
                self.login(name)
                response = self.client.get(reverse("safety:alerts"))
                self.assertEqual(response.status_code, status)
                if status == 200:
                    shown = self.alert.get_absolute_url() in response.content.decode()
                    self.assertEqual(shown, name in {"wang_fang", "chen_min", "admin_a",
                                                     "quality_a"})
        self.login("chen_min")
        home = self.client.get(reverse("home")).content.decode()
        self.assertIn('id="home-alerts"', home)
        self.assertIn(self.alert.get_absolute_url(), home)

    def test_list_query_count_does_not_grow(self):
        self.login("chen_min")
        url = reverse("safety:alerts") + "?show=all"
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(6):  # one rule and source: each must be resolved before the next
            alert = actions.raise_alert("risk_level_high", organization=self.p.org_a,
                                        client=self.p.client_a, case=self.case,
                                        now=timezone.now() + datetime.timedelta(minutes=n))
            resolve(alert, by=self.p.chen_min)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertEqual(response.content.decode().count('class="list-group-item px-0 d-flex'),
                         7)
        self.assertEqual(len(many), len(few))

    def test_case_and_client_pages_show_the_alert(self):
        self.login("wang_fang")
        for url in (self.case.get_absolute_url(), self.p.client_a.get_absolute_url()):
            with self.subTest(url=url):
                page = self.client.get(url).content.decode()
                self.assertIn('id="safety-panel"', page)
                self.assertIn(self.alert.get_absolute_url(), page)


class IncidentViewTests(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p)

    def login(self, name):
        self.client.logout()
        self.client.force_login(getattr(self.p, name))

    def form(self, **overrides):
        data = incident_data(**overrides)
        data["occurred_at"] = timezone.localtime(data["occurred_at"]).strftime("%Y-%m-%dT%H:%M")
        return data

    def test_record_from_the_case(self):
        self.login("wang_fang")
        url = reverse("safety:incident_new", args=[self.p.client_a.pk]) + f"?case={self.case.pk}"
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {**self.form(), "case": self.case.pk})
        incident = Incident.objects.get()
        self.assertRedirects(response, incident.get_absolute_url())
        self.assertEqual(incident.case, self.case)
        page = self.client.get(incident.get_absolute_url()).content.decode()
        self.assertIn("拨打110", page)
        self.assertIn(Alert.objects.get().get_absolute_url(), page)

    def test_bad_form_names_the_field_and_saves_nothing(self):
        self.login("wang_fang")
        url = reverse("safety:incident_new", args=[self.p.client_a.pk])
        response = self.client.post(url, self.form(place=""))
        self.assertContains(response, 'data-field-error="place"')
        self.assertFalse(Incident.objects.exists())

    def test_matrix(self):
        new = reverse("safety:incident_new", args=[self.p.client_a.pk])
        for name, status in (("wang_fang", 200), ("chen_min", 200), ("li_qiang", 404),
                             ("zhao_lei", 404), ("admin_a", 403), ("archivist_a", 403),
                             ("quality_a", 403), ("viewer", 403)):
            with self.subTest(name=name):
                self.login(name)
                self.assertEqual(self.client.get(new).status_code, status)
        from anxin.safety.actions import do_record_incident

        incident = do_record_incident(self.p.client_a, acting_user=self.p.wang_fang,
                                      **incident_data())
        detail = incident.get_absolute_url()
        for name, status in (("wang_fang", 200), ("chen_min", 200), ("admin_a", 200),
                             ("archivist_a", 200), ("quality_a", 200), ("li_qiang", 404),
                             ("zhao_lei", 404), ("viewer", 404)):
            with self.subTest(name=name, page="detail"):
                self.login(name)
                self.assertEqual(self.client.get(detail).status_code, status)


class SettingsAndNotificationViewTests(PersonaTestCase):
    def login(self, name):
        self.client.logout()
        self.client.force_login(getattr(self.p, name))

    def test_only_the_org_admin_changes_settings(self):
        url = reverse("safety:settings")
        for name in ("wang_fang", "chen_min", "archivist_a", "quality_a", "zhao_lei", "viewer"):
            with self.subTest(name=name):
                self.login(name)
                self.assertEqual(self.client.get(url).status_code, 403)
        self.login("admin_a")
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {
            "escalate_after_minutes": 20, "companion_above_level": 3,
            "checkin_grace_minutes": 15, "duty_worker": self.p.wang_fang.pk,
            "self_assessment_enabled": "on", "help_lines": "心理援助热线: 12356",
            "self_assessment_alerts_per_hour": 10})
        self.assertRedirects(response, url)
        s = settings_for(self.p.org_a)
        self.assertEqual((s.escalate_after_minutes, s.duty_worker), (20, self.p.wang_fang))
        self.assertEqual(s.help_line_list(), [("心理援助热线", "12356")])
        self.assert_audited("safety.settings.changed", actor=self.p.admin_a)

    def test_settings_refuse_bad_values_and_other_org_staff(self):
        self.login("admin_a")
        response = self.client.post(reverse("safety:settings"), {
            "escalate_after_minutes": 0, "companion_above_level": 6,
            "checkin_grace_minutes": 15, "duty_worker": self.p.zhao_lei.pk})
        for field in ("escalate_after_minutes", "companion_above_level", "duty_worker"):
            self.assertContains(response, f'data-field-error="{field}"')
        self.assertEqual(settings_for(self.p.org_a).escalate_after_minutes, 30)

    def test_bell_and_notifications_are_personal(self):
        case = open_case(self.p)
        actions.raise_alert("phq9_self_harm", organization=self.p.org_a,
                            client=self.p.client_a, case=case)
        note = Notification.objects.get(recipient=self.p.chen_min)
        self.login("chen_min")
        home = self.client.get(reverse("home")).content.decode()
        self.assertIn('id="bell"', home)
        self.assertIn("btn-warning", home)
        response = self.client.get(reverse("notifications:open", args=[note.pk]))
        self.assertRedirects(response, note.url, fetch_redirect_response=False)
        note.refresh_from_db()
        self.assertIsNotNone(note.read_at)
        other = Notification.objects.get(recipient=self.p.wang_fang)
        self.assertEqual(self.client.get(reverse("notifications:open",
                                                 args=[other.pk])).status_code, 404)
        self.login("wang_fang")
        self.client.post(reverse("notifications:mark_read"))
        self.assertFalse(Notification.objects.filter(read_at__isnull=True).exists())
