"""Every table of an organisation's data carries organization_id, always its parent's.

The database is to be sharded by organisation (Citus, organization_id the distribution column;
docs/deployment.md): a table without the column cannot be placed on its organisation's shard,
and a child whose organisation differs from its parent's would point across shards.
"""

from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TestCase, TransactionTestCase
from django.utils import timezone

from anxin.cases import actions as case_actions
from anxin.cases import scenarios
from anxin.cases.models import (
    Assessment,
    Case,
    CaseApplication,
    Closure,
    Consent,
    Evaluation,
    FollowUp,
    PlanRow,
    Review,
    ServicePlan,
    ServiceRecord,
    ServiceRecordStaff,
    Signature,
    StageChange,
)
from anxin.clients import actions as client_actions
from anxin.clients.models import ClientDiagnosis, Contact, HouseholdMember
from anxin.core.tenancy import OrganizationOwned
from anxin.safety import actions as safety_actions
from anxin.safety.models import AlertStep
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import build_personas
from anxin.workspace.testing.transactional import AuditGuardFlushMixin

PER_USER = ("per user, not per organisation: looked up by the user or the key a request "
            "carries before any organisation is known; stays on the coordinator")
FRAMEWORK = "framework table, no organisation's data"
REFERENCE = "reference data shared by every organisation (a Citus reference table)"

# Tables without organization_id, each with why. A table added later that holds an
# organisation's data does not belong here: give it the column (see ADVICE).
ALLOWED = {
    # Reference data.
    "accounts_region": REFERENCE + ": the administrative divisions",
    "accounts_organization": "the organisations themselves: its id is the distribution value",
    "accounts_user": "people sign in before an organisation is known, and a platform admin or a "
                     "regional viewer belongs to none; Membership holds each one's organisation",
    "core_holidayschedule": REFERENCE + ": the working-day calendar a superuser loads",
    "core_scheduleday": REFERENCE + ": the days of that calendar",
    # Per user: sign-in and second factor.
    "django_session": "sessions are " + PER_USER,
    "accounts_apitoken": "API tokens are " + PER_USER + " (the key is all a request carries)",
    "otp_totp_totpdevice": "second-factor devices are " + PER_USER,
    "otp_static_staticdevice": "recovery-code devices are " + PER_USER,
    "otp_static_statictoken": "recovery codes are " + PER_USER,
    "axes_accessattempt": "sign-in attempts are by user name and address, before any "
                          "organisation is known",
    "axes_accessattemptexpiration": "sign-in attempts' expiry (see axes_accessattempt)",
    "axes_accessfailurelog": "sign-in failures (see axes_accessattempt)",
    "axes_accesslog": "sign-ins (see axes_accessattempt)",
    "accounts_user_groups": "Django's groups of a user; unused by the product's roles",
    "accounts_user_user_permissions": "Django's permissions of a user; unused by the roles",
    # Framework.
    "django_migrations": FRAMEWORK,
    "django_content_type": FRAMEWORK,
    "auth_permission": FRAMEWORK,
    "auth_group": FRAMEWORK,
    "auth_group_permissions": FRAMEWORK,
    "django_admin_log": "the Django admin's log of a superuser's changes, copied into the "
                        "audit trail with its organisation (audit/admin_log.py)",
    "django_tasks_database_dbtaskresult": "the task queue: a task's arguments name what it "
                                          "works on; jobs_job holds the organisation's side",
    "sqlite_sequence": "SQLite's own counters",
    # Known gap: many-to-many link tables Django creates. Before distributing, each becomes an
    # explicit through model carrying organization_id, as cases.ServiceRecordStaff did.
    "visits_homevisit_staff": "many-to-many link of a home visit and its staff: to become a "
                              "through model with the column",
    "visits_homevisit_went": "many-to-many link of a home visit and who went: to become a "
                             "through model with the column",
}

