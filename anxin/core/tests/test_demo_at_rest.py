"""The demo, loaded whole, leaves no clinical or identifying phrase in plain text in any table.

The demo is realistic on purpose: its stage-change reasons, closure reasons, diagnoses, ID
numbers, phones and addresses are what a real institution would store. Every text column of every
table is read with raw SQL (Fernet tokens of our keys are skipped as encrypted), and the SQLite
file image or a pg_dump is searched as well.
"""

import os
import shutil
import subprocess
import unittest

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import TransactionTestCase

from anxin.audit.models import AuditEvent
from anxin.clients.models import Client, ClientDiagnosis, Contact
from anxin.core import crypto
from anxin.workspace.demo import cases as demo_cases
from anxin.workspace.demo.loader import load_demo
from anxin.workspace.testing.transactional import AuditGuardFlushMixin

from .test_encryption_at_rest import without_random_text

DANGER_REASON = next(story.referral.reason for story in demo_cases.STORIES["CDWH"]
                     if story.referral and story.referral.reason.startswith("危险性评估3级"))


def demo_phrases() -> dict[str, str]:
    """label → phrase: the reasons the demo's stories give, and each client's identifiers."""
    phrases = {}
    for code, stories in demo_cases.STORIES.items():
        for number, story in enumerate(stories):
            for kind, text in (("reason", story.reason),
                               ("decline", story.decline and story.decline.reason),
                               ("referral", story.referral and story.referral.reason)):
                if text:
                    phrases[f"{code} story {number} {kind}"] = text
    for code, profiles in demo_cases.PROFILES.items():
        for kind, group in profiles.items():
            for number, profile in enumerate(group):
                where = f"{code} {kind} profile {number}"
                phrases[f"{where} needs"] = profile.needs
                if profile.closure.get("reason_detail"):
                    phrases[f"{where} closure reason"] = profile.closure["reason_detail"]
                if profile.assessment.get("problem_diagnosis"):
                    phrases[f"{where} problem diagnosis"] = profile.assessment["problem_diagnosis"]
    phrases.update({f"relapse {field}": text for field, text in demo_cases.RELAPSE
                    if field != "stability"})
    for client in Client.objects.all():
        for field in ("id_number", "phone", "address_detail"):
            if getattr(client, field):
                phrases[f"client {client.file_number} {field}"] = getattr(client, field)
    for contact in Contact.objects.exclude(phone=""):
        phrases[f"contact {contact.pk} phone"] = contact.phone
    for diagnosis in ClientDiagnosis.objects.exclude(label=""):
        phrases[f"diagnosis {diagnosis.pk} label"] = diagnosis.label
    # Too short a phrase would match by chance (a two-character word, a code).
    return {label: phrase for label, phrase in phrases.items() if len(phrase) >= 4}


def _is_our_token(text: str) -> bool:
    if not text.startswith("gAAAAA"):
        return False
    try:
        crypto.decrypt(text)
    except (ImproperlyConfigured, ValueError):
        return False
    return True


class TheDemoAtRest(AuditGuardFlushMixin, TransactionTestCase):
    def setUp(self):
        load_demo()
        self.phrases = demo_phrases()

    def plain_findings(self, phrases=None) -> dict[str, set[str]]:
        """table.column → labels of the phrases found there in plain text."""
        findings: dict[str, set[str]] = {}
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'SELECT * FROM "{table}"')
                columns = [column[0] for column in cursor.description]
                for row in cursor.fetchall():
                    for column, value in zip(columns, row, strict=True):
                        if value in (None, "") or isinstance(value, int | float | bool):
                            continue
                        text = str(value)
                        if _is_our_token(text):
                            continue
                        for label, phrase in (phrases or self.phrases).items():
                            if phrase in text:
                                findings.setdefault(f"{table}.{column}", set()).add(label)
        return findings

    def test_no_table_holds_a_clinical_or_identifying_phrase_in_plain_text(self):
        self.assertGreater(len(self.phrases), 50)  # the demo is there, and so are its phrases
        # Positive control: names are plain on purpose, so the search must find them.
        names = {f"name {c.pk}": c.name for c in Client.objects.all() if len(c.name) >= 3}
        self.assertIn("clients_client.name", self.plain_findings(names))
        # And the reasons are stored (encrypted): the audit trail gives them back in clear.
        reasons = {event.reason for event in AuditEvent.objects.exclude(reason="")}
        self.assertIn(DANGER_REASON, reasons)
        findings = self.plain_findings()
        self.assertEqual(findings, {}, "\n".join(f"{where}: {sorted(labels)[:3]} ({len(labels)})"
                                                  for where, labels in findings.items()))

    def assert_no_phrase_in(self, image: bytes, where: str):
        image = without_random_text(image)
        found = [label for label, phrase in self.phrases.items()
                 if phrase.encode("utf-8") in image]
        self.assertEqual(found, [], f"in plain text in the {where}")

    @unittest.skipUnless(connection.vendor == "sqlite", "SQLite only")
    def test_the_sqlite_file_image_holds_no_such_phrase(self):
        """Pages, indexes and free pages of the database image."""
        self.assert_no_phrase_in(connection.connection.serialize(), "SQLite image")

    @unittest.skipUnless(connection.vendor == "postgresql" and shutil.which("pg_dump"),
                         "PostgreSQL with pg_dump only")
    def test_a_pg_dump_holds_no_such_phrase(self):
        settings = connection.settings_dict
        command = ["pg_dump", "--data-only", "--no-owner", "-h", settings["HOST"] or "127.0.0.1",
                   "-U", settings["USER"] or "postgres", "-d", settings["NAME"]]
        if settings["PORT"]:
            command += ["-p", str(settings["PORT"])]
        env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
        result = subprocess.run(command, capture_output=True, env=env, timeout=120, check=True)
        self.assert_no_phrase_in(result.stdout, "pg_dump")
