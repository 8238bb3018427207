"""The TOTP second factor (RFC 6238, django-otp): enrolment, the code at sign-in, recovery
codes, and the requirement for roles that see more than their own cases."""

import time
from binascii import unhexlify

from django.core.cache import cache
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from anxin.accounts import second_factor
from anxin.accounts.actions import do_enrol_totp
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import PASSWORD


def code_for(key: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(unhexlify(key), step=30, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


class SecondFactorTestCase(PersonaTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def log_in(self, username: str, password: str = PASSWORD):
        return self.client.post(reverse("accounts:login"),
                                {"username": username, "password": password})

    def enrol(self, user) -> tuple[str, list[str]]:
        key = second_factor.new_key()
        _device, codes = do_enrol_totp(user, key=key, code=code_for(key))
        return key, codes

    def signed_in_user_id(self):
        return self.client.session.get("_auth_user_id")


class RequiredRoles(SecondFactorTestCase):
    def test_a_supervisor_is_sent_to_enrol_before_anything_else(self):
        response = self.log_in("chenmin")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.signed_in_user_id(), str(self.p.chen_min.pk))
        for url in (reverse("home"), reverse("clients:list"), reverse("accounts:account")):
            with self.subTest(url=url):
                self.assertRedirects(self.client.get(url), reverse("accounts:totp_enrol"),
                                     fetch_redirect_response=False)
        api = self.client.get("/api/v1/clients/")
        self.assertEqual(api.status_code, 403)
        self.assertEqual(api.json()["error"]["code"], "second_factor_required")

    def test_every_required_role_is_asked(self):
        for persona in ("admin_a", "chen_min", "viewer"):
            user = getattr(self.p, persona)
            with self.subTest(persona=persona):
                self.client.logout()
                self.log_in(user.username)
                self.assertRedirects(self.client.get(reverse("home")),
                                     reverse("accounts:totp_enrol"),
                                     fetch_redirect_response=False)

    def test_a_worker_may_go_on_without_one_and_is_offered_it(self):
        self.log_in("wangfang")
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        page = self.client.get(reverse("accounts:account"))
        self.assertContains(page, reverse("accounts:totp_enrol"))

    def test_a_session_not_opened_by_the_password_sign_in_is_not_asked(self):
        """force_login (tests, the demo's own helpers) opens no password session."""
        self.client.force_login(self.p.chen_min)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)


class Enrolment(SecondFactorTestCase):
    def start(self, username="chenmin"):
        self.log_in(username)
        page = self.client.get(reverse("accounts:totp_enrol"))
        self.assertEqual(page.status_code, 200)
        return page, self.client.session[second_factor.ENROL_SECRET_SESSION_KEY]

    def test_the_page_shows_a_qr_code_and_the_secret_to_type(self):
        page, key = self.start()
        self.assertContains(page, "<svg")
        self.assertContains(page, second_factor.base32_secret(key))
        self.assertContains(page, 'autocomplete="one-time-code"')

    def test_a_wrong_first_code_is_refused_and_audited(self):
        _page, key = self.start()
        wrong = f"{(int(code_for(key)) + 1) % 1000000:06d}"
        response = self.client.post(reverse("accounts:totp_enrol"), {"code": wrong})
        self.assertEqual(response.status_code, 200)
        self.assertIn("code", response.context["form"].errors)
        self.assertFalse(TOTPDevice.objects.filter(user=self.p.chen_min).exists())
        event = self.assert_audited("auth.second_factor_failed", actor=self.p.chen_min)
        self.assertEqual(event.data["stage"], "enrolment")

    def test_the_right_code_enrols_and_shows_ten_recovery_codes_once(self):
        _page, key = self.start()
        response = self.client.post(reverse("accounts:totp_enrol"), {"code": code_for(key)})
        self.assertRedirects(response, reverse("accounts:recovery_codes"),
                             fetch_redirect_response=False)
        device = TOTPDevice.objects.get(user=self.p.chen_min)
        self.assertTrue(device.confirmed)
        shown = self.client.get(reverse("accounts:recovery_codes"))
        codes = shown.context["codes"]
        self.assertEqual(len(codes), 10)
        for code in codes:
            self.assertContains(shown, code)
        again = self.client.get(reverse("accounts:recovery_codes"))
        self.assertIsNone(again.context["codes"])
        for code in codes:
            self.assertNotContains(again, code)
        # This session gave the code, so the rest of the site opens.
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        event = self.assert_audited("auth.totp_enrolled", actor=self.p.chen_min)
        self.assertEqual(event.data["recovery_codes"], 10)
        self.assertNotIn(key, str(event.data))

    def test_a_worker_enrols_from_the_account_page(self):
        _page, key = self.start("wangfang")
        self.client.post(reverse("accounts:totp_enrol"), {"code": code_for(key)})
        self.assertTrue(second_factor.has_second_factor(self.p.wang_fang))

    def test_a_password_alone_cannot_replace_an_enrolled_app(self):
        self.enrol(self.p.wang_fang)
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("accounts:totp_enrol"))
        self.assertRedirects(response, reverse("accounts:account"),
                             fetch_redirect_response=False)


