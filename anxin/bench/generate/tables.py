"""Rows for bulk loading, built from the models' own field definitions.

A `Table` knows a model's columns and what each takes when the generator does not say: its
default, "" for a blank text, NULL where allowed, the row's time for time stamps, and for an
encrypted column a Fernet token made by the same `crypto.encrypt` the fields call. So a column
added to a model later is filled without touching the generator, and `organization_id` is set
on every table that has it. Rows are tuples in column order, written by `Loader`: PostgreSQL's
COPY, or executemany on SQLite.
"""

import contextlib
import datetime
import json
import time
from collections.abc import Callable

from django.db import connection, models, transaction

from anxin.core import crypto
from anxin.core.crypto import EncryptedJSONField, EncryptedTextField

_UTC = datetime.UTC


def _text_for(field) -> str:
    """Filler for a required encrypted text nobody named: a short sentence of its size."""
    return "已记录。"


class Table:
    def __init__(self, model: type[models.Model], *, filler: Callable[[object], str] = _text_for):
        self.model = model
        self.name = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.index = {name: i for i, name in enumerate(self.attnames)}
        self.has_organization = "organization_id" in self.index
        self.next_id = 1
        self.step = 1
        self.count = 0
        self.seconds = 0.0
        self.rows: list[tuple] = []
        # Per column: a constant, or a marker saying how to fill it per row.
        self._plan = []
        for field in self.fields:
            self._plan.append(self._default_plan(field, filler))
        self._encrypted = {i for i, f in enumerate(self.fields)
                           if isinstance(f, EncryptedTextField)}
        self._encrypted_json = {i for i, f in enumerate(self.fields)
                                if isinstance(f, EncryptedJSONField)}
        self._json = {i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)}

    @staticmethod
    def _default_plan(field, filler):
        if field.primary_key:
            return ("pk",)
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            return ("at",)
        if isinstance(field, EncryptedJSONField):
            if field.has_default():
                return ("value", field.get_default())
            return ("value", None)
        if isinstance(field, EncryptedTextField):
            if field.blank:
                return ("value", "")
            return ("value", filler(field))
        if field.has_default():
            default = field.get_default()
            return ("value", default)
        if field.null:
            return ("value", None)
        if isinstance(field, models.DateTimeField):
            return ("at",)
        if isinstance(field, models.DateField):
            return ("date",)
        if isinstance(field, models.CharField | models.TextField) and field.blank:
            return ("value", "")
        if isinstance(field, models.BinaryField):
            return ("value", b"")
        return ("required",)

    def row(self, at: datetime.datetime, organization_id=None, /, **values) -> int:
        """Queue one row; returns its primary key (given as `id`, or the next free one)."""
        pk, row = self.build(at, organization_id, **values)
        self.rows.append(row)
        return pk

    def build(self, at: datetime.datetime, organization_id=None, /, **values) -> tuple:
        """(primary key, the row as stored), not queued."""
        pk = values.pop("id", None)
        if pk is None:
            pk = self.next_id
            self.next_id += self.step
        if self.has_organization and "organization_id" not in values:
            values["organization_id"] = organization_id
        out = []
        index = self.index
        for i, plan in enumerate(self._plan):
            name = self.attnames[i]
            if name in values:
                value = values[name]
            elif plan[0] == "pk":
                value = pk
            elif plan[0] == "value":
                value = plan[1]
                if isinstance(value, list | dict):
                    value = type(value)(value)
            elif plan[0] == "at":
                value = at
            elif plan[0] == "date":
                value = at.date()
            else:
                raise ValueError(f"{self.name}.{name} needs a value")
            if i in self._encrypted:
                value = crypto.encrypt(value) if value not in (None, "") else value
            elif i in self._encrypted_json:
                value = None if value is None else crypto.encrypt(
                    json.dumps(value, ensure_ascii=False, sort_keys=True))
            elif i in self._json:
                value = json.dumps(value, ensure_ascii=False)
            out.append(value)
        del index
        return pk, tuple(out)


