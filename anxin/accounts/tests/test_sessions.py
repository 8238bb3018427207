"""Sessions end after inactivity (longer on the user's own device) and on "sign out
everywhere"; the account menu leads to the account and password pages."""

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from anxin.accounts.middleware import IDLE_SECONDS_SESSION_KEY, LAST_ACTIVITY_SESSION_KEY
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import PASSWORD


@override_settings(ANXIN_SESSION_IDLE_SECONDS=30 * 60,
                   ANXIN_SESSION_IDLE_OWN_DEVICE_SECONDS=12 * 60 * 60)
class IdleSessions(PersonaTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def log_in(self, **extra):
        return self.client.post(reverse("accounts:login"),
                                {"username": "wangfang", "password": PASSWORD, **extra})

    def idle_for(self, seconds: int):
        session = self.client.session
        session[LAST_ACTIVITY_SESSION_KEY] -= seconds
        session.save()

    def test_a_session_unused_for_half_an_hour_ends_and_is_recorded(self):
        self.log_in()
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        self.idle_for(31 * 60)
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assert_audited("auth.session_expired", actor=self.p.wang_fang)

    def test_use_keeps_it_open(self):
        self.log_in()
        self.idle_for(29 * 60)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        self.idle_for(29 * 60)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    def test_the_own_device_box_allows_twelve_hours(self):
        self.log_in(own_device="on")
        self.assertEqual(self.client.session[IDLE_SECONDS_SESSION_KEY], 12 * 60 * 60)
        # A cookie that survives closing the browser.
        self.assertEqual(self.client.session.get_expiry_age(), 12 * 60 * 60)
        self.idle_for(3 * 60 * 60)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        self.idle_for(13 * 60 * 60)
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)
        event = self.assert_audited("auth.login_succeeded", actor=self.p.wang_fang)
        self.assertTrue(event.data["own_device"])

    def test_without_the_box_the_cookie_ends_with_the_browser(self):
        self.log_in()
        self.assertTrue(self.client.session.get_expire_at_browser_close())


class SigningOutEverywhere(PersonaTestCase):
    def test_it_ends_every_session_of_the_user_and_is_audited(self):
        from django.test import Client

        phone, computer, colleague = Client(), Client(), Client()
        phone.force_login(self.p.wang_fang)
        computer.force_login(self.p.wang_fang)
        colleague.force_login(self.p.li_qiang)
        response = computer.post(reverse("accounts:sign_out_everywhere"))
        self.assertRedirects(response, reverse("accounts:login"), fetch_redirect_response=False)
        for client in (phone, computer):
            self.assertEqual(client.get(reverse("home")).status_code, 302)
        self.assertEqual(colleague.get(reverse("home")).status_code, 200)
        self.assert_audited("auth.signed_out_everywhere", actor=self.p.wang_fang)
        # Signing in again works.
        cache.clear()
        phone.post(reverse("accounts:login"), {"username": "wangfang", "password": PASSWORD})
        self.assertEqual(phone.get(reverse("home")).status_code, 200)

    def test_it_is_a_post(self):
        self.client.force_login(self.p.wang_fang)
        self.assertEqual(self.client.get(reverse("accounts:sign_out_everywhere")).status_code,
                         405)
        self.assert_not_audited("auth.signed_out_everywhere")


class AccountMenu(PersonaTestCase):
    def test_the_menu_links_the_account_and_password_pages(self):
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(reverse("home"))
        self.assertContains(page, f'href="{reverse("accounts:account")}"')
        self.assertContains(page, f'href="{reverse("accounts:password_change")}"')
        self.assertEqual(self.client.get(reverse("accounts:account")).status_code, 200)