ADVICE = (
    "Table {table} has no organization_id column. If it holds an organisation's data, give "
    "its model anxin.core.tenancy.OrganizationOwned (with organization_parent naming the "
    "foreign key it inherits the organisation from), add the column in a migration with "
    "anxin.core.tenancy.adding_organization() (nullable, filled from the parent, NOT NULL), "
    "an index led by organization where its lists filter, and set organization explicitly "
    "wherever rows are bulk-created. If it is reference, per-user or framework data, add it to "
    "ALLOWED in anxin/core/tests/test_tenancy.py with the reason.")


def columns(table: str) -> dict[str, bool]:
    """The table's columns and whether each may be NULL."""
    with connection.cursor() as cursor:
        return {c.name: bool(c.null_ok)
                for c in connection.introspection.get_table_description(cursor, table)}


class EveryTableNamesItsOrganization(TestCase):
    def test_every_table_has_organization_id_or_a_reason(self):
        tables = connection.introspection.table_names()
        self.assertIn("cases_case", tables, "positive control: the tables are listed")
        for table in tables:
            if table in ALLOWED:
                continue
            with self.subTest(table=table):
                self.assertIn("organization_id", columns(table), ADVICE.format(table=table))

    def test_the_allow_list_names_only_tables_that_exist(self):
        # A stale entry would let a later table of the same name slip through unchecked.
        tables = set(connection.introspection.table_names())
        optional = {"sqlite_sequence", "django_tasks_database_dbtaskresult"}
        self.assertEqual(sorted(set(ALLOWED) - tables - optional), [])

    def test_a_child_tables_organization_is_never_null(self):
        owned = [m for m in apps.get_models() if issubclass(m, OrganizationOwned)]
        self.assertLessEqual(set(CHILDREN), set(owned))
        for model in owned:
            with self.subTest(table=model._meta.db_table):
                self.assertFalse(columns(model._meta.db_table)["organization_id"])


class AChildIsItsParentsOrganizations(PersonaTestCase):
    def setUp(self):
        self.today = timezone.localdate()
        self.case = case_actions.do_open_case(
            self.p.client_a, acting_user=self.p.wang_fang, worker=self.p.wang_fang,
            supervisor=self.p.chen_min, source="sought_help", application_date=self.today)

    def contact(self, **fields):
        return Contact(kind="guardian", name="张建国", relationship="父亲",
                       phone="13800000000", **fields)

    def test_the_organization_is_taken_from_the_parent(self):
        contact = self.contact(client=self.p.client_a)
        contact.save()
        self.assertEqual(contact.organization_id, self.p.org_a.pk)
        change = StageChange.objects.filter(case=self.case).first()
        self.assertEqual(change.organization_id, self.p.org_a.pk)

    def test_a_row_naming_another_organisation_than_its_parents_is_refused(self):
        with self.assertRaises(ValueError):
            self.contact(client=self.p.client_a, organization=self.p.org_b).save()
        with self.assertRaises(ValueError):
            StageChange(case=self.case, organization=self.p.org_b, action="x", to_stage="y",
                        actor=self.p.wang_fang).save()
        self.assertFalse(Contact.objects.filter(organization=self.p.org_b).exists())

    def test_a_parent_given_by_its_key_alone_is_looked_up(self):
        with self.assertRaises(ValueError):
            self.contact(client_id=self.p.client_a.pk, organization_id=self.p.org_b.pk).save()
        contact = self.contact(client_id=self.p.client_b.pk)
        contact.save()
        self.assertEqual(contact.organization_id, self.p.org_b.pk)

    def test_a_row_of_one_parent_among_several_takes_the_one_it_has(self):
        case = scenarios.advance(self.case, "planning", worker=self.p.wang_fang,
                                 supervisor=self.p.chen_min)
        plan = scenarios.plan(case, self.p.wang_fang, today=self.today)
        case_actions.do_review(plan, acting_user=self.p.chen_min, decision="approved")
        review = Review.objects.get(plan=plan)
        self.assertEqual(review.organization_id, self.p.org_a.pk)
        self.assertTrue(PlanRow.objects.filter(plan=plan).exists())
        self.assertEqual(set(PlanRow.objects.filter(plan=plan)
                             .values_list("organization_id", flat=True)), {self.p.org_a.pk})
        with self.assertRaises(ValueError):
            Review(plan=plan, organization=self.p.org_b, decision="approved",
                   reviewer=self.p.chen_min).save()

    def test_a_row_without_a_parent_must_name_its_organisation(self):
        with self.assertRaises(ValueError):
            Signature(kind="drawn", content_type="image/png", data=b"x", sha256="0" * 64,
                      signer_name="某人", uploaded_by=self.p.wang_fang).save()

    def test_an_edit_costs_no_lookup_of_the_parent(self):
        contact = self.contact(client=self.p.client_a)
        contact.save()
        contact = Contact.objects.get(pk=contact.pk)
        contact.name = "张建华"
        with self.assertNumQueries(1):
            contact.save()


