"""`manage.py load_demo`: realistic demo data, loaded through the client actions, idempotent."""

import io
import random
import re
from collections import Counter

from django.core.management import call_command
from django.http import HttpRequest
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from anxin.accounts.choices import OrganizationKind, Role
from anxin.accounts.models import CareTeam, Membership, Organization, User
from anxin.audit.models import AuditEvent
from anxin.clients import identity
from anxin.clients.choices import ContactKind, PopulationCategory
from anxin.clients.models import Client, ClientDiagnosis, Contact, HouseholdMember
from anxin.core.demo.loader import ORGANISATIONS, PASSWORD, USERNAMES
from anxin.core.demo.people import DemoPeople, Street

MOBILE = re.compile(r"^1[358]\d{9}$")


def load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (
        Organization, CareTeam, User, Membership, Client, ClientDiagnosis, Contact,
        HouseholdMember, AuditEvent)}


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load_demo()
        cls.cdwh = Organization.objects.get(code="CDWH")
        cls.szns = Organization.objects.get(code="SZNS")

    def test_it_creates_two_organisations_in_different_cities(self):
        self.assertEqual(self.cdwh.kind, OrganizationKind.COMMUNITY_STATION)
        self.assertEqual((self.cdwh.province_id, self.cdwh.city_id, self.cdwh.district_id,
                          self.cdwh.street.name), ("510000", "510100", "510107", "浆洗街街道"))
        self.assertEqual(self.szns.kind, OrganizationKind.HOSPITAL)
        self.assertEqual((self.szns.city_id, self.szns.district_id), ("440300", "440305"))
        self.assertGreater(self.szns.bed_count, 0)

    def test_each_organisation_has_two_teams_led_by_their_supervisors(self):
        for org in (self.cdwh, self.szns):
            teams = list(org.teams.select_related("supervisor___membership"))
            self.assertEqual(len(teams), 2)
            for team in teams:
                membership = team.supervisor.membership
                self.assertEqual((membership.role, membership.team, membership.organization),
                                 (Role.SUPERVISOR, team, org))
                self.assertEqual(team.members.filter(role=Role.WORKER).count(), 2)

    def test_it_creates_staff_in_every_role(self):
        self.assertEqual(set(Membership.objects.values_list("role", flat=True)),
                         set(Role.values))
        for org in (self.cdwh, self.szns):
            roles = Counter(org.memberships.values_list("role", flat=True))
            self.assertGreaterEqual(roles[Role.SUPERVISOR], 2)
            self.assertGreaterEqual(roles[Role.WORKER], 4)
            for role in (Role.ORG_ADMIN, Role.ARCHIVIST, Role.QUALITY_OFFICER):
                self.assertEqual(roles[role], 1, role)
        viewers = Membership.objects.filter(role=Role.REGIONAL_VIEWER)
        self.assertEqual(set(viewers.values_list("region_id", flat=True)), {"510100", "440300"})
        self.assertFalse(viewers.filter(organization__isnull=False).exists())

    def test_every_user_has_a_chinese_name_and_an_ascii_username(self):
        for user in User.objects.all():
            self.assertTrue(user.username.isascii(), user.username)
            self.assertRegex(user.full_name, r"^[\u4e00-\u9fff]{2,4}$")

    def test_it_registers_between_45_and_60_clients(self):
        self.assertTrue(45 <= Client.objects.count() <= 60)
        self.assertGreater(Client.objects.filter(organization=self.cdwh).count(),
                           Client.objects.filter(organization=self.szns).count())

    def test_every_id_number_matches_the_birth_date_and_sex(self):
        for client in Client.objects.all():
            resident = identity.parse(client.id_number)
            self.assertEqual((resident.birth_date, resident.sex),
                             (client.birth_date, client.sex), client.name)
            self.assertTrue(1940 <= client.birth_date.year <= 2005)

    def test_clients_live_in_their_organisations_city(self):
        for client in Client.objects.select_related("district", "street"):
            org = client.organization
            self.assertEqual((client.province_id, client.city_id),
                             (org.province_id, org.city_id))
            self.assertEqual(client.district.parent_id, org.city_id)
            self.assertEqual(client.street.parent_id, client.district_id)
            self.assertRegex(client.address_detail, r"\d+号")
            self.assertTrue(client.phone == "" or MOBILE.match(client.phone), client.phone)

    def test_each_organisation_has_clients_only_registered_by_its_own_workers(self):
        for client in Client.objects.select_related("registered_by___membership"):
            membership = client.registered_by.membership
            self.assertEqual((membership.organization_id, membership.role),
                             (client.organization_id, Role.WORKER))
        # Every worker has a caseload to show.
        workers = User.objects.filter(_membership__role=Role.WORKER)
        for worker in workers:
            self.assertTrue(Client.objects.filter(registered_by=worker).exists(), worker)

    def test_the_registrations_are_on_the_audit_trail(self):
        for client in Client.objects.all():
            event = AuditEvent.objects.get(action="client.registered", client=client)
            self.assertEqual((event.actor_id, event.organization_id),
                             (client.registered_by_id, client.organization_id))
        self.assertEqual(AuditEvent.objects.filter(action="client.diagnosis_added").count(),
                         ClientDiagnosis.objects.count())
        self.assertEqual(AuditEvent.objects.filter(action="client.contact_added").count(),
                         Contact.objects.count())

    def test_the_caseloads_look_like_each_kind_of_organisation(self):
        def categories(org):
            return Counter(category for client in Client.objects.filter(organization=org)
                           for category in client.population_categories)

        self.assertEqual(categories(self.cdwh).most_common(1)[0][0],
                         PopulationCategory.MENTAL_DISORDER)
        self.assertEqual(categories(self.szns).most_common(1)[0][0],
                         PopulationCategory.CHRONIC_DISEASE)
        codes = Counter(d.code for d in ClientDiagnosis.objects.all())
        self.assertTrue({"F20", "I10", "E11"} <= set(codes), codes)
        self.assertTrue(all(d.diagnosed_by for d in ClientDiagnosis.objects.all()))

    def test_most_clients_have_a_guardian_or_caregiver_and_some_a_household(self):
        total = Client.objects.count()
        with_carer = Client.objects.filter(
            contacts__kind__in=[ContactKind.GUARDIAN, ContactKind.CAREGIVER]).distinct().count()
        self.assertGreater(with_carer, total / 2)
        self.assertGreater(ClientDiagnosis.objects.values("client").distinct().count(),
                           total / 2)
        households = Counter(HouseholdMember.objects.values_list("client", flat=True))
        self.assertGreater(len(households), total / 4)
        self.assertLessEqual(max(households.values()), 3)

    def test_running_it_again_changes_nothing(self):
        before = counts()
        output = load_demo()
        self.assertEqual(counts(), before)
        self.assertIn("already exists", output)

    def test_the_output_lists_every_login_with_the_password(self):
        for username in USERNAMES:
            self.assertIn(username, self.output)
        self.assertIn(PASSWORD, self.output)
        self.assertIn(reverse("accounts:login"), self.output)
        self.assertIn("督导", self.output)
        self.assertIn("成都市武侯区安心社会工作服务中心", self.output)

    def test_a_demo_login_works(self):
        # Axes needs the request that a real sign-in carries.
        self.assertTrue(self.client.login(request=HttpRequest(), username="cd_worker1",
                                          password=PASSWORD))
        self.client.logout()
        response = self.client.post(reverse("accounts:login"),
                                    {"username": "sz_admin", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.session["_auth_user_id"],
                         str(User.objects.get(username="sz_admin").pk))

    def test_reset_passwords_restores_the_demo_password(self):
        user = User.objects.get(username="cd_admin")
        user.set_password("someone-changed-it")
        user.save()
        load_demo("--reset-passwords")
        user.refresh_from_db()
        self.assertTrue(user.check_password(PASSWORD))


class DemoPeopleTests(SimpleTestCase):
    def test_the_same_seed_draws_the_same_people(self):
        population = ORGANISATIONS[0].population
        streets = [Street("510107003", "510107", "四川省成都市武侯区玉林街道"),
                   Street("510104001", "510104", "四川省成都市锦江区春熙路街道"),
                   Street("510105001", "510105", "四川省成都市青羊区少城街道")]

        def draw():
            people = DemoPeople(random.Random("2026:CDWH"), population, streets)
            return [people.client() for _ in range(10)]

        self.assertEqual(draw(), draw())
