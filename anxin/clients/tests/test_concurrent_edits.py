"""Two people editing one client's file: the second save is refused, shows what changed, and is
merged, never saved over the first (ADR 0013)."""

from django.conf import settings
from django.test import Client as Browser
from django.urls import reverse
from rest_framework.test import APIClient

from anxin.clients import actions
from anxin.clients.models import Client
from anxin.core.concurrency import EditConflict, save_version
from anxin.workspace.testing.cases import PersonaTestCase

from .form_page import form_data


def signed_in(user) -> Browser:
    browser = Browser()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    browser.force_login(user)
    return browser


class TwoEditorsTest(PersonaTestCase):
    """王芳 (the worker who registered 张伟) and 陈敏 (her supervisor) both open his file."""

    def setUp(self):
        self.url = reverse("clients:edit", args=[self.p.client_a.pk])
        self.wang = signed_in(self.p.wang_fang)
        self.chen = signed_in(self.p.chen_min)
        self.wang_form = form_data(self.wang.get(self.url))
        self.chen_form = form_data(self.chen.get(self.url))

    def test_the_second_save_is_refused_and_shows_what_changed(self):
        saved = self.chen.post(self.url, {**self.chen_form, "phone": "13922223333"})
        self.assertEqual(saved.status_code, 302)
        refused = self.wang.post(self.url, {**self.wang_form, "address_detail": "平安街8号",
                                            "reason": "搬家"})
        self.assertEqual(refused.status_code, 409)
        client = Client.objects.get(pk=self.p.client_a.pk)
        self.assertEqual((client.phone, client.address_detail), ("13922223333", "幸福路1号"))
        self.assertContains(refused, "陈敏 saved this at", status_code=409)
        self.assertContains(refused, "Nothing of yours has been saved yet.", status_code=409)
        # 王芳 had left the phone alone: the form now holds 陈敏's number, and says so.
        merged = form_data(refused)
        self.assertEqual(merged["phone"], "13922223333")
        self.assertEqual(merged["address_detail"], "平安街8号")
        self.assertEqual(merged["reason"], "搬家")
        self.assertEqual(merged["edit_version"], str(client.edit_version))
        taken = refused.content.decode().split('data-conflict="taken"')[1].split("</dl>")[0]
        self.assertIn("Phone", taken)
        self.assertIn("13800000011", taken)
        self.assertIn("13922223333", taken)

    def test_both_changing_one_field_lists_both_values_and_keeps_yours(self):
        self.chen.post(self.url, {**self.chen_form, "phone": "13922223333"})
        refused = self.wang.post(self.url, {**self.wang_form, "phone": "13744445555"})
        self.assertEqual(refused.status_code, 409)
        review = refused.content.decode().split('data-conflict="review"')[1].split("</dl>")[0]
        self.assertIn("Phone", review)
        self.assertIn('<span data-conflict-yours>13744445555</span>', review)
        self.assertIn('<span data-conflict-saved>13922223333</span>', review)
        self.assertIn("Saved by 陈敏", review)
        self.assertEqual(form_data(refused)["phone"], "13744445555")
        self.assertEqual(Client.objects.get(pk=self.p.client_a.pk).phone, "13922223333")

    def test_the_merged_form_saves_both_changes(self):
        self.chen.post(self.url, {**self.chen_form, "phone": "13922223333"})
        refused = self.wang.post(self.url, {**self.wang_form, "address_detail": "平安街8号"})
        again = self.wang.post(self.url, form_data(refused))
        self.assertEqual(again.status_code, 302)
        client = Client.objects.get(pk=self.p.client_a.pk)
        self.assertEqual((client.phone, client.address_detail), ("13922223333", "平安街8号"))
        self.assertEqual(client.edit_version, 3)
        self.assertEqual(client.updated_by, self.p.wang_fang)

    def test_a_form_without_its_version_is_not_saved(self):
        data = {**self.wang_form, "address_detail": "平安街8号"}
        del data["edit_version"]
        response = self.wang.post(self.url, data)
        self.assertContains(response, "This page is out of date.")
        self.assertEqual(Client.objects.get(pk=self.p.client_a.pk).address_detail, "幸福路1号")


class ApiConflictTest(PersonaTestCase):
    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.p.wang_fang)
        self.url = reverse("client-detail", args=[self.p.client_a.pk])

    def test_a_stale_update_gets_409_naming_what_differs(self):
        read = self.api.get(self.url).json()["edit_version"]
        actions.do_update_client(self.p.client_a, acting_user=self.p.chen_min,
                                 data={"phone": "13922223333"}, edit_version=read)
        response = self.api.patch(self.url, {"phone": "13744445555", "edit_version": read},
                                  format="json", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 409)
        error = response.json()["error"]
        self.assertEqual(error["code"], "edit_conflict")
        self.assertEqual((error["read_version"], error["current_version"]), (read, read + 1))
        self.assertEqual(error["saved_by"]["username"], "chenmin")
        self.assertEqual(error["changes"], [{"field": "phone", "label": "Phone",
                                             "yours": "13744445555", "saved": "13922223333"}])
        self.assertIn("陈敏 saved this after you opened it", error["message"])
        self.assertEqual(Client.objects.get(pk=self.p.client_a.pk).phone, "13922223333")

    def test_an_update_must_say_which_version_it_read(self):
        response = self.api.patch(self.url, {"phone": "13744445555"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["fields"]["edit_version"][0]["code"],
                         "required")

    def test_the_current_version_is_accepted(self):
        read = self.api.get(self.url).json()["edit_version"]
        response = self.api.patch(self.url, {"phone": "13744445555", "edit_version": read},
                                  format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["edit_version"], read + 1)


class ActionTest(PersonaTestCase):
    def test_internal_callers_may_leave_the_version_out_and_still_count_a_save(self):
        client = actions.do_update_client(self.p.client_a, acting_user=self.p.wang_fang,
                                          data={"phone": "13744445555"})
        self.assertEqual(client.edit_version, 2)

    def test_a_stale_version_raises_with_the_fields_that_differ(self):
        actions.do_update_client(self.p.client_a, acting_user=self.p.chen_min,
                                 data={"phone": "13922223333"}, edit_version=1)
        with self.assertRaises(EditConflict) as caught:
            actions.do_update_client(self.p.client_a, acting_user=self.p.wang_fang,
                                     data={"phone": "13744445555", "name": "张伟"},
                                     edit_version=1)
        self.assertEqual([(c.field, c.yours, c.saved) for c in caught.exception.changes],
                         [("phone", "13744445555", "13922223333")])
        self.assertEqual(caught.exception.saved_by, self.p.chen_min)
        self.assert_not_audited_twice()

    def assert_not_audited_twice(self):
        from anxin.audit.models import AuditEvent
        self.assertEqual(AuditEvent.objects.filter(action="client.updated").count(), 1)

    def test_the_write_is_conditional_on_the_version_read(self):
        """Where no row lock holds (SQLite), a save that lost the race writes nothing."""
        client = Client.objects.get(pk=self.p.client_a.pk)
        Client.objects.filter(pk=client.pk).update(edit_version=2)  # someone else's save
        client.phone = "13744445555"
        with self.assertRaises(EditConflict):
            save_version(client, acting_user=self.p.wang_fang, update_fields=["phone"])
        self.assertEqual(Client.objects.get(pk=client.pk).phone, "13800000011")