class SigningInWithACode(SecondFactorTestCase):
    def setUp(self):
        super().setUp()
        self.key, self.codes = self.enrol(self.p.chen_min)

    def test_the_password_alone_opens_no_session(self):
        response = self.log_in("chenmin")
        self.assertRedirects(response, reverse("accounts:login_verify"),
                             fetch_redirect_response=False)
        self.assertIsNone(self.signed_in_user_id())
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)
        self.assert_not_audited("auth.login_succeeded")

    def test_the_right_code_signs_in_and_is_audited(self):
        self.log_in("chenmin")
        # The enrolling code is spent; the app's next one is what the user types.
        response = self.client.post(reverse("accounts:login_verify"),
                                    {"code": code_for(self.key, steps_ahead=1)})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.signed_in_user_id(), str(self.p.chen_min.pk))
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        event = self.assert_audited("auth.login_succeeded", actor=self.p.chen_min)
        self.assertEqual(event.data["second_factor"], "totp")

    def test_a_wrong_code_is_refused_and_audited(self):
        self.log_in("chenmin")
        wrong = f"{(int(code_for(self.key)) + 500000) % 1000000:06d}"
        response = self.client.post(reverse("accounts:login_verify"), {"code": wrong})
        self.assertEqual(response.status_code, 200)
        self.assertIn("code", response.context["form"].errors)
        self.assertIsNone(self.signed_in_user_id())
        event = self.assert_audited("auth.second_factor_failed", actor=self.p.chen_min)
        self.assertEqual(event.data["stage"], "sign_in")

    def test_five_wrong_codes_end_the_attempt(self):
        self.log_in("chenmin")
        for _ in range(5):
            response = self.client.post(reverse("accounts:login_verify"), {"code": "000000"})
        self.assertRedirects(response, reverse("accounts:login"), fetch_redirect_response=False)
        self.assertNotIn(second_factor.PENDING_SESSION_KEY, self.client.session)

    def test_a_recovery_code_works_once(self):
        code = self.codes[0]
        self.log_in("chenmin")
        response = self.client.post(reverse("accounts:login_verify"),
                                    {"code": code.upper()[:4] + "-" + code[4:]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.signed_in_user_id(), str(self.p.chen_min.pk))
        event = self.assert_audited("auth.recovery_code_used", actor=self.p.chen_min)
        self.assertEqual(event.data["remaining"], 9)
        self.assertFalse(StaticToken.objects.filter(token=code).exists())
        self.client.post(reverse("accounts:logout"))
        self.log_in("chenmin")
        again = self.client.post(reverse("accounts:login_verify"), {"code": code})
        self.assertEqual(again.status_code, 200)
        self.assertIsNone(self.signed_in_user_id())

    def test_the_second_step_expires(self):
        self.log_in("chenmin")
        session = self.client.session
        pending = session[second_factor.PENDING_SESSION_KEY]
        pending["at"] -= second_factor.PENDING_SECONDS + 1
        session[second_factor.PENDING_SESSION_KEY] = pending
        session.save()
        response = self.client.post(reverse("accounts:login_verify"),
                                    {"code": code_for(self.key, steps_ahead=1)})
        self.assertRedirects(response, reverse("accounts:login"), fetch_redirect_response=False)
        self.assertIsNone(self.signed_in_user_id())
