"""Seal the audit trail into a hash chain (anxin/audit/chain.py), events already there included.

The append-only guards are lifted for the backfill, which must write the two new columns of
every existing row, and put back at the end; on SQLite adding the columns rebuilds the table,
which drops its triggers in any case. The whole migration is one transaction on PostgreSQL, so
the table is never unguarded for anyone else.
"""

import django.utils.timezone
from django.db import migrations, models

BATCH = 1000


def lift_guards(apps, schema_editor):
    from anxin.audit.db import remove_guards

    remove_guards(schema_editor.connection)


def install_guards(apps, schema_editor):
    from anxin.audit.db import install_guards

    install_guards(schema_editor.connection)


def seal_existing_events(apps, schema_editor):
    """Chain the events in id order, a batch at a time (keyset pagination, so memory stays flat
    however long the trail is)."""
    from anxin.audit.chain import SEALED_FIELDS, seal

    AuditEvent = apps.get_model("audit", "AuditEvent")
    events = AuditEvent.objects.using(schema_editor.connection.alias)
    previous, last_id = "", 0
    while True:
        batch = list(events.filter(id__gt=last_id).order_by("id")[:BATCH])
        if not batch:
            return
        for event in batch:
            event.previous_hash = previous
            event.chain_hash = previous = seal({name: getattr(event, name)
                                                for name in SEALED_FIELDS})
        events.bulk_update(batch, ["previous_hash", "chain_hash"])
        last_id = batch[-1].id


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_triggers'),
    ]

    operations = [
        migrations.RunPython(lift_guards, install_guards),
        migrations.AddField(
            model_name='auditevent',
            name='chain_hash',
            field=models.CharField(blank=True, editable=False, help_text="HMAC-SHA256 of this event and the previous event's seal.", max_length=64, verbose_name='seal'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='previous_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="previous event's seal"),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='occurred_at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='time'),
        ),
        migrations.RunPython(seal_existing_events, migrations.RunPython.noop),
        migrations.RunPython(install_guards, lift_guards),
    ]
