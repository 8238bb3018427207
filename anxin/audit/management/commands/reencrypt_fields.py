"""Rewrite every encrypted column under the first of FIELD_ENCRYPTION_KEYS (ADR 0015).

Keys rotate without it: a new key is put first and encrypts from then on, the old ones still
decrypt. Running this afterwards re-encrypts what the old keys wrote, so they can be removed.
It lives in the audit app because it must lift the audit table's append-only triggers for the
rewrite (inside its transaction, so the table is never unguarded for anyone else); the hash
chain seals plain values, so it still verifies afterwards.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.translation import gettext as _

from anxin.audit.db import install_guards, remove_guards
from anxin.audit.models import AuditEvent
from anxin.core import crypto

ENCRYPTED = (crypto.EncryptedTextField, crypto.EncryptedJSONField)


def encrypted_columns():
    """(model, [column, …]) of every model with an encrypted field."""
    for model in apps.get_models():
        columns = [field.column for field in model._meta.concrete_fields
                   if isinstance(field, ENCRYPTED)]
        if columns and not model._meta.proxy and model._meta.managed:
            yield model, columns


class Command(BaseCommand):
    help = ("Re-encrypt every encrypted column under the first configured field key, so that "
            "the older keys can be removed from ANXIN_FIELD_KEYS.")

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="Rows read at a time.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, batch: int, database: str, **options):
        connection = connections[database]
        for model, columns in encrypted_columns():
            # One transaction per table: a failure leaves that table as it was.
            with transaction.atomic(using=database):
                guarded = model is AuditEvent
                if guarded:
                    remove_guards(connection)
                count = self._rewrite(connection, model, columns, batch)
                if guarded:
                    install_guards(connection)
            self.stdout.write(_("%(model)s: %(count)s rows re-encrypted (%(columns)s).") % {
                "model": model._meta.label, "count": count, "columns": ", ".join(columns)})

    def _rewrite(self, connection, model, columns, batch: int) -> int:
        quote = connection.ops.quote_name
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        names = ", ".join(quote(column) for column in columns)
        assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
        count, last = 0, None
        with connection.cursor() as cursor:
            while True:
                where, params = (f"WHERE {pk} > %s", [last]) if last is not None else ("", [])
                cursor.execute(f"SELECT {pk}, {names} FROM {table} {where} ORDER BY {pk} "
                               f"LIMIT {int(batch)}", params)
                rows = cursor.fetchall()
                if not rows:
                    return count
                for row_pk, *values in rows:
                    cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s",
                                   [*(crypto.reencrypt(v) if v else v for v in values), row_pk])
                count += len(rows)
                last = rows[-1][0]
