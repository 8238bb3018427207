"""Encrypt the answers, scores, bands and flags of the public self-assessments already stored
(ADR 0015)."""

import anxin.core.crypto
from django.db import migrations

TABLE = "portal_selfassessment"
COLUMNS = ["answers", "totals", "bands", "flags"]


def encrypt_existing(apps, schema_editor):
    from anxin.core.encrypt_columns import encrypt_columns

    encrypt_columns(schema_editor.connection, TABLE, COLUMNS)


def decrypt_existing(apps, schema_editor):
    from anxin.core.encrypt_columns import decrypt_columns

    decrypt_columns(schema_editor.connection, TABLE, COLUMNS)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0002_single_use_form_token_and_held_alerts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='selfassessment',
            name='answers',
            field=anxin.core.crypto.EncryptedJSONField(verbose_name='answers'),
        ),
        migrations.AlterField(
            model_name='selfassessment',
            name='bands',
            field=anxin.core.crypto.EncryptedJSONField(verbose_name='bands'),
        ),
        migrations.AlterField(
            model_name='selfassessment',
            name='flags',
            field=anxin.core.crypto.EncryptedJSONField(default=list, verbose_name='flags'),
        ),
        migrations.AlterField(
            model_name='selfassessment',
            name='totals',
            field=anxin.core.crypto.EncryptedJSONField(verbose_name='scores'),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
