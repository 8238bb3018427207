"""Encrypt the parameters and free text of the notifications already stored (ADR 0015)."""

import anxin.core.crypto
from django.db import migrations

TABLE = "notifications_notification"
COLUMNS = ["params", "title", "body"]


def encrypt_existing(apps, schema_editor):
    from anxin.core.encrypt_columns import encrypt_columns

    encrypt_columns(schema_editor.connection, TABLE, COLUMNS)


def decrypt_existing(apps, schema_editor):
    from anxin.core.encrypt_columns import decrypt_columns

    decrypt_columns(schema_editor.connection, TABLE, COLUMNS)


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_message_codes_and_subjects'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='body',
            field=anxin.core.crypto.EncryptedTextField(blank=True, verbose_name='text'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='params',
            field=anxin.core.crypto.EncryptedJSONField(blank=True, default=dict, verbose_name='message parameters'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='title',
            field=anxin.core.crypto.EncryptedTextField(blank=True, verbose_name='title'),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
