"""Marking notifications read: an id that is not one is a 400 that says so, not a server error,
and nothing is marked."""

from django.urls import reverse

from anxin.notifications.actions import notify
from anxin.notifications.models import Notification
from anxin.workspace.testing.cases import PersonaTestCase

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}  # the API honours it; pages follow the session


class MarkReadBadInputTest(PersonaTestCase):
    def setUp(self):
        self.note = notify([self.p.wang_fang], organization=self.p.org_a, kind="alert",
                           title="危机预警", body="请打开预警")[0]
        self.client.force_login(self.p.wang_fang)
        self.client.raise_request_exception = False
        self.english()

    def english(self):
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})

    def post(self, data):
        return self.client.post(reverse("notifications:mark_read"), data, **EN)

    def test_an_id_that_is_not_a_number_is_a_400_naming_the_id(self):
        for value in ("abc", "1.5", "", " ", "9223372036854775808", "1" * 400, "-3", "0"):
            with self.subTest(value=value[:30]):
                response = self.post({"id": [str(self.note.pk), value]})
                self.assertContains(response, "Notification id", status_code=400)
                self.assertContains(response, "whole number from 1 to", status_code=400)
        self.assertFalse(Notification.objects.filter(read_at__isnull=False).exists())

    def test_the_refusal_is_in_chinese_by_default(self):
        self.client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
        response = self.client.post(reverse("notifications:mark_read"), {"id": "abc"})
        self.assertContains(response, 'data-status="400"', status_code=400)
        self.assertContains(response, "通知编号", status_code=400)

    def test_too_many_ids_are_refused(self):
        response = self.post({"id": [str(self.note.pk)] * 501})
        self.assertContains(response, "at most 500", status_code=400)

    def test_valid_ids_still_mark_read(self):
        response = self.post({"id": [str(self.note.pk)]})
        self.assertEqual(response.status_code, 302)
        self.assertIsNotNone(Notification.objects.get(pk=self.note.pk).read_at)

    def test_no_id_still_marks_all_read(self):
        self.assertEqual(self.post({}).status_code, 302)
        self.assertIsNotNone(Notification.objects.get(pk=self.note.pk).read_at)
