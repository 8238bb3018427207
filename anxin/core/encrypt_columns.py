"""Encrypting (and, backwards, decrypting) columns already full of plain values, for migrations.

Rows are read and written with plain SQL, a batch at a time by primary key: a historical model
would already try to decrypt the plain values, and memory stays flat however large the table.
A JSON column is turned into text by the AlterField before; its token holds that JSON text.
"""

from . import crypto

BATCH = 1000


def _encrypt(value):
    if value in (None, ""):
        return value
    return crypto.encrypt(value if isinstance(value, str) else str(value))


def _decrypt(value):
    if value in (None, ""):
        return value
    return crypto.decrypt(value)


def _rewrite(connection, table: str, columns: list[str], convert, batch: int | None) -> None:
    batch = batch or BATCH
    names = ", ".join(columns)
    assignments = ", ".join(f"{column} = %s" for column in columns)
    last_id = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(f"SELECT id, {names} FROM {table} WHERE id > %s ORDER BY id "
                           f"LIMIT {int(batch)}", [last_id])
            rows = cursor.fetchall()
            if not rows:
                return
            for row_id, *values in rows:
                cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s",
                               [*(convert(value) for value in values), row_id])
            last_id = rows[-1][0]


def encrypt_columns(connection, table: str, columns: list[str], *, batch: int | None = None
                    ) -> None:
    _rewrite(connection, table, columns, _encrypt, batch)


def decrypt_columns(connection, table: str, columns: list[str], *, batch: int | None = None
                    ) -> None:
    _rewrite(connection, table, columns, _decrypt, batch)


def encrypting(table: str, columns: list[str]):
    """The migration step that encrypts `columns` of `table` (and decrypts them going back),
    after the AlterFields that turn them into encrypted fields."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        encrypt_columns(schema_editor.connection, table, columns)

    def backwards(apps, schema_editor):
        decrypt_columns(schema_editor.connection, table, columns)

    return migrations.RunPython(forwards, backwards)
