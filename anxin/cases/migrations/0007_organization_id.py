from django.db import migrations, models

from anxin.core.tenancy import adding_organization


def from_case(table):
    return f"SELECT c.organization_id FROM cases_case c WHERE c.id = {table}.case_id"


def through_case(case_id_sql):
    return f"SELECT c.organization_id FROM cases_case c WHERE c.id = ({case_id_sql})"


# A signature is the organisation's of the form that holds it; one no form holds (a form that
# failed after storing it) is its uploader's organisation's.
HELD_BY = ("SELECT f.case_id FROM {form} f "
           "WHERE f.client_signature_id = cases_signature.id LIMIT 1")
UPLOADER = ("SELECT m.organization_id FROM accounts_membership m "
            "WHERE m.user_id = cases_signature.uploaded_by_id")
SIGNATURE = "COALESCE(" + ", ".join(
    [f"({through_case(HELD_BY.format(form=form))})"
     for form in ("cases_consent", "cases_serviceplan", "cases_closure")]
    + [f"({UPLOADER})"]) + ")"

REVIEW = through_case(
    "COALESCE((SELECT p.case_id FROM cases_serviceplan p WHERE p.id = cases_review.plan_id), "
    "(SELECT g.case_id FROM cases_closure g WHERE g.id = cases_review.closure_id))")

PLAN_ROW = through_case(
    "SELECT p.case_id FROM cases_serviceplan p WHERE p.id = cases_planrow.plan_id")


def case_child(model_name, table, index_name):
    return adding_organization(model_name, table, from_case(table),
                               index=("organization", "case"), index_name=index_name)


class Migration(migrations.Migration):
    """Every row of a case's file names its organisation itself, filled from its case's, so that
    it can live on the organisation's shard (anxin/core/tenancy.py)."""

    dependencies = [
        ("accounts", "0006_api_tokens_session_epoch"),
        ("cases", "0006_edit_version"),
    ]

    operations = [
        *case_child("stagechange", "cases_stagechange", "stage_change_org_case"),
        *adding_organization("caseapplication", "cases_caseapplication",
                             from_case("cases_caseapplication")),
        *case_child("consent", "cases_consent", "consent_org_case"),
        *case_child("assessment", "cases_assessment", "assessment_org_case"),
        *case_child("serviceplan", "cases_serviceplan", "plan_org_case"),
        *case_child("servicerecord", "cases_servicerecord", "service_record_org_case"),
        *case_child("evaluation", "cases_evaluation", "evaluation_org_case"),
        *case_child("closure", "cases_closure", "closure_org_case"),
        *case_child("followup", "cases_followup", "follow_up_org_case"),
        *adding_organization("planrow", "cases_planrow", PLAN_ROW,
                             index=("organization", "plan"), index_name="plan_row_org_plan"),
        *adding_organization("review", "cases_review", REVIEW,
                             index=("organization", "plan"), index_name="review_org_plan"),
        migrations.AddIndex("review", models.Index(fields=["organization", "closure"],
                                                   name="review_org_closure")),
        *adding_organization("signature", "cases_signature", SIGNATURE),
    ]
