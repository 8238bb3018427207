"""A superuser's changes in the Django admin are on the audit trail, each with its own event.

Groups are one of the few things the admin can still change (accounts are read-only there).
"""

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from anxin.accounts.models import User
from anxin.audit.models import AuditEvent
from anxin.workspace.testing.cases import PersonaTestCase


class AuditingTheDjangoAdmin(PersonaTestCase):
    def setUp(self):
        self.superuser = User.objects.create_superuser(username="root", password="x" * 12)
        self.client.force_login(self.superuser)

    def admin_events(self, action: str):
        return AuditEvent.objects.filter(action=action, actor=self.superuser,
                                         target_type="auth.group")

    def test_adding_an_object_is_audited(self):
        """The add page's LogEntry becomes admin.object_added, naming the new group."""
        response = self.client.post(reverse("admin:auth_group_add"), {"name": "督导"},
                                    REMOTE_ADDR="203.0.113.9")
        self.assertEqual(response.status_code, 302)
        group = Group.objects.get(name="督导")
        event = self.assert_audited("admin.object_added", actor=self.superuser, target=group)
        self.assertEqual(event.data["object"], "督导")
        self.assertEqual(event.data["change"], [{"added": {}}])
        self.assertEqual(event.data["log_entry"], LogEntry.objects.get().pk)
        self.assertEqual(event.ip, "203.0.113.9")

    def test_changing_an_object_is_audited_with_the_change_message(self):
        group = Group.objects.create(name="督导")
        response = self.client.post(reverse("admin:auth_group_change", args=[group.pk]),
                                    {"name": "督导组"})
        self.assertEqual(response.status_code, 302)
        event = self.assert_audited("admin.object_changed", actor=self.superuser, target=group)
        self.assertEqual(event.data["change"], [{"changed": {"fields": ["Name"]}}])
        self.assertEqual(event.data["object"], "督导组")

    def test_deleting_an_object_is_audited(self):
        group = Group.objects.create(name="督导")
        response = self.client.post(reverse("admin:auth_group_delete", args=[group.pk]),
                                    {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Group.objects.exists())
        event = self.admin_events("admin.object_deleted").get()
        self.assertEqual((event.target_id, event.data["object"]), (str(group.pk), "督导"))

    def test_deleting_several_at_once_audits_each(self):
        """"Delete selected" logs with bulk_create, which sends no signal: still one event
        per object, and no event twice."""
        groups = [Group.objects.create(name=name) for name in ("甲", "乙", "丙")]
        response = self.client.post(reverse("admin:auth_group_changelist"), {
            "action": "delete_selected", "_selected_action": [g.pk for g in groups[:2]],
            "post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(Group.objects.values_list("name", flat=True)), ["丙"])
        events = self.admin_events("admin.object_deleted")
        self.assertEqual(sorted(events.values_list("target_id", flat=True)),
                         sorted(str(g.pk) for g in groups[:2]))

    def test_the_event_has_a_readable_name(self):
        group = Group.objects.create(name="督导")
        self.client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "x"})
        event = self.admin_events("admin.object_changed").get()
        self.assertEqual(event.action_label, "在 Django 管理后台修改")
