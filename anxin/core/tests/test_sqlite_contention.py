"""Two saves at once on SQLite: the second waits for the first instead of failing with
"database is locked" (ADR 0013, config/settings/base.py)."""

import tempfile
import threading
import time
import unittest

from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import SimpleTestCase

SQLITE = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


@unittest.skipUnless(SQLITE, "the SQLite settings only")
class SqliteWritersTest(SimpleTestCase):
    """A file database opened twice with the project's settings (the tests' own database is in
    memory, shared by one connection, so it cannot show this)."""

    def test_a_second_writer_waits_for_the_first_and_reads_its_write(self):
        with tempfile.TemporaryDirectory() as folder:
            params = {**settings.DATABASES["default"], "NAME": f"{folder}/two-writers.sqlite3"}
            setup = self.open(params)
            setup.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
            setup.execute("INSERT INTO counter VALUES (1, 0)")
            setup.close()
            first_began, errors, seen = threading.Event(), [], {}

            def save(name: str, hold: float, began: threading.Event | None = None):
                # As an action does: read, then write what was read plus one, in one
                # transaction that starts as Django starts it (transaction_mode).
                try:
                    db = self.open(params)
                    db.execute(f"BEGIN {self.transaction_mode}")
                    if began:
                        began.set()
                    value = db.execute("SELECT value FROM counter").fetchone()[0]
                    seen[name] = value
                    time.sleep(hold)
                    db.execute("UPDATE counter SET value = ?", (value + 1,))
                    db.execute("COMMIT")
                    db.close()
                except Exception as exc:  # the failure under test: "database is locked"
                    errors.append(exc)

            first = threading.Thread(target=save, args=("first", 0.5, first_began))
            first.start()
            first_began.wait(5)
            second = threading.Thread(target=save, args=("second", 0))
            second.start()
            first.join(10)
            second.join(30)
            self.assertEqual(errors, [])
            self.assertEqual(seen, {"first": 0, "second": 1})
            check = self.open(params)
            self.assertEqual(check.execute("SELECT value FROM counter").fetchone()[0], 2)
            self.assertEqual(check.execute("PRAGMA journal_mode").fetchone()[0], "wal")
            check.close()

    def open(self, params):
        wrapper = DatabaseWrapper(params)
        connection = wrapper.get_new_connection(wrapper.get_connection_params())
        connection.isolation_level = None  # autocommit, as Django runs it; BEGIN is explicit
        self.transaction_mode = wrapper.transaction_mode or ""
        return connection
