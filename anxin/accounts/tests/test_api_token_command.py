from io import StringIO

from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from anxin.audit.models import AuditEvent
from anxin.workspace.testing.cases import PersonaTestCase


class CreateApiTokenCommandTests(PersonaTestCase):
    def run_command(self, username: str) -> str:
        out = StringIO()
        call_command("create_api_token", username, stdout=out)
        return out.getvalue().strip()

    def test_it_prints_a_new_token_and_audits_the_issue(self):
        """The printed key is the user's token, and api_token.issued names the user."""
        key = self.run_command("wangfang")
        self.assertEqual(Token.objects.get(user=self.p.wang_fang).key, key)
        event = self.assert_audited("api_token.issued", actor=self.p.wang_fang,
                                    target=self.p.wang_fang)
        self.assertEqual(event.organization, self.p.org_a)
        self.assertTrue(event.data["created"])
        self.assertNotIn(key, str(event.data))

    def test_it_reuses_an_existing_token(self):
        """Running it again prints the same key and records the second issue too."""
        first = self.run_command("wangfang")
        self.assertEqual(self.run_command("wangfang"), first)
        self.assertEqual(Token.objects.filter(user=self.p.wang_fang).count(), 1)
        events = AuditEvent.objects.filter(action="api_token.issued")
        self.assertEqual([e.data["created"] for e in events], [False, True])

    def test_it_refuses_an_unknown_username(self):
        """A mistyped username is a clear error, and nothing is created or recorded."""
        with self.assertRaisesMessage(CommandError, "nobody"):
            self.run_command("nobody")
        self.assertFalse(Token.objects.exists())
        self.assert_not_audited("api_token.issued")

    def test_it_refuses_an_inactive_user(self):
        """Token authentication ignores inactive users, so no key is handed out for one."""
        self.p.li_qiang.is_active = False
        self.p.li_qiang.save(update_fields=["is_active"])
        with self.assertRaisesMessage(CommandError, "liqiang"):
            self.run_command("liqiang")
        self.assertFalse(Token.objects.exists())
