"""Break-the-glass: a supervisor opens a client outside her work, within her organisation, for
three hours, with a reason; the opening is audited, told to the admins and reviewed."""

import datetime
from unittest import mock

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from anxin.clients import emergency
from anxin.clients.models import Client, EmergencyAccess
from anxin.core.exceptions import NotPermitted
from anxin.notifications.models import Notification
from anxin.workspace.testing.cases import PersonaTestCase

REASON = "家属来电：服务对象有自伤风险，责任社工联系不上"


class OpeningTests(PersonaTestCase):
    def open(self, user=None, file_number=None, reason=REASON, **kwargs):
        return emergency.do_open_emergency_access(
            acting_user=user or self.p.chen_min,
            file_number=self.p.client_a2.file_number if file_number is None else file_number,
            reason=reason, **kwargs)

    def test_before_the_opening_the_client_is_outside_her_visibility(self):
        self.assertFalse(Client.objects.visible_to(self.p.chen_min)
                         .filter(pk=self.p.client_a2.pk).exists())

    def test_opening_shows_the_client_for_three_hours_and_audits_it(self):
        opening = self.open()
        self.assertEqual(opening.expires_at - opening.opened_at, datetime.timedelta(hours=3))
        self.assertEqual(opening.client, self.p.client_a2)
        self.assertEqual(opening.organization, self.p.org_a)
        self.assertTrue(Client.objects.visible_to(self.p.chen_min)
                        .filter(pk=self.p.client_a2.pk).exists())
        event = self.assert_audited("client.emergency_access_opened", actor=self.p.chen_min,
                                    target=opening, client=self.p.client_a2)
        self.assertEqual(event.reason, REASON)

    def test_after_three_hours_the_client_is_invisible_again(self):
        self.open(now=timezone.now() - datetime.timedelta(hours=3, minutes=1))
        self.assertFalse(Client.objects.visible_to(self.p.chen_min)
                         .filter(pk=self.p.client_a2.pk).exists())
        self.client.force_login(self.p.chen_min)
        response = self.client.get(reverse("clients:detail", args=[self.p.client_a2.pk]))
        self.assertEqual(response.status_code, 404)

    def test_the_opening_is_hers_alone(self):
        self.open()
        self.assertFalse(Client.objects.visible_to(self.p.wang_fang)
                         .filter(pk=self.p.client_a2.pk).exists())

    def test_a_reason_is_required(self):
        for reason in ("", "   ", "急"):
            with self.subTest(reason=reason), self.assertRaises(ValidationError) as caught:
                self.open(reason=reason)
            self.assertIn("reason", caught.exception.message_dict)
        self.assertFalse(EmergencyAccess.objects.exists())
        self.assert_not_audited("client.emergency_access_opened")

    def test_the_org_admins_are_notified_in_their_own_language(self):
        opening = self.open()
        note = Notification.objects.get(recipient=self.p.admin_a)
        self.assertEqual(note.message, emergency.OPENED_NOTICE)
        self.assertEqual(note.subject_id, opening.pk)
        self.assertNotIn(self.p.client_a2.name, note.title_text + note.body_text)
        with translation.override("en"):
            self.assertIn(f"Emergency access to client {self.p.client_a2.file_number}",
                          note.title_text)
        with translation.override("zh-hans"):
            self.assertIn(self.p.client_a2.file_number, note.title_text)
            self.assertNotIn("Emergency access", note.title_text)
        self.assertFalse(Notification.objects.exclude(recipient=self.p.admin_a).exists())

    def test_another_organisations_file_number_is_unknown_and_says_nothing(self):
        with self.assertRaises(ValidationError) as other_org:
            self.open(file_number=self.p.client_b.file_number)
        with self.assertRaises(ValidationError) as nowhere:
            self.open(file_number="NOPE-2026-99999")
        self.assertEqual(other_org.exception.message_dict, nowhere.exception.message_dict)
        self.assertIn("file_number", other_org.exception.message_dict)
        self.assertFalse(EmergencyAccess.objects.exists())

    def test_an_opening_never_crosses_organisations(self):
        # Even a row pointing at another organisation's client (made around the action) opens
        # nothing: visibility still starts from the user's organisation.
        now = timezone.now()
        EmergencyAccess.objects.create(
            organization=self.p.org_a, user=self.p.chen_min, client=self.p.client_b,
            reason=REASON, opened_at=now, expires_at=now + emergency.DURATION)
        self.client.force_login(self.p.chen_min)
        response = self.client.get(reverse("clients:detail", args=[self.p.client_b.pk]))
        self.assertEqual(response.status_code, 404)

    def test_a_worker_may_not_break_the_glass(self):
        with self.assertRaises(NotPermitted):
            self.open(user=self.p.wang_fang)
        self.assertFalse(EmergencyAccess.objects.exists())

    def test_a_registered_opener_may_break_the_glass(self):
        # Safety names the duty worker this way, without clients importing safety.
        opener = lambda user: user.pk == self.p.wang_fang.pk  # noqa: E731
        with mock.patch.object(emergency, "_openers", [opener]):
            opening = self.open(user=self.p.wang_fang)
        self.assertEqual(opening.user, self.p.wang_fang)

    def test_the_organisations_duty_worker_may_break_the_glass(self):
        from anxin.safety.models import SafetySettings

        with self.assertRaises(NotPermitted):
            self.open(user=self.p.wang_fang)
        SafetySettings.objects.create(organization=self.p.org_a, duty_worker=self.p.wang_fang)
        self.assertEqual(self.open(user=self.p.wang_fang).client, self.p.client_a2)
        # Org A's duty worker is nobody's duty worker in org B.
        with self.assertRaises(NotPermitted):
            self.open(user=self.p.zhao_lei, file_number=self.p.client_b.file_number)

    def test_a_client_already_visible_needs_no_opening(self):
        self.assertIsNone(self.open(file_number=self.p.client_a.file_number))
        self.assertFalse(EmergencyAccess.objects.exists())


