"""Encrypt the answers, scores, bands and flags of the public self-assessments already stored
(ADR 0015)."""

from django.db import migrations

import anxin.core.crypto
from anxin.core.encrypt_columns import encrypting

TABLE = "portal_selfassessment"
COLUMNS = ["answers", "totals", "bands", "flags"]


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
        encrypting(TABLE, COLUMNS),
    ]
