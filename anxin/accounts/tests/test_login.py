"""Signing in and out: the audit trail, Argon2 hashes, and the lock-out after five failures."""

from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from anxin.audit.models import AuditEvent
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import PASSWORD

WRONG = "not-the-password-1"


class LoginTestCase(PersonaTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()  # the per-address failure counters

    def log_in(self, username: str, password: str, **extra):
        return self.client.post(reverse("accounts:login"),
                                {"username": username, "password": password}, **extra)

    def assert_logged_in_as(self, user):
        self.assertEqual(self.client.session.get("_auth_user_id"), str(user.pk))

    def assert_not_logged_in(self):
        self.assertNotIn("_auth_user_id", self.client.session)


class SigningIn(LoginTestCase):
    def test_it_signs_in_with_the_right_password_and_records_it(self):
        """Redirect to the dashboard, a session, and auth.login_succeeded naming the user."""
        response = self.log_in("wangfang", PASSWORD)
        self.assertRedirects(response, reverse(settings.LOGIN_REDIRECT_URL),
                             fetch_redirect_response=False)
        self.assert_logged_in_as(self.p.wang_fang)
        event = self.assert_audited("auth.login_succeeded", actor=self.p.wang_fang)
        self.assertEqual(event.actor_label, "wangfang")
        self.assertEqual(event.organization, self.p.org_a)

    def test_it_refuses_a_wrong_password_and_records_the_attempt(self):
        """The form comes back with an error; auth.login_failed keeps the username typed."""
        response = self.log_in("wangfang", WRONG)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assert_not_logged_in()
        event = self.assert_audited("auth.login_failed", actor_label="wangfang")
        self.assertIsNone(event.actor)
        self.assert_not_audited("auth.login_succeeded")

    def test_it_never_records_the_password(self):
        """Neither a wrong nor the right password ends up in the trail."""
        self.log_in("wangfang", WRONG)
        self.log_in("wangfang", PASSWORD)
        for event in AuditEvent.objects.all():
            text = f"{event.actor_label} {event.reason} {event.data}"
            self.assertNotIn(WRONG, text)
            self.assertNotIn(PASSWORD, text)

    def test_it_records_an_unknown_username_as_typed(self):
        """A failed login for a name nobody has is on the record too, with no actor."""
        self.log_in("nobody", WRONG)
        event = self.assert_audited("auth.login_failed", actor_label="nobody")
        self.assertIsNone(event.actor)

    def test_it_stores_passwords_with_argon2(self):
        """Every persona's password hash is Argon2."""
        for name, user in self.p.all_users().items():
            with self.subTest(persona=name):
                user.refresh_from_db()
                self.assertTrue(user.password.startswith("argon2"), user.password[:20])


class LockingOutAfterFailures(LoginTestCase):
    def fail_times(self, count: int, username: str = "wangfang", **extra):
        return [self.log_in(username, WRONG, **extra).status_code for _ in range(count)]

    def test_it_locks_the_account_after_five_failures(self):
        """Four failures answer 200, the fifth 429; then even the right password gets 429."""
        self.assertEqual(self.fail_times(5), [200] * 4 + [429])
        response = self.log_in("wangfang", PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assert_not_logged_in()
        self.assert_audited("auth.locked_out", actor_label="wangfang")
        self.assert_not_audited("auth.login_succeeded")

    def test_it_allows_the_right_password_after_four_failures(self):
        """Four failures are below the limit: the fifth attempt with the password succeeds."""
        self.fail_times(4)
        response = self.log_in("wangfang", PASSWORD)
        self.assertEqual(response.status_code, 302)
        self.assert_logged_in_as(self.p.wang_fang)
        self.assert_not_audited("auth.locked_out")

    def test_it_counts_failures_per_username_whatever_the_address(self):
        """Guesses from five different addresses still lock the account."""
        for number in range(5):
            self.log_in("wangfang", WRONG, REMOTE_ADDR=f"198.51.100.{number + 1}")
        response = self.log_in("wangfang", PASSWORD, REMOTE_ADDR="198.51.100.99")
        self.assertEqual(response.status_code, 429)

    def test_it_names_the_username_axes_passes_in_the_credentials(self):
        """The lock-out answer records the username from axes' credentials, not only the form.

        Axes calls the lock-out callable as (request, original_response, credentials); a login
        whose username is not a POST field (a JSON body) must still be on the record.
        """
        request = RequestFactory().post("/api/login/", {"username": "wangfang"},
                                        content_type="application/json")
        request.user = AnonymousUser()
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        response = get_lockout_response(request, HttpResponse(), {"username": "wangfang"})
        self.assertEqual(response.status_code, 429)
        self.assert_audited("auth.locked_out", actor_label="wangfang")

    def test_it_locks_only_the_attacked_account(self):
        """Another user signs in normally while 王芳's account is locked."""
        self.fail_times(5)
        response = self.log_in("liqiang", PASSWORD)
        self.assertEqual(response.status_code, 302)
        self.assert_logged_in_as(self.p.li_qiang)

    def test_it_forgets_failures_after_a_successful_login(self):
        """A success resets the count: four failures, success, four more still allow a login."""
        self.fail_times(4)
        self.assertEqual(self.log_in("wangfang", PASSWORD).status_code, 302)
        self.client.post(reverse("accounts:logout"))
        self.assertEqual(self.fail_times(4), [200] * 4)
        self.assertEqual(self.log_in("wangfang", PASSWORD).status_code, 302)


class SigningOut(LoginTestCase):
    def test_it_signs_out_by_post_and_records_it(self):
        """POST ends the session and writes auth.logout naming the user."""
        self.client.force_login(self.p.wang_fang)
        response = self.client.post(reverse("accounts:logout"))
        self.assertIn(response.status_code, (200, 302))
        self.assert_not_logged_in()
        self.assert_audited("auth.logout", actor=self.p.wang_fang)

    def test_it_refuses_to_sign_out_by_get(self):
        """A link or an image cannot sign someone out: GET answers 405 and keeps the session."""
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("accounts:logout"))
        self.assertEqual(response.status_code, 405)
        self.assert_logged_in_as(self.p.wang_fang)
        self.assert_not_audited("auth.logout")


class ThrottlingOneAddress(LoginTestCase):
    """AXES counts per username; one address trying many usernames is limited here
    (ANXIN_LOGIN_FAILURES_PER_ADDRESS, 20 failures in 15 minutes)."""

    ADDRESS = "203.0.113.7"

    def test_it_refuses_an_address_that_tried_many_usernames(self):
        """Thirty usernames, one failure each: none is locked by axes, the address is."""
        codes = [self.log_in(f"guess{n}", WRONG, REMOTE_ADDR=self.ADDRESS).status_code
                 for n in range(30)]
        self.assertEqual(codes[:20], [200] * 20)
        self.assertEqual(codes[-5:], [429] * 5)
        # Even the right password of a real user is refused from there now, without a check.
        response = self.log_in("wangfang", PASSWORD, REMOTE_ADDR=self.ADDRESS)
        self.assertEqual(response.status_code, 429)
        self.assert_not_logged_in()
        self.assert_audited("auth.address_throttled", actor_label="wangfang")
        self.assert_not_audited("auth.login_succeeded")

    def test_it_leaves_other_addresses_and_the_known_colleague_alone(self):
        for n in range(25):
            self.log_in(f"guess{n}", WRONG, REMOTE_ADDR=self.ADDRESS)
        response = self.log_in("wangfang", PASSWORD, REMOTE_ADDR="203.0.113.8")
        self.assertEqual(response.status_code, 302)
        self.assert_logged_in_as(self.p.wang_fang)


class AdminSignIn(LoginTestCase):
    """/admin/login/ is the same sign-in: audited alike, with the same limits."""

    def setUp(self):
        super().setUp()
        from anxin.accounts.models import User

        self.root = User.objects.create_superuser("root", password=PASSWORD)

    def test_a_success_is_audited_and_lands_in_the_admin(self):
        response = self.client.post(reverse("admin:login"),
                                    {"username": "root", "password": PASSWORD})
        self.assertRedirects(response, reverse("admin:index"), fetch_redirect_response=False)
        self.assert_logged_in_as(self.root)
        self.assert_audited("auth.login_succeeded", actor=self.root)

    def test_the_admin_asks_a_superuser_without_an_authenticator_to_set_one_up(self):
        self.client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})
        self.assertRedirects(self.client.get(reverse("admin:index")),
                             reverse("accounts:totp_enrol"), fetch_redirect_response=False)

    def test_the_admin_lists_api_tokens_read_only(self):
        from anxin.accounts.actions import do_issue_api_token

        do_issue_api_token(self.p.wang_fang, name="报表同步")
        self.client.force_login(self.root)
        page = self.client.get(reverse("admin:accounts_apitoken_changelist"))
        self.assertContains(page, "报表同步")
        self.assertEqual(self.client.get(reverse("admin:accounts_apitoken_add")).status_code,
                         403)

    def test_a_failure_is_audited_and_counts_towards_the_lock(self):
        for _ in range(5):
            response = self.client.post(reverse("admin:login"),
                                        {"username": "root", "password": WRONG})
        self.assertEqual(response.status_code, 429)
        self.assert_audited("auth.login_failed", actor_label="root")
        self.assert_audited("auth.locked_out", actor_label="root")
