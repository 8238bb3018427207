from django.db import migrations

from anxin.core.tenancy import adding_organization


class Migration(migrations.Migration):
    """An alert's steps name their organisation themselves, filled from the alert's, so that
    they can live on the organisation's shard (anxin/core/tenancy.py)."""

    dependencies = [
        ("accounts", "0006_api_tokens_session_epoch"),
        ("safety", "0003_self_assessment_alert_limit"),
    ]

    operations = adding_organization(
        "alertstep", "safety_alertstep",
        "SELECT a.organization_id FROM safety_alert a WHERE a.id = safety_alertstep.alert_id",
        index=("organization", "alert"), index_name="alert_step_org_alert")
