"""Identifying data never reaches the database in plain text: not in a row, not in a dump.

The data is written through the actions and committed (TransactionTestCase), so a pg_dump from
another process sees it too.
"""

import datetime
import os
import re
import shutil
import subprocess
import unittest

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import TransactionTestCase

from anxin.clients.actions import do_add_contact, do_add_diagnosis, do_register_client
from anxin.clients.choices import ContactKind
from anxin.clients.models import Client
from anxin.core import crypto
from anxin.instruments.models import InstrumentResponse
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import build_personas
from anxin.workspace.testing.transactional import AuditGuardFlushMixin

SECRETS = {
    "id number": "11010519491231002X",
    "second id number": "440524188001010014",
    "phone": "13912345678",
    "second phone": "13987654321",
    "address": "玉林西路17号附3号",
    "contact phone": "13811112222",
    "contact address": "望江路29号",
    "diagnosis code": "F20",
    "diagnosis label": "偏执型精神分裂症",
    "diagnosing hospital": "四川大学华西医院",
}
# Stored in plain text on purpose; finding it proves the search can see the data at all.
PLAIN_NAME = "李秀兰"

TABLES = ["clients_client", "clients_contact", "clients_clientdiagnosis",
          "clients_householdmember", "audit_auditevent"]

# Fernet tokens (version byte 0x80, zero high timestamp bytes) and Argon2 hashes are random
# base64: a three-letter code such as F20 can occur in them by chance.
_RANDOM_TEXT = re.compile(rb"gAAAAA[A-Za-z0-9_\-]+=*|\$argon2[a-z]*\$[A-Za-z0-9+/$=,]+")


def without_random_text(dump: bytes) -> bytes:
    return _RANDOM_TEXT.sub(b"", dump)


