import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('visits', '0001_initial'),
        ('safety', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='homevisit',
            name='open_alert',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='safety.alert', verbose_name='crisis alert open at planning'),
        ),
    ]
