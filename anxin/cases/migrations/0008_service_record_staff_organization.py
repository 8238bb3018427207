import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from anxin.core.tenancy import adding_organization


class Migration(migrations.Migration):
    """The link of a service record and the staff who went becomes a model of its own over the
    same table, so that it can carry the record's organisation (anxin/core/tenancy.py)."""

    dependencies = [
        ("accounts", "0006_api_tokens_session_epoch"),
        ("cases", "0007_organization_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="ServiceRecordStaff",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                               serialize=False, verbose_name="ID")),
                    ("servicerecord", models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+",
                        to="cases.servicerecord")),
                    ("user", models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+",
                        to=settings.AUTH_USER_MODEL)),
                ],
                options={"db_table": "cases_servicerecord_staff_members",
                         "unique_together": {("servicerecord", "user")}},
            ),
            migrations.AlterField(
                model_name="servicerecord",
                name="staff_members",
                field=models.ManyToManyField(blank=True, related_name="+",
                                             through="cases.ServiceRecordStaff",
                                             to=settings.AUTH_USER_MODEL,
                                             verbose_name="staff who went"),
            ),
        ]),
        *adding_organization(
            "servicerecordstaff", "cases_servicerecord_staff_members",
            "SELECT r.organization_id FROM cases_servicerecord r "
            "WHERE r.id = cases_servicerecord_staff_members.servicerecord_id",
            index=("organization", "servicerecord"), index_name="record_staff_org_record"),
    ]