class PageTests(PersonaTestCase):
    def test_the_list_offers_the_form_to_a_supervisor_only(self):
        self.client.force_login(self.p.chen_min)
        self.assertContains(self.client.get(reverse("clients:list")), "emergency-access-form")
        self.client.force_login(self.p.wang_fang)
        self.assertNotContains(self.client.get(reverse("clients:list")),
                               "emergency-access-form")

    def test_opening_from_the_page_leads_to_the_file_with_a_banner(self):
        self.client.force_login(self.p.chen_min)
        response = self.client.post(reverse("clients:emergency_open"), {
            "file_number": self.p.client_a2.file_number, "reason": REASON}, follow=True)
        self.assertRedirects(response, self.p.client_a2.get_absolute_url())
        self.assertContains(response, "emergency-access-banner")

    def test_a_missing_reason_is_named_and_nothing_is_opened(self):
        self.client.force_login(self.p.chen_min)
        response = self.client.post(reverse("clients:emergency_open"), {
            "file_number": self.p.client_a2.file_number, "reason": "急"})
        self.assertContains(response, "原因：请说明为何现在必须打开此档案", status_code=400)
        self.assertFalse(EmergencyAccess.objects.exists())

    def test_a_worker_gets_403(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.post(reverse("clients:emergency_open"), {
            "file_number": self.p.client_a2.file_number, "reason": REASON})
        self.assertEqual(response.status_code, 403)


class ReviewTests(PersonaTestCase):
    def setUp(self):
        super().setUp()
        self.opening = emergency.do_open_emergency_access(
            acting_user=self.p.chen_min, file_number=self.p.client_a2.file_number,
            reason=REASON)

    def test_the_admin_sees_who_which_file_when_and_why(self):
        self.client.force_login(self.p.admin_a)
        response = self.client.get(reverse("clients:emergency_list"))
        self.assertContains(response, self.p.client_a2.file_number)
        self.assertContains(response, REASON)
        self.assertContains(response, self.p.chen_min.full_name)

    def test_others_get_403(self):
        for user in (self.p.chen_min, self.p.wang_fang, self.p.archivist_a, self.p.zhao_lei):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(
                    self.client.get(reverse("clients:emergency_list")).status_code, 403)
                self.assertEqual(self.client.post(reverse(
                    "clients:emergency_review", args=[self.opening.pk])).status_code, 403)

    def test_marking_reviewed_is_audited_and_leaves_the_to_review_list(self):
        self.client.force_login(self.p.admin_a)
        response = self.client.post(reverse("clients:emergency_review",
                                            args=[self.opening.pk]))
        self.assertRedirects(response, reverse("clients:emergency_list"))
        self.opening.refresh_from_db()
        self.assertEqual(self.opening.reviewed_by, self.p.admin_a)
        self.assert_audited("client.emergency_access_reviewed", actor=self.p.admin_a,
                            target=self.opening)
        self.assertNotContains(self.client.get(reverse("clients:emergency_list")), REASON)
        self.assertContains(self.client.get(reverse("clients:emergency_list") + "?show=all"),
                            REASON)
        self.assertFalse(Notification.objects.filter(recipient=self.p.admin_a,
                                                     closed_at__isnull=True).exists())

    def test_the_list_links_the_review_for_admins(self):
        self.client.force_login(self.p.admin_a)
        self.assertContains(self.client.get(reverse("clients:list")), "emergency-review-link")
        self.client.force_login(self.p.chen_min)
        self.assertNotContains(self.client.get(reverse("clients:list")),
                               "emergency-review-link")

    def test_another_organisations_admin_gets_404(self):
        from anxin.accounts.choices import Role
        from anxin.workspace.testing.personas import make_user

        admin_b = make_user("admin_b", "许国栋", role=Role.ORG_ADMIN,
                            organization=self.p.org_b)
        self.client.force_login(admin_b)
        self.assertNotContains(self.client.get(reverse("clients:emergency_list")), REASON)
        self.assertEqual(self.client.post(reverse(
            "clients:emergency_review", args=[self.opening.pk])).status_code, 404)
