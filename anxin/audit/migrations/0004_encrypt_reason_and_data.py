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

from django.db import migrations

import anxin.core.crypto
from anxin.core.encrypt_columns import encrypting

TABLE = "audit_auditevent"


def lift_guards(apps, schema_editor):
    from anxin.audit.db import remove_guards

    remove_guards(schema_editor.connection)


def install_guards(apps, schema_editor):
    from anxin.audit.db import install_guards

    install_guards(schema_editor.connection)


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
        encrypting(TABLE, ["reason", "data"]),
        migrations.RunPython(install_guards, lift_guards),
    ]