class KeepingIdentifyingDataEncrypted(AuditGuardFlushMixin, TransactionTestCase):
    def setUp(self):
        self.p = build_personas()
        worker = self.p.wang_fang
        self.first = do_register_client(self.p.org_a, acting_user=worker, data={
            "name": PLAIN_NAME, "id_number": SECRETS["id number"], "phone": SECRETS["phone"],
            "address_detail": SECRETS["address"]})
        self.second = do_register_client(self.p.org_a, acting_user=worker, data={
            "name": "王建国", "id_number": SECRETS["second id number"],
            "phone": SECRETS["second phone"], "address_detail": SECRETS["address"]})
        do_add_contact(self.first, acting_user=worker, kind=ContactKind.GUARDIAN,
                       name="李建华", relationship="儿子", phone=SECRETS["contact phone"],
                       address=SECRETS["contact address"])
        do_add_diagnosis(self.first, acting_user=worker, code=SECRETS["diagnosis code"],
                         label=SECRETS["diagnosis label"],
                         diagnosed_on=datetime.date(2021, 3, 8),
                         diagnosed_by=SECRETS["diagnosing hospital"])

    def assert_no_secret_in(self, text: str | bytes, where: str):
        data = text.encode("utf-8") if isinstance(text, str) else text
        self.assertIn(PLAIN_NAME.encode("utf-8"), data, f"{where}: the data is not in it")
        data = without_random_text(data)
        for label, secret in SECRETS.items():
            with self.subTest(where=where, secret=label):
                found = data.find(secret.encode("utf-8"))
                if found >= 0:
                    context = data[max(found - 60, 0):found + 60]
                    self.fail(f"{label} in plain text in the {where} output: …{context!r}…")

    def test_it_reads_back_the_plain_values_through_the_models(self):
        """Positive control: the application itself sees every value it stored."""
        first = Client.objects.get(pk=self.first.pk)
        self.assertEqual(first.id_number, SECRETS["id number"])
        self.assertEqual(first.phone, SECRETS["phone"])
        self.assertEqual(first.address_detail, SECRETS["address"])
        self.assertEqual(first.contacts.get().phone, SECRETS["contact phone"])
        diagnosis = first.diagnoses.get()
        self.assertEqual((diagnosis.code, diagnosis.label, diagnosis.diagnosed_by),
                         (SECRETS["diagnosis code"], SECRETS["diagnosis label"],
                          SECRETS["diagnosing hospital"]))

    def test_it_stores_no_identifying_value_in_any_column(self):
        """Every column of the client, contact, diagnosis and audit rows, read with raw SQL."""
        seen_rows = 0
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"SELECT * FROM {table}")
                columns = [column[0] for column in cursor.description]
                for row in cursor.fetchall():
                    seen_rows += 1
                    for column, value in zip(columns, row, strict=True):
                        self.assert_not_plain(table, column, value)
        self.assertGreaterEqual(seen_rows, 5)

    def assert_not_plain(self, table: str, column: str, value):
        if value in (None, ""):
            return
        text = str(value)
        if isinstance(value, str) and text.startswith("gAAAAA"):
            # A Fernet token of our keys is encrypted by definition; a forged one would not
            # decrypt and is searched like any other text.
            try:
                crypto.decrypt(text)
            except (ImproperlyConfigured, ValueError):
                pass
            else:
                return
        for label, secret in SECRETS.items():
            self.assertNotIn(secret, text, f"{label} in plain text in {table}.{column}")

    @unittest.skipUnless(connection.vendor == "sqlite", "SQLite only")
    def test_it_keeps_identifying_values_out_of_the_sqlite_dump(self):
        """The SQL text of iterdump() shows no identifying value."""
        dump = "\n".join(connection.connection.iterdump())
        self.assert_no_secret_in(dump, "iterdump")

    @unittest.skipUnless(connection.vendor == "sqlite", "SQLite only")
    def test_it_keeps_identifying_values_out_of_the_sqlite_file_image(self):
        """The database image (pages, indexes, free pages) holds no identifying value."""
        image = connection.connection.serialize()
        self.assert_no_secret_in(image, "serialize")

    @unittest.skipUnless(connection.vendor == "postgresql" and shutil.which("pg_dump"),
                         "PostgreSQL with pg_dump only")
    def test_it_keeps_identifying_values_out_of_a_pg_dump(self):
        """pg_dump of the test database, read as another client would, shows no value."""
        settings = connection.settings_dict
        command = ["pg_dump", "--data-only", "--no-owner", "-h", settings["HOST"] or "127.0.0.1",
                   "-U", settings["USER"] or "postgres", "-d", settings["NAME"]]
        if settings["PORT"]:
            command += ["-p", str(settings["PORT"])]
        env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
        result = subprocess.run(command, capture_output=True, env=env, timeout=120, check=True)
        self.assert_no_secret_in(result.stdout, "pg_dump")


