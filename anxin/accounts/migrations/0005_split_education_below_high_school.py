"""Split "high school or below" into junior high school or below and high school (REH-4.4.1
asks a rehabilitation centre's manager for 高中及以上).

The old value cannot say whether high school was reached, so it becomes "not recorded" rather
than "high school", which would pass REH-4.4.1 unproven, or "junior high school or below",
which may be untrue: the admin records the level again. Backwards, "junior high school or
below" returns to "high school or below", the old choice that covered it.
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    Membership.objects.filter(education_level="high_school").update(education_level="")


def backwards(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    Membership.objects.filter(education_level="junior_high_or_below").update(
        education_level="high_school")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_user_queryset'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name='membership',
            name='education_level',
            field=models.CharField(blank=True, choices=[('junior_high_or_below', 'Junior high school or below'), ('high_school', 'High school or technical secondary school'), ('junior_college', 'Junior college'), ('bachelor', 'Bachelor'), ('master', 'Master'), ('doctorate', 'Doctorate')], max_length=32, verbose_name='education'),
        ),
    ]
