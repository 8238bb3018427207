"""Encrypt the parameters and free text of the notifications already stored (ADR 0015)."""

from django.db import migrations

import anxin.core.crypto
from anxin.core.encrypt_columns import encrypting

TABLE = "notifications_notification"
COLUMNS = ["params", "title", "body"]


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
        encrypting(TABLE, COLUMNS),
    ]
