"""A notification's parameters and free text are Fernet tokens in the row: with the recipient
and the subject, a rule code such as "phq9_self_harm" would say whose crisis it was."""

from django.db import connection

from anxin.notifications.actions import notify
from anxin.notifications.models import Notification
from anxin.workspace.testing.cases import PersonaTestCase


class NotificationsAtRestTest(PersonaTestCase):
    def test_the_row_holds_no_parameter_or_text_in_plain_text(self):
        coded, = notify([self.p.wang_fang], organization=self.p.org_a, kind="alert",
                        message="safety.alert.raised", params={"rule": "phq9_self_harm"})
        free, = notify([self.p.wang_fang], organization=self.p.org_a, kind="note",
                       title="家访后情绪低落", body="需要尽快电话随访")
        self.assertEqual(Notification.objects.get(pk=coded.pk).params,
                         {"rule": "phq9_self_harm"})
        self.assertEqual(Notification.objects.get(pk=free.pk).body, "需要尽快电话随访")
        with connection.cursor() as cursor:
            cursor.execute("SELECT params, title, body FROM notifications_notification")
            values = [str(v) for row in cursor.fetchall() for v in row if v]
        self.assertEqual(len(values), 4)  # both rows' parameters, the free title and text
        for value in values:
            self.assertTrue(value.startswith("gAAAAA"), value)
            for clear in ("phq9_self_harm", "情绪低落", "电话随访"):
                self.assertNotIn(clear, value)
