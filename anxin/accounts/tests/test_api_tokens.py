"""API tokens: hashed (knox), expiring, and refused when the owner is locked out or leaves."""

import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from anxin.accounts.actions import do_issue_api_token
from anxin.accounts.models import ApiToken
from anxin.staff import actions as staff_actions
from anxin.workspace.testing.cases import PersonaTestCase


class ApiTokenTests(PersonaTestCase):
    def setUp(self):
        cache.clear()
        self.token, self.key = do_issue_api_token(self.p.wang_fang, name="test")
        self.api = APIClient()
        self.api.credentials(HTTP_AUTHORIZATION=f"Token {self.key}")

    def get(self):
        return self.api.get(reverse("client-list"))

    def test_a_valid_key_signs_in(self):
        self.assertEqual(self.get().status_code, 200)

    def test_an_expired_key_is_refused(self):
        ApiToken.objects.filter(pk=self.token.pk).update(
            expiry=timezone.now() - datetime.timedelta(seconds=1))
        self.assertEqual(self.get().status_code, 401)

    def test_a_locked_out_owner_cannot_use_the_key(self):
        """Five failed sign-ins lock 王芳's account, and her token with it, until unlocked."""
        for _ in range(5):
            self.client.post(reverse("accounts:login"),
                             {"username": "wangfang", "password": "not-the-password-1"})
        response = self.get()
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["code"], "authentication_failed")
        staff_actions.do_unlock_member(self.p.wang_fang, acting_user=self.p.admin_a)
        self.assertEqual(self.get().status_code, 200)

    def test_deactivation_revokes_the_key(self):
        _token, key = do_issue_api_token(self.p.li_qiang, name="test")
        self.api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        self.assertEqual(self.get().status_code, 200)
        staff_actions.do_deactivate_member(self.p.li_qiang, acting_user=self.p.admin_a)
        self.assertFalse(ApiToken.objects.filter(user=self.p.li_qiang).exists())
        self.assertEqual(self.get().status_code, 401)
        event = self.assert_audited("staff.member_deactivated", target=self.p.li_qiang)
        self.assertEqual(event.data["tokens_revoked"], 1)

    def test_the_key_is_not_stored(self):
        self.assertFalse(ApiToken.objects.filter(digest=self.key).exists())
        self.assertFalse(ApiToken.objects.filter(token_key=self.key).exists())
