"""In-app notifications always; an e-mail copy only when a mail server is configured, only
after the transaction commits, and never naming the client."""

from django.core import mail
from django.test import override_settings

from anxin.notifications.actions import mark_read, notify
from anxin.notifications.models import Notification
from anxin.workspace.testing.cases import PersonaTestCase


class NotifyTests(PersonaTestCase):
    def send(self, recipients):
        return notify(recipients, organization=self.p.org_a, kind="alert", urgent=True,
                      title="危机预警", body="请打开预警", url="/safety/alerts/1/")

    def test_one_per_distinct_recipient(self):
        made = self.send([self.p.wang_fang, self.p.chen_min, self.p.wang_fang, None])
        self.assertEqual(len(made), 2)
        self.assertEqual(Notification.objects.count(), 2)

    def test_no_email_without_a_mail_server(self):
        self.p.wang_fang.email = "wangfang@example.org"
        self.p.wang_fang.save()
        with self.captureOnCommitCallbacks(execute=True):
            self.send([self.p.wang_fang])
        self.assertEqual(mail.outbox, [])

    @override_settings(ANXIN_NOTIFY_BY_EMAIL=True, ANXIN_SITE_URL="https://anxin.example.org")
    def test_email_copy_after_commit(self):
        self.p.wang_fang.email = "wangfang@example.org"
        self.p.wang_fang.save()
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            note = self.send([self.p.wang_fang, self.p.chen_min])[0]
        self.assertEqual(mail.outbox, [])  # nothing leaves before the commit
        for callback in callbacks:
            callback()
        self.assertEqual(len(mail.outbox), 1)  # 陈敏 has no address
        message = mail.outbox[0]
        self.assertEqual(message.to, ["wangfang@example.org"])
        self.assertIn("https://anxin.example.org/safety/alerts/1/", message.body)
        note.refresh_from_db()
        self.assertIsNotNone(note.emailed_at)

    def test_mark_read_touches_only_ones_own(self):
        self.send([self.p.wang_fang, self.p.chen_min])
        self.assertEqual(mark_read(self.p.wang_fang), 1)
        self.assertEqual(Notification.objects.filter(read_at__isnull=True).get().recipient,
                         self.p.chen_min)
