"""Notifications, alert titles, what raised an alert and the protocol steps read in the reader's
language, whatever language was active when they were created: they are stored as codes and
parameters and put into words when read."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from anxin.cases import scenarios
from anxin.notifications.models import Notification
from anxin.safety import actions
from anxin.safety.models import Alert
from anxin.safety.tests.helpers import TODAY, open_case
from anxin.workspace.testing.cases import PersonaTestCase


class ReaderLanguageTest(PersonaTestCase):
    def speak(self, language):
        self.client.post(reverse("set_language"), {"language": language, "next": "/"})

    def read(self, url, language):
        self.speak(language)
        return self.client.get(url).content.decode()

    def test_it_renders_an_alert_notification_made_in_chinese_in_english_and_back(self):
        """Sent while the system spoke Chinese, the notice reads in English to an English
        reader and in Chinese to a Chinese one."""
        case = open_case(self.p)
        with translation.override("zh-hans"):
            actions.raise_alert("risk_level_high", organization=self.p.org_a,
                                client=self.p.client_a, case=case)
        note = Notification.objects.get(recipient=self.p.wang_fang)
        self.assertEqual((note.message, note.params), ("safety.alert.raised",
                                                       {"rule": "risk_level_high"}))
        self.client.force_login(self.p.wang_fang)
        english = self.read(reverse("notifications:list"), "en")
        self.assertIn("Crisis alert: Risk level 3 or above", english)
        self.assertIn("Open the alert, acknowledge it and follow the protocol.", english)
        self.assertNotIn("危机预警", english)
        self.assertNotIn("危险性评估", english)
        chinese = self.read(reverse("notifications:list"), "zh-hans")
        self.assertIn("危机预警：危险性评估3级及以上", chinese)
        self.assertNotIn("Crisis alert", chinese)

    def test_it_writes_the_escalation_notice_in_the_readers_language(self):
        case = open_case(self.p)
        now = timezone.now()
        with translation.override("zh-hans"):
            actions.raise_alert("phq9_self_harm", organization=self.p.org_a,
                                client=self.p.client_a, case=case, now=now)
            actions.escalate_due_alerts(now + datetime.timedelta(hours=1))
        note = Notification.objects.get(kind="alert_escalated")
        with translation.override("en"):
            self.assertEqual(note.title_text, "Not acknowledged: PHQ-9 item 9: thoughts of "
                                              "self-harm")
        with translation.override("zh-hans"):
            self.assertEqual(note.title_text, "无人确认：PHQ-9 第9题：有自伤念头")

    def test_it_shows_alert_titles_protocol_steps_and_details_in_one_language(self):
        """The alert page in English has no Chinese label or detail, and in Chinese no English
        one: rule, protocol steps, incident kind and what raised it."""
        case = open_case(self.p)
        with translation.override("zh-hans"):
            incident = actions.do_record_incident(
                self.p.client_a, acting_user=self.p.wang_fang, case=case, kind="violence",
                occurred_at=timezone.now() - datetime.timedelta(hours=1), place="家中",
                people="张伟、母亲", description="摔打物品")
        alert = Alert.objects.get(source_id=incident.pk, rule="incident_risk_review")
        self.client.force_login(self.p.wang_fang)
        url = alert.get_absolute_url()
        english = self.read(url, "en")
        for text in ("Safety incident: review the risk level", "Contact the family",
                     "Reassess the risk level", "Violence or threat of violence on "):
            self.assertIn(text, english)
        for text in ("与家属沟通", "危险性评估", "暴力行为"):
            self.assertNotIn(text, english)
        chinese = self.read(url, "zh-hans")
        for text in ("与家属沟通", "重新进行危险性评估", "暴力行为或暴力倾向"):
            self.assertIn(text, chinese)
        for text in ("Contact the family", "Reassess the risk level", "Violence or threat"):
            self.assertNotIn(text, chinese)

    def test_it_words_a_form_c_risk_alert_when_read(self):
        case = open_case(self.p, stage="assessment")
        with translation.override("zh-hans"):
            scenarios.assess(case, self.p.wang_fang, today=TODAY, risk_level=4)
        alert = Alert.objects.get(rule="assessment_risk_high")
        with translation.override("en"):
            self.assertEqual(alert.detail_text,
                             f"Risk level 4 on the assessment of {TODAY.isoformat()}")

    def test_it_writes_the_plan_notices_in_the_readers_language(self):
        case = open_case(self.p, stage="planning")
        with translation.override("zh-hans"):
            scenarios.plan(case, self.p.wang_fang, today=TODAY)
        note = Notification.objects.get(recipient=self.p.chen_min, kind="approval_request")
        with translation.override("en"):
            self.assertEqual(note.title_text, "A service plan (form D) awaits your approval")
            self.assertIn(case.case_number, note.body_text)
        with translation.override("zh-hans"):
            self.assertEqual(note.title_text, "有一份个案服务计划书（表D）等待您审批")

    def test_it_keeps_free_text_notices_as_written(self):
        """A sender without a message code still works: its words are shown as written."""
        from anxin.notifications.actions import notify

        notify([self.p.wang_fang], organization=self.p.org_a, kind="home_visit",
               title="家访已批准", body="计划时间 10:00")
        note = Notification.objects.get()
        with translation.override("en"):
            self.assertEqual((note.title_text, note.body_text), ("家访已批准", "计划时间 10:00"))
