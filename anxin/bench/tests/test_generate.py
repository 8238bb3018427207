"""`manage.py generate_province`: a synthetic province, tiny here, built as the app stores data."""

import io

from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.test import TestCase, override_settings
from django.urls import reverse

from anxin.accounts.choices import OrganizationKind, Role
from anxin.accounts.models import Membership, Organization, User
from anxin.audit import chain
from anxin.audit.models import AuditEvent
from anxin.cases.choices import ReviewStatus
from anxin.cases.models import Case, PlanRow, ServicePlan, StageChange
from anxin.cases.workflow.pathways import get_pathway
from anxin.clients import identity
from anxin.clients.models import Client, EmergencyAccess
from anxin.clients.selectors import search_clients
from anxin.instruments import registry
from anxin.instruments.models import InstrumentResponse
from anxin.instruments.scoring import clean, score
from anxin.safety.choices import AlertStatus
from anxin.safety.models import Alert, AlertStep
from anxin.visits.models import HomeVisit

CLIENTS = 400
PASSWORD = "Bench-Password-2026"


class GenerateProvinceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        out = io.StringIO()
        call_command("generate_province", clients=CLIENTS, seed=3, stdout=out)
        cls.output = out.getvalue()

    def test_counts_follow_the_provinces_ratios(self):
        self.assertEqual(Client.objects.count(), CLIENTS)
        # Per 100,000 clients: 75,000 cases, 374,000 responses, 2,000,000 audit events.
        self.assertAlmostEqual(Case.objects.count() / CLIENTS, 0.75, delta=0.12)
        self.assertAlmostEqual(InstrumentResponse.objects.count() / CLIENTS, 3.74, delta=0.5)
        self.assertAlmostEqual(AuditEvent.objects.count() / CLIENTS, 20, delta=2)

    def test_every_stage_of_the_pathway_has_cases(self):
        stages = {stage.code for stage in get_pathway("cmh").stages}
        self.assertEqual(set(Case.objects.values_list("stage", flat=True)), stages)

    def test_the_timeline_of_each_case_ends_in_its_stage(self):
        for case in Case.objects.all()[:60]:
            last = StageChange.objects.filter(case=case).order_by("at", "id").last()
            self.assertEqual(last.to_stage, case.stage)

    def test_supervisors_have_plans_waiting_and_plans_have_rows(self):
        self.assertTrue(ServicePlan.objects.filter(status=ReviewStatus.SUBMITTED).exists())
        self.assertTrue(Case.objects.filter(stage="intake", due_on__lt="2100-01-01").exists())
        self.assertEqual(PlanRow.objects.count(), 3 * ServicePlan.objects.count())

    def test_every_role_and_kind_of_organisation_is_there(self):
        self.assertEqual(set(Membership.objects.values_list("role", flat=True)), set(Role.values))
        self.assertEqual(set(Organization.objects.values_list("kind", flat=True)),
                         set(OrganizationKind.values))

    def test_id_numbers_decrypt_to_valid_numbers_matching_birth_date_and_sex(self):
        for client in Client.objects.all()[:80]:
            parsed = identity.parse(client.id_number)  # raises on a wrong check digit
            self.assertEqual(parsed.birth_date, client.birth_date)
            self.assertEqual(parsed.sex, client.sex)
            self.assertTrue(client.id_number.startswith(client.district_id))
        # Stored as a Fernet token, never in the clear.
        raw = Client.objects.extra(select={"raw": "id_number"}).values_list("raw", flat=True)[0]
        self.assertTrue(raw.startswith("gAAAAA"))

    def test_the_apps_own_search_finds_a_client_by_id_number_through_the_blind_index(self):
        client = Client.objects.order_by("id")[CLIENTS // 2]
        worker = client.registered_by
        found = search_clients(Client.objects.visible_to(worker), client.id_number)
        self.assertEqual(list(found), [client])

    def test_responses_are_what_the_scoring_engine_makes_of_their_answers(self):
        for response in InstrumentResponse.objects.all()[:40]:
            definition = registry.get(response.instrument, response.version)
            result = score(definition, clean(definition, response.answers))
            self.assertEqual({k: str(v) for k, v in result.totals.items()},
                             {k: str(v) for k, v in response.totals.items()})
            self.assertEqual([f.code for f in result.flags], response.flags)

    def test_alerts_in_every_state_with_steps_and_visits_and_emergency_openings(self):
        self.assertEqual(set(Alert.objects.values_list("status", flat=True)),
                         set(AlertStatus.values))
        self.assertTrue(AlertStep.objects.exists())
        self.assertTrue(HomeVisit.objects.exists())
        self.assertTrue(EmergencyAccess.objects.exists())

    def test_every_row_of_an_organisation_table_names_its_organisation(self):
        from django.apps import apps

        for model in apps.get_models():
            names = {f.attname for f in model._meta.concrete_fields}
            # Audit events of sign-ins and regional viewers belong to no organisation.
            if "organization_id" in names and model not in (AuditEvent, Membership):
                self.assertFalse(model.objects.filter(organization_id__isnull=True).exists(),
                                 model.__name__)

    def test_the_audit_chain_verifies(self):
        outcome = list(chain.walk(AuditEvent.objects))[-1]
        self.assertIsInstance(outcome, chain.Intact)
        self.assertEqual(outcome.count, AuditEvent.objects.count())

    def test_a_generated_worker_signs_in_with_the_password_and_the_pages_render(self):
        username = "ob001-worker1"
        self.assertIn(username, self.output)
        self.assertTrue(self.client.login(request=HttpRequest(), username=username,
                                          password=PASSWORD))
        worker = User.objects.get(username=username)
        case = Case.objects.filter(worker=worker).first()
        for url in (reverse("home"), reverse("cases:list"), reverse("clients:list"),
                    case.get_absolute_url(), case.client.get_absolute_url()):
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_the_supervisor_queue_renders(self):
        self.client.force_login(User.objects.get(username="ob001-supervisor1"))
        self.assertEqual(self.client.get(reverse("cases:queue")).status_code, 200)

    def test_it_refuses_a_database_with_clients(self):
        with self.assertRaisesMessage(CommandError, "already holds clients"):
            call_command("generate_province", clients=5, stdout=io.StringIO())

    @override_settings(ANXIN_ENVIRONMENT="production")
    def test_it_refuses_to_run_in_production(self):
        with self.assertRaisesMessage(CommandError, "production"):
            call_command("generate_province", clients=5, stdout=io.StringIO())
