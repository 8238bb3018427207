"""Encrypt clients' population categories, with a keyed index for the lists (ADR 0015).

"Mental disorder" among a client's categories discloses a diagnosis. The column becomes one
Fernet token of the JSON list, and `population_category_index` holds one keyed token per
category (anxin/clients/selectors.py), which the client list and the API filter on. Rows are read
and written with plain SQL, the historical model would try to decrypt the plain lists.
"""

import json

import anxin.core.crypto
from django.db import migrations, models

TABLE = "clients_client"
BATCH = 1000


def _rewrite(schema_editor, convert):
    last_id = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(f"SELECT id, population_categories FROM {TABLE} WHERE id > %s "
                           f"ORDER BY id LIMIT {BATCH}", [last_id])
            rows = cursor.fetchall()
            if not rows:
                return
            for row_id, stored in rows:
                categories, index = convert(stored)
                cursor.execute(f"UPDATE {TABLE} SET population_categories = %s, "
                               f"population_category_index = %s WHERE id = %s",
                               [categories, index, row_id])
            last_id = rows[-1][0]


def _encrypt(stored):
    from anxin.clients.selectors import categories_index

    text = stored if isinstance(stored, str) else json.dumps(stored)
    return anxin.core.crypto.encrypt(text), categories_index(json.loads(text or "[]"))


def _decrypt(stored):
    return anxin.core.crypto.decrypt(stored) if stored else "[]", ""


def encrypt_existing(apps, schema_editor):
    _rewrite(schema_editor, _encrypt)


def decrypt_existing(apps, schema_editor):
    _rewrite(schema_editor, _decrypt)


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0004_emergency_access'),
    ]

    operations = [
        migrations.AddField(
            model_name='client',
            name='population_category_index',
            field=models.CharField(blank=True, editable=False, max_length=400),
        ),
        migrations.AlterField(
            model_name='client',
            name='population_categories',
            field=anxin.core.crypto.EncryptedJSONField(blank=True, default=list, verbose_name='population categories'),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
