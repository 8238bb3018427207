from django.db import migrations

from anxin.core.tenancy import adding_organization


def from_client(table):
    return f"SELECT c.organization_id FROM clients_client c WHERE c.id = {table}.client_id"


class Migration(migrations.Migration):
    """Diagnoses, contacts and household members name their organisation themselves, filled from
    their client's, so that they can live on the organisation's shard (anxin/core/tenancy.py)."""

    dependencies = [
        ("accounts", "0006_api_tokens_session_epoch"),
        ("clients", "0006_list_order_and_name_search"),
    ]

    operations = [
        *adding_organization("clientdiagnosis", "clients_clientdiagnosis",
                             from_client("clients_clientdiagnosis"),
                             index=("organization", "client"), index_name="diagnosis_org_client"),
        *adding_organization("contact", "clients_contact", from_client("clients_contact"),
                             index=("organization", "client"), index_name="contact_org_client"),
        *adding_organization("householdmember", "clients_householdmember",
                             from_client("clients_householdmember"),
                             index=("organization", "client"), index_name="household_org_client"),
    ]
