from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("safety", "0004_organization_id"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(condition=models.Q(("status", "resolved"), _negated=True),
                               fields=["organization", "-urgency", "raised_at"],
                               name="alert_unresolved"),
        ),
    ]