class KeepingInstrumentResponsesEncrypted(PersonaTestCase):
    """A PHQ-9 with a self-harm answer: neither its answers, scores, band nor flag is plain."""

    def setUp(self):
        from anxin.instruments.actions import do_record_response

        answers = {f"item_{n}": 3 for n in range(1, 9)} | {"item_9": 2}
        self.response = do_record_response(self.p.client_a, instrument_code="phq9",
                                           answers=answers, acting_user=self.p.wang_fang)

    def raw(self, sql: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [str(value) for row in cursor.fetchall() for value in row]

    def test_it_reads_the_response_back_in_clear_through_the_model(self):
        """Positive control: the flag and band the assertions below look for exist."""
        stored = InstrumentResponse.objects.get(pk=self.response.pk)
        self.assertEqual(stored.flags, ["self_harm_thoughts"])
        self.assertEqual(stored.bands["total"], "severe")
        self.assertEqual(stored.answers["item_9"], 2)

    def test_the_response_row_holds_no_answer_band_or_flag_in_plain_text(self):
        values = self.raw("SELECT answers, totals, bands, flags "
                          "FROM instruments_instrumentresponse")
        self.assertEqual(len(values), 4)
        for value in values:
            self.assertTrue(value.startswith("gAAAAA"), value)
            for clear in ("self_harm_thoughts", "severe", "item_9"):
                self.assertNotIn(clear, value)

    def test_the_audit_event_of_the_response_holds_no_flag_in_plain_text(self):
        values = self.raw("SELECT reason, data FROM audit_auditevent")
        self.assertTrue(values)
        for value in values:
            self.assertNotIn("self_harm_thoughts", value)


class KeepingPopulationCategoriesEncrypted(PersonaTestCase):
    """张伟 (client_a) is in the "mental disorder" category: the row does not say so."""

    def test_the_client_row_names_no_category_in_plain_text(self):
        self.assertEqual(Client.objects.get(pk=self.p.client_a.pk).population_categories,
                         ["mental_disorder"])  # positive control
        with connection.cursor() as cursor:
            cursor.execute("SELECT population_categories, population_category_index "
                           "FROM clients_client")
            rows = cursor.fetchall()
        self.assertTrue(rows)
        for categories, index in rows:
            self.assertTrue(categories.startswith("gAAAAA"))
            for value in (categories, index):
                self.assertNotIn("mental", value)

    def test_lists_still_filter_on_a_category_through_the_keyed_index(self):
        from anxin.clients.actions import do_update_client
        from anxin.clients.selectors import filter_by_category

        client = self.p.client_a
        self.assertIn(client, filter_by_category(Client.objects.all(), "mental_disorder"))
        self.assertNotIn(client, filter_by_category(Client.objects.all(), "caregiver"))
        do_update_client(client, acting_user=self.p.wang_fang,
                         data={"population_categories": ["caregiver", "bereaved"]})
        self.assertNotIn(client, filter_by_category(Client.objects.all(), "mental_disorder"))
        self.assertIn(client, filter_by_category(Client.objects.all(), "caregiver"))
        self.assertIn(client, filter_by_category(Client.objects.all(), "bereaved"))


class EncryptingRowsStoredInClear(PersonaTestCase):
    """The data step of migrations clients 0005 and instruments 0003, on rows as they stood
    after the column became text: plain JSON, and no category index yet."""

    def run_step(self, module: str):
        from importlib import import_module
        from types import SimpleNamespace

        from django.db.migrations import RunPython

        operations = import_module(module).Migration.operations
        step = next(op for op in operations if isinstance(op, RunPython))
        step.code(None, SimpleNamespace(connection=connection))

    def test_plain_categories_are_encrypted_and_indexed(self):
        from anxin.clients.selectors import filter_by_category

        with connection.cursor() as cursor:
            cursor.execute("UPDATE clients_client SET population_categories = %s, "
                           "population_category_index = '' WHERE id = %s",
                           ['["caregiver", "mental_disorder"]', self.p.client_a.pk])
        self.assertNotIn(self.p.client_a,
                         filter_by_category(Client.objects.all(), "caregiver"))  # control
        with connection.cursor() as cursor:
            cursor.execute("UPDATE clients_client SET population_categories = '[]' "
                           "WHERE id <> %s", [self.p.client_a.pk])
        self.run_step("anxin.clients.migrations.0005_encrypt_population_categories")

        client = Client.objects.get(pk=self.p.client_a.pk)
        self.assertEqual(client.population_categories, ["caregiver", "mental_disorder"])
        self.assertIn(client, filter_by_category(Client.objects.all(), "caregiver"))
        self.assertIn(client, filter_by_category(Client.objects.all(), "mental_disorder"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT population_categories FROM clients_client")
            self.assertFalse([row for row in cursor.fetchall() if "mental" in row[0]])

    def test_plain_responses_are_encrypted(self):
        from anxin.instruments.actions import do_record_response

        response = do_record_response(self.p.client_a, instrument_code="phq9",
                                      answers={f"item_{n}": 1 for n in range(1, 10)},
                                      acting_user=self.p.wang_fang)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE instruments_instrumentresponse SET answers = %s, "
                           "totals = %s, bands = %s, flags = %s WHERE id = %s",
                           ['{"item_9": 1}', '{"total": "9"}', '{"total": "mild"}',
                            '["self_harm_thoughts"]', response.pk])
        self.run_step("anxin.instruments.migrations.0003_encrypt_responses")

        stored = InstrumentResponse.objects.get(pk=response.pk)
        self.assertEqual((stored.answers, stored.totals, stored.bands, stored.flags),
                         ({"item_9": 1}, {"total": "9"}, {"total": "mild"},
                          ["self_harm_thoughts"]))
        with connection.cursor() as cursor:
            cursor.execute("SELECT flags FROM instruments_instrumentresponse")
            self.assertNotIn("self_harm", cursor.fetchone()[0])
