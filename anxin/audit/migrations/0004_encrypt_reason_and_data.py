"""Encrypt the reason and data of every audit event at rest (ADR 0015).

A reason can be clinical ("危险性评估3级…", a cause of death) and data can name people; both were
plain text in the audit table. The columns become Fernet tokens (anxin/core/crypto.py). The seals
are left as they are: they cover the plain values (anxin/audit/chain.py), which do not change, so
`verify_audit` holds before and after, and after any later re-encryption under a rotated key.

The append-only guards are lifted for the rewrite and put back at the end, as in 0003; the whole
migration is one transaction on PostgreSQL, so the table is never unguarded for anyone else.
Rows are read and written with plain SQL: the historical model would try to decrypt the plain
values still there.
"""

import anxin.core.crypto
from django.db import migrations

TABLE = "audit_auditevent"
BATCH = 1000


def lift_guards(apps, schema_editor):
    from anxin.audit.db import remove_guards

    remove_guards(schema_editor.connection)


def install_guards(apps, schema_editor):
    from anxin.audit.db import install_guards

    install_guards(schema_editor.connection)


def _rewrite(schema_editor, convert):
    """Apply `convert` to the reason and data text of every row, a batch at a time."""
    last_id = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(f"SELECT id, reason, data FROM {TABLE} WHERE id > %s "
                           f"ORDER BY id LIMIT {BATCH}", [last_id])
            rows = cursor.fetchall()
            if not rows:
                return
            for event_id, reason, data in rows:
                cursor.execute(f"UPDATE {TABLE} SET reason = %s, data = %s WHERE id = %s",
                               [convert(reason), convert(data), event_id])
            last_id = rows[-1][0]


def _encrypt(value):
    # The data column holds JSON text after the type change; its token decrypts to that text.
    if value in (None, ""):
        return value
    return anxin.core.crypto.encrypt(value if isinstance(value, str) else str(value))


def _decrypt(value):
    if value in (None, ""):
        return value
    return anxin.core.crypto.decrypt(value)


def encrypt_existing(apps, schema_editor):
    _rewrite(schema_editor, _encrypt)


def decrypt_existing(apps, schema_editor):
    _rewrite(schema_editor, _decrypt)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_hash_chain'),
    ]

    operations = [
        migrations.RunPython(lift_guards, install_guards),
        migrations.AlterField(
            model_name='auditevent',
            name='data',
            field=anxin.core.crypto.EncryptedJSONField(blank=True, default=dict, verbose_name='data'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='reason',
            field=anxin.core.crypto.EncryptedTextField(blank=True, verbose_name='reason'),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
        migrations.RunPython(install_guards, lift_guards),
    ]