class Loader:
    """Writes the queued rows of each table in the order the tables were registered (parents
    first), then commits: PostgreSQL checks the deferred foreign keys at each commit."""

    def __init__(self, *, using: str = "default"):
        self.tables: dict[type[models.Model], Table] = {}
        self.vendor = connection.vendor
        self.started = time.monotonic()
        self.restore_seconds = 0.0
        self.restored = (0, 0)

    def table(self, model, **kwargs) -> Table:
        if model not in self.tables:
            table = Table(model, **kwargs)
            table.next_id = _next_id(table)
            self.tables[model] = table
        return self.tables[model]

    def __getitem__(self, model) -> Table:
        return self.table(model)

    def pending(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())

    def flush(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # Synthetic data can be made again: no need to wait for each commit's flush.
                cursor.execute("SET LOCAL synchronous_commit TO off")
            for table in self.tables.values():
                if table.rows:
                    started = time.monotonic()
                    self._write(cursor, table)
                    table.seconds += time.monotonic() - started
                    table.count += len(table.rows)
                    table.rows = []

    def _write(self, cursor, table: Table) -> None:
        columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
        if self.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                for row in table.rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})",
                               [tuple(_sqlite(v) for v in row) for row in table.rows])

    @contextlib.contextmanager
    def bulk_mode(self):
        """PostgreSQL: load without the foreign keys and secondary indexes of the loaded tables,
        then put back each one exactly as it was (same name and definition): adding a foreign
        key validates every row in one pass, and building an index once is cheaper than keeping
        it up to date row by row. Unique and primary keys stay in place throughout. Restored
        even when the load fails. SQLite loads as it is."""
        if self.vendor != "postgresql":
            yield
            return
        names = [t.name for t in self.tables.values()]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
                [names])
            foreign_keys = cursor.fetchall()
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid::regclass::text = ANY(%s) AND NOT indisprimary AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid)", [names])
            indexes = cursor.fetchall()
            with transaction.atomic():
                # Changing a table's constraints needs its deferred checks done first (rows
                # written earlier in an enclosing transaction, such as a test's).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for table, name, _definition in foreign_keys:
                    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                for name, _definition in indexes:
                    cursor.execute(f"DROP INDEX {name}")
        try:
            yield
        finally:
            started = time.monotonic()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL maintenance_work_mem TO '512MB'")
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for _name, definition in indexes:
                    cursor.execute(definition)
                for table, name, definition in foreign_keys:
                    cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            # Vacuumed as well as analysed, as autovacuum leaves a table at rest: its visibility
            # map lets index-only scans skip the heap, which a table just loaded by COPY does
            # not have yet. VACUUM cannot run in a transaction (a test's): analysed only there.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                for name in names:
                    cursor.execute(f"{command} {name}")
            self.restore_seconds = time.monotonic() - started
            self.restored = (len(indexes), len(foreign_keys))

    def reset_sequences(self) -> None:
        """After loading with explicit ids, the next id the database hands out follows them."""
        if self.vendor != "postgresql":
            return  # SQLite's rowid follows the largest id by itself
        with connection.cursor() as cursor:
            for table in self.tables.values():
                pk = table.model._meta.pk
                if not isinstance(pk, models.AutoField | models.BigAutoField):
                    continue
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk.column}'), "
                    f"COALESCE((SELECT MAX({pk.column}) FROM {table.name}), 1))")


def _next_id(table: Table) -> int:
    pk = table.model._meta.pk
    if not isinstance(pk, models.AutoField | models.BigAutoField):
        return 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({pk.column}) FROM {table.name}")
        (largest,) = cursor.fetchone()
    return (largest or 0) + 1


def _sqlite(value):
    # As Django's SQLite backend stores them: naive UTC text for times, 0/1 for booleans.
    if isinstance(value, datetime.datetime):
        return value.astimezone(_UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value