# The migrations that add the column, and the one before each.
ROUND_TRIP = [
    (("clients", "0006_list_order_and_name_search"), ("clients", "0007_organization_id")),
    (("cases", "0006_edit_version"), ("cases", "0008_service_record_staff_organization")),
    (("safety", "0003_self_assessment_alert_limit"), ("safety", "0004_organization_id")),
]

CHILDREN = [ClientDiagnosis, Contact, HouseholdMember, StageChange, Signature, Consent,
            CaseApplication, Assessment, ServicePlan, PlanRow, ServiceRecord, ServiceRecordStaff,
            Evaluation, Closure, Review, FollowUp, AlertStep]


class TheMigrationFillsTheRowsAlreadyThere(AuditGuardFlushMixin, TransactionTestCase):
    """Rows made before the column existed get their parent's organisation: the data is made
    now, the migrations are taken back (dropping the column) and applied again."""

    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)

    def file_in(self, client, worker, supervisor):
        client_actions.do_add_contact(client, acting_user=worker, kind="guardian", name="张建国",
                                      relationship="父亲", phone="13800000000")
        client_actions.do_add_household_member(client, acting_user=worker, name="李梅",
                                               relationship="母亲")
        client_actions.do_add_diagnosis(client, acting_user=worker, code="F20.0")
        case = case_actions.do_open_case(client, acting_user=worker, worker=worker,
                                         supervisor=supervisor, source="sought_help",
                                         application_date=timezone.localdate())
        case = scenarios.advance(case, "closed", worker=worker, supervisor=supervisor)
        alert = safety_actions.raise_alert("phq9_self_harm", organization=case.organization,
                                           client=client, case=case)
        safety_actions.do_record_alert_step(alert, acting_user=worker, note="已电话联系")
        return case

    def test_every_child_gets_its_parents_organisation(self):
        p = build_personas()
        self.file_in(p.client_a, p.wang_fang, p.chen_min)
        self.file_in(p.client_b, p.zhao_lei, p.qian_wei)
        before = {model: dict(model.objects.values_list("pk", "organization_id"))
                  for model in CHILDREN}
        for model, rows in before.items():
            with self.subTest(model=model.__name__):
                # Positive control: both organisations have rows, so a fill that gave every
                # row one organisation would be seen.
                self.assertEqual(set(rows.values()), {p.org_a.pk, p.org_b.pk})
        cases = dict(Case.objects.values_list("pk", "organization_id"))
        for model in (StageChange, Consent, ServicePlan, ServiceRecord, Closure, FollowUp):
            for case_id, organization_id in model.objects.values_list("case", "organization"):
                self.assertEqual(organization_id, cases[case_id])

        leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
        try:
            self.migrate([earlier for earlier, _ in ROUND_TRIP])
            for model in CHILDREN:
                self.assertNotIn("organization_id", columns(model._meta.db_table))
            self.migrate([added for _, added in ROUND_TRIP])
        finally:
            self.migrate(leaves)

        for model, rows in before.items():
            with self.subTest(model=model.__name__):
                self.assertEqual(dict(model.objects.values_list("pk", "organization_id")), rows)
