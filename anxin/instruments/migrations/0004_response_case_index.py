from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("instruments", "0003_encrypt_responses"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="instrumentresponse",
            index=models.Index(fields=["case", "-administered_on", "-id"],
                               name="response_case_recent"),
        ),
    ]
