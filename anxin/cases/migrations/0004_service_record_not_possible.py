import anxin.core.crypto
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_service_record_staff_members'),
    ]

    operations = [
        migrations.AddField(
            model_name='servicerecord',
            name='checked_home_safety_not_possible',
            field=anxin.core.crypto.EncryptedTextField(blank=True, verbose_name='why the home could not be checked first'),
        ),
        migrations.AddField(
            model_name='servicerecord',
            name='kept_distance_not_possible',
            field=anxin.core.crypto.EncryptedTextField(blank=True, verbose_name='why the distance could not be kept'),
        ),
        migrations.AddField(
            model_name='servicerecord',
            name='phone_kept_on_not_possible',
            field=anxin.core.crypto.EncryptedTextField(blank=True, verbose_name='why phones could not be kept on'),
        ),
        migrations.AddField(
            model_name='servicerecord',
            name='sat_near_exit_not_possible',
            field=anxin.core.crypto.EncryptedTextField(blank=True, verbose_name='why the talk could not be near the exit'),
        ),
    ]
