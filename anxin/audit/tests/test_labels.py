"""Readable audit names: each app registers its own, and the log names targets cheaply."""

import re
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anxin.audit import labels
from anxin.audit.actions import record
from anxin.audit.models import AuditEvent
from anxin.clients import audit_labels as client_labels
from anxin.clients.models import Contact
from anxin.core import audit_labels as core_labels
from anxin.core import crypto
from anxin.core.models import HolidaySchedule
from anxin.workspace.testing.cases import PersonaTestCase

SOURCE = Path(settings.BASE_DIR) / "anxin"
RECORDED = re.compile(r"""\brecord\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")


class RegistrationTest(PersonaTestCase):
    def test_it_takes_each_apps_labels_from_its_own_audit_labels_module(self):
        """clients and core name their events in their own module; the registry has them."""
        for module in (client_labels, core_labels):
            for code, label in module.ACTIONS.items():
                with self.subTest(action=code):
                    self.assertIs(labels.ACTION_LABELS[code], label)
            for model_label, target in module.TARGETS.items():
                self.assertIs(labels.TARGET_LABELS[model_label], target)

    def test_it_refuses_a_second_app_labelling_the_same_action(self):
        """Two apps naming one action is a mistake: it fails at start-up, naming both."""
        with self.assertRaisesMessage(ImproperlyConfigured, "anxin.clients"):
            labels.register({"client.registered": "x"}, source="anxin.elsewhere")
        self.assertIs(labels.ACTION_LABELS["client.registered"],
                      client_labels.ACTIONS["client.registered"])

    def test_it_has_a_readable_name_for_every_action_the_code_records(self):
        """Every literal action passed to record() anywhere in the product has a label."""
        recorded = set()
        for path in SOURCE.rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            recorded |= set(RECORDED.findall(path.read_text(encoding="utf-8")))
        self.assertIn("holiday_schedule.loaded", recorded)
        self.assertEqual(sorted(recorded - set(labels.ACTION_LABELS)), [])

    def test_each_app_names_the_actions_it_records(self):
        """An action recorded in an app's code is labelled by that app's own module: the audit
        app keeps no list of other apps' events."""
        misplaced = []
        for path in SOURCE.rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            app = "anxin." + path.relative_to(SOURCE).parts[0]
            for code in RECORDED.findall(path.read_text(encoding="utf-8")):
                source = labels._sources.get(f"action {code}")
                if source != app:
                    misplaced.append((code, str(path.relative_to(SOURCE)), source))
        self.assertEqual(misplaced, [])

    def test_an_event_nobody_did_is_shown_as_the_systems(self):
        """The minute checks act for nobody: the log says 系统 rather than leaving a gap."""
        record("home_visit.overdue", organization=self.p.org_a)
        self.client.force_login(self.p.admin_a)
        page = self.client.get(reverse("audit:list")).content.decode()
        self.assertIn('<td data-label="用户" class="text-nowrap"><span class="text-muted">系统'
                      '</span></td>', page)

    def test_it_offers_the_filter_the_actions_by_readable_name(self):
        self.client.force_login(self.p.admin_a)
        response = self.client.get(reverse("audit:list"))
        self.assertContains(response, '<option value="holiday_schedule.loaded">载入节假日安排')


class TargetNamesTest(PersonaTestCase):
    def setUp(self):
        self.client.force_login(self.p.admin_a)

    def rows(self) -> str:
        return self.client.get(reverse("audit:list")).content.decode()

    def test_it_names_a_client_by_kind_and_file_number_not_model_and_id(self):
        client = self.p.client_a
        record("client.updated", actor=self.p.wang_fang, target=client, client=client)
        html = self.rows()
        self.assertIn(f'<span class="text-muted">服务对象</span> {client.file_number}', html)
        self.assertNotIn(f"clients.client {client.pk}<", html)

    def test_it_names_other_kinds_of_target_by_their_own_cheap_label(self):
        contact = Contact.objects.create(client=self.p.client_a, kind="guardian",
                                         name="张父", relationship="父亲", phone="13800000001")
        record("client.contact_added", actor=self.p.wang_fang, target=contact,
               client=self.p.client_a)
        schedule = HolidaySchedule.objects.create(year=2031, source="通知",
                                                  loaded_by=self.p.admin_a)
        record("holiday_schedule.loaded", actor=self.p.admin_a, target=schedule)
        html = self.rows()
        self.assertIn(f'<span class="text-muted">联系人</span> {self.p.client_a.file_number}'
                      " · 监护人", html)
        self.assertIn('<span class="text-muted">节假日安排</span> 2031', html)
        self.assertNotIn("张父", html)  # a contact's name is not the log's business

    def test_it_names_a_case_by_its_number(self):
        from anxin.cases import actions

        case = actions.do_open_case(self.p.client_a, acting_user=self.p.wang_fang,
                                    worker=self.p.wang_fang, supervisor=self.p.chen_min,
                                    source="sought_help",
                                    application_date=timezone.localdate())
        self.assertIn(f'<span class="text-muted">个案</span> {case.case_number}', self.rows())

    def test_it_falls_back_to_the_kind_and_id_for_a_record_gone_or_unknown(self):
        AuditEvent.objects.create(action="client.contact_removed", actor=self.p.admin_a,
                                  organization=self.p.org_a, target_type="clients.contact",
                                  target_id="999999")
        AuditEvent.objects.create(action="legacy.thing", actor=self.p.admin_a,
                                  organization=self.p.org_a, target_type="legacy.thing",
                                  target_id="7")
        html = self.rows()
        self.assertIn('<span class="text-muted">联系人</span> #999999', html)
        self.assertIn('<span class="text-muted">legacy.thing</span> #7', html)

    def test_it_names_the_targets_without_decrypting_any_client_field(self):
        """Neither the targets nor the Client column decrypt: file numbers only."""
        for client in (self.p.client_a, self.p.client_a2):
            record("client.updated", actor=self.p.wang_fang, target=client, client=client)
        with mock.patch.object(crypto, "decrypt", wraps=crypto.decrypt) as decrypt:
            html = self.rows()
        self.assertIn(self.p.client_a2.file_number, html)
        self.assertEqual(decrypt.call_count, 0)

    def test_it_names_a_page_of_targets_in_the_same_number_of_queries_however_many_rows(self):
        def add(n):
            for i in range(n):
                client = (self.p.client_a, self.p.client_a2)[i % 2]
                record("client.updated", actor=self.p.wang_fang, target=client, client=client)
                contact = Contact.objects.create(client=client, kind="carer", name="某人",
                                                 relationship="母亲", phone="13800000002")
                record("client.contact_added", actor=self.p.wang_fang, target=contact,
                       client=client)

        add(2)
        self.rows()  # the first request of a session also writes the session; not counted
        with CaptureQueriesContext(connection) as few:
            self.rows()
        add(20)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(reverse("audit:list"))
        self.assertEqual(len(response.context["page"].object_list), 44)
        self.assertEqual(len(many), len(few))
