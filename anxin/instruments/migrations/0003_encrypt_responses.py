"""Encrypt the answers, scores, bands and flags of the responses already stored (ADR 0015).

An answer to PHQ-9 item 9 or a "severe" band is clinical; the columns become Fernet tokens.
Nothing filters on them in SQL, so no index replaces them.
"""

from django.db import migrations

import anxin.core.crypto
from anxin.core.encrypt_columns import encrypting

TABLE = "instruments_instrumentresponse"
COLUMNS = ["answers", "totals", "bands", "flags"]


class Migration(migrations.Migration):

    dependencies = [
        ('instruments', '0002_client_link'),
    ]

    operations = [
        migrations.AlterField(
            model_name='instrumentresponse',
            name='answers',
            field=anxin.core.crypto.EncryptedJSONField(verbose_name='answers'),
        ),
        migrations.AlterField(
            model_name='instrumentresponse',
            name='bands',
            field=anxin.core.crypto.EncryptedJSONField(verbose_name='bands'),
        ),
        migrations.AlterField(
            model_name='instrumentresponse',
            name='flags',
            field=anxin.core.crypto.EncryptedJSONField(default=list, verbose_name='flags'),
        ),
        migrations.AlterField(
            model_name='instrumentresponse',
            name='totals',
            field=anxin.core.crypto.EncryptedJSONField(verbose_name='scores'),
        ),
        encrypting(TABLE, COLUMNS),
    ]
