from django.db import migrations, models

from anxin.clients import name_search


def postgresql_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    """The client list's order as an index, and the name-gram index for searching part of a name
    (PostgreSQL only: see anxin/clients/name_search.py)."""

    dependencies = [
        ("accounts", "0006_api_tokens_session_epoch"),
        ("clients", "0005_encrypt_population_categories"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="client",
            index=models.Index(fields=["organization", "-created_at", "-id"],
                               name="client_org_recent"),
        ),
        migrations.RunPython(postgresql_only(name_search.CREATE_FUNCTION),
                             postgresql_only(name_search.DROP_FUNCTION)),
        migrations.RunPython(postgresql_only(name_search.CREATE_INDEX),
                             postgresql_only(name_search.DROP_INDEX)),
    ]
