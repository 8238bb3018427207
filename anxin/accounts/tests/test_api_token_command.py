import datetime
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from knox.crypto import hash_token

from anxin.accounts.models import ApiToken
from anxin.workspace.testing.cases import PersonaTestCase


class CreateApiTokenCommandTests(PersonaTestCase):
    def run_command(self, username: str, *args) -> str:
        out, err = StringIO(), StringIO()
        call_command("create_api_token", username, *args, stdout=out, stderr=err)
        return out.getvalue().strip()

    def test_it_prints_a_new_key_once_and_stores_only_its_digest(self):
        """The printed key is not in the database; its SHA-512 digest is, with the name."""
        key = self.run_command("wangfang", "--name", "统计报表")
        token = ApiToken.objects.get(user=self.p.wang_fang)
        self.assertEqual(token.name, "统计报表")
        self.assertEqual(token.digest, hash_token(key))
        self.assertNotEqual(token.digest, key)
        self.assertFalse(ApiToken.objects.filter(digest=key).exists())
        self.assertTrue(key.startswith(token.token_key))
        self.assertGreater(len(key), len(token.token_key))

    def test_it_audits_the_issue_without_the_key(self):
        key = self.run_command("wangfang", "--name", "统计报表")
        event = self.assert_audited("api_token.issued", actor=self.p.wang_fang,
                                    target=self.p.wang_fang)
        self.assertEqual(event.organization, self.p.org_a)
        self.assertEqual(event.data["name"], "统计报表")
        self.assertNotIn(key, str(event.data))

    def test_it_expires_in_90_days_by_default_or_as_asked(self):
        self.run_command("wangfang", "--name", "a")
        token = ApiToken.objects.get(user=self.p.wang_fang)
        self.assertAlmostEqual(token.expiry - timezone.now(), datetime.timedelta(days=90),
                               delta=datetime.timedelta(minutes=1))
        self.run_command("liqiang", "--name", "b", "--days", "7")
        token = ApiToken.objects.get(user=self.p.li_qiang)
        self.assertAlmostEqual(token.expiry - timezone.now(), datetime.timedelta(days=7),
                               delta=datetime.timedelta(minutes=1))

    def test_each_run_issues_another_key(self):
        """A key cannot be shown again, so a second run makes a second token."""
        first = self.run_command("wangfang", "--name", "a")
        second = self.run_command("wangfang", "--name", "b")
        self.assertNotEqual(first, second)
        self.assertEqual(ApiToken.objects.filter(user=self.p.wang_fang).count(), 2)

    def test_it_requires_a_name(self):
        with self.assertRaises(CommandError):
            self.run_command("wangfang")
        with translation.override("en"), self.assertRaisesMessage(CommandError, "name"):
            self.run_command("wangfang", "--name", "  ")
        self.assertFalse(ApiToken.objects.exists())
        self.assert_not_audited("api_token.issued")

    def test_it_refuses_an_unknown_username(self):
        """A mistyped username is a clear error, and nothing is created or recorded."""
        with self.assertRaisesMessage(CommandError, "nobody"):
            self.run_command("nobody", "--name", "a")
        self.assertFalse(ApiToken.objects.exists())
        self.assert_not_audited("api_token.issued")

    def test_it_refuses_an_inactive_user(self):
        """Token authentication ignores inactive users, so no key is handed out for one."""
        self.p.li_qiang.is_active = False
        self.p.li_qiang.save(update_fields=["is_active"])
        with self.assertRaisesMessage(CommandError, "liqiang"):
            self.run_command("liqiang", "--name", "a")
        self.assertFalse(ApiToken.objects.exists())
