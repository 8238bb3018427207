"""`manage.py load_demo`: realistic demo data, loaded through the client actions, idempotent."""

import datetime
import io
import random
import re
from collections import Counter
from unittest import mock

from django.core.management import call_command
from django.http import HttpRequest
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import timezone

from anxin.accounts.choices import OrganizationKind, Role
from anxin.accounts.models import Membership, Organization, Team, User
from anxin.audit.models import AuditEvent
from anxin.cases import selectors
from anxin.cases.choices import ReferralKind, ReferralStatus, ReviewStatus
from anxin.cases.models import (
    Assessment,
    Case,
    Closure,
    Consent,
    FollowUp,
    Referral,
    Review,
    ServicePlan,
    ServiceRecord,
    Signature,
    StageChange,
)
from anxin.cases.workflow.pathways import get_pathway
from anxin.clients import identity
from anxin.clients.choices import ContactKind, PopulationCategory
from anxin.clients.models import Client, ClientDiagnosis, Contact, HouseholdMember
from anxin.core import workdays
from anxin.workspace.demo.cases import working_days_ago
from anxin.workspace.demo.loader import ORGANISATIONS, PASSWORD, USERNAMES
from anxin.workspace.demo.people import DemoPeople, Street

MOBILE = re.compile(r"^1[358]\d{9}$")


def load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (
        Organization, Team, User, Membership, Client, ClientDiagnosis, Contact,
        HouseholdMember, AuditEvent, Case, StageChange, Consent, Assessment, ServicePlan,
        Review, ServiceRecord, Closure, FollowUp, Referral, Signature)}


STAGES = {stage.code for stage in get_pathway("cmh").stages}


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
        community = Client.objects.filter(organization__in=(self.cdwh, self.szns))
        self.assertTrue(45 <= community.count() <= 60)
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

    def test_each_organisation_has_groups_finished_in_progress_and_awaiting_approval(self):
        from anxin.documents.models import Document
        from anxin.groups.models import Group, GroupMeasurement

        for org in (self.cdwh, self.szns):
            with self.subTest(org=org.code):
                groups = Group.objects.filter(organization=org)
                self.assertEqual(sorted(groups.values_list("status", flat=True)),
                                 ["closed", "planned", "running"])
                closed = groups.get(status="closed")
                self.assertEqual(GroupMeasurement.objects.filter(group=closed).count(),
                                 2 * closed.members.count())
                self.assertTrue(Document.objects.filter(group=closed, kind="group_evaluation",
                                                        status="approved").exists())
                self.assertTrue(Document.objects.filter(group__in=groups, kind="group_plan",
                                                        status="submitted").exists())

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

    def test_the_compliance_page_has_true_findings_and_no_false_ones(self):
        """Most staff meet the rules; 张磊 is short of CMH-9.1's 120 hours and 刘佳怡 holds no
        qualification; the III-A hospital has fewer qualified social workers than its beds
        need (MSW-9.1.1.2)."""
        from anxin.staff import compliance, models

        today = timezone.localdate()
        statuses = {s.member.username: s for s in compliance.member_statuses(self.cdwh,
                                                                             today=today)}
        clauses = {name: {f.clause for f in s.findings} for name, s in statuses.items()}
        self.assertEqual(clauses["cd_worker1"], set())
        self.assertEqual(clauses["cd_worker2"], {"CMH-9.1"})
        self.assertIn("CMH-9.1", clauses["cd_worker3"])
        self.assertTrue(statuses["cd_supervisor1"].supervisor_eligible)
        self.assertGreaterEqual(models.TrainingRecord.objects.filter(
            organization=self.szns).count(), 10)
        hospital = {s.member.username: {f.clause for f in s.findings}
                    for s in compliance.member_statuses(self.szns, today=today)}
        self.assertEqual(hospital["sz_worker1"], set())
        self.assertEqual(hospital["sz_worker4"], {"CHR-5.1.2"})  # three of the four topics
        self.assertIn("MSW-9.1.1.1", hospital["sz_worker3"])
        ratio = compliance.staffing_ratio(self.szns)
        self.assertFalse(ratio.met)
        self.assertGreater(ratio.qualified, 0)
        self.assert_audited_by_admin()

    def assert_audited_by_admin(self):
        events = AuditEvent.objects.filter(action="staff.qualification_added",
                                           organization=self.cdwh)
        self.assertTrue(events.exists())
        self.assertEqual({e.actor.username for e in events}, {"cd_admin"})

    def test_running_it_again_changes_nothing(self):
        before = counts()
        self.assertGreater(before["Case"], 0)
        output = load_demo()
        self.assertEqual(counts(), before)
        self.assertIn("already exists", output)
        self.assertNotIn("added", output)

    def test_the_output_lists_every_login_with_the_password(self):
        for username in USERNAMES:
            self.assertIn(username, self.output)
        self.assertIn(PASSWORD, self.output)
        self.assertIn(reverse("accounts:login"), self.output)
        self.assertIn("督导", self.output)
        self.assertIn("成都市武侯区安心社会工作服务中心", self.output)
        cases = Case.objects.filter(organization=self.cdwh).count()
        self.assertIn(f"30 clients, {cases} cases", self.output)
        self.assertIn("Cases by stage: application ", self.output)

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


class DemoCaseTests(TestCase):
    """The demo's cases: every stage in each organisation, walked by the right people."""

    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.orgs = {code: Organization.objects.get(code=code) for code in ("CDWH", "SZNS")}
        cls.today = timezone.localdate()

    def cases(self, code):
        return Case.objects.filter(organization=self.orgs[code])

    def user(self, username):
        return User.objects.get(username=username)

    def test_every_stage_has_a_case_in_each_organisation(self):
        for code in self.orgs:
            self.assertEqual(set(self.cases(code).values_list("stage", flat=True)), STAGES,
                             code)

    def test_each_organisation_has_overdue_cases_and_cases_due_soon(self):
        open_stages = selectors.active_stages()
        for code in self.orgs:
            cases = self.cases(code).filter(stage__in=open_stages)
            overdue = cases.filter(due_on__lt=self.today)
            self.assertTrue(overdue.exists(), code)
            # The 5 working days of CMH-6.1: overdue cases are still waiting for intake.
            self.assertEqual(set(overdue.values_list("stage", flat=True)),
                             {"application", "intake"}, code)
            # Near the year's end a deadline may fall in a year whose holidays are not
            # loaded yet; such a case has no due date (and shows why), so none is "due soon".
            try:
                soon = workdays.add_working_days(self.today, 5)
            except workdays.UnknownYear:
                continue
            self.assertTrue(cases.filter(due_on__gte=self.today, due_on__lte=soon).exists(),
                            code)

    def test_supervisors_have_plans_and_closing_forms_to_approve(self):
        for code in self.orgs:
            prefix = code[:2].lower()
            plans, closures = [], []
            for number in (1, 2):
                queue = selectors.awaiting_approval(self.user(f"{prefix}_supervisor{number}"))
                plans += list(queue[0])
                closures += list(queue[1])
            self.assertTrue(plans, code)
            self.assertTrue(closures, code)
            self.assertTrue(all(p.status == ReviewStatus.SUBMITTED for p in plans))
            # One plan went back to its worker with the supervisor's comment.
            returned = ServicePlan.objects.get(case__organization=self.orgs[code],
                                               status=ReviewStatus.RETURNED)
            review = returned.reviews.get()
            self.assertTrue(review.comment)
            self.assertEqual(review.reviewer, returned.case.supervisor)

    def test_shenzhen_has_an_incoming_referral_from_chengdu(self):
        incoming = list(selectors.incoming_referrals(self.user("sz_supervisor1")))
        self.assertEqual(len(incoming), 1)
        referral = incoming[0]
        self.assertEqual((referral.organization, referral.kind, referral.status),
                         (self.orgs["CDWH"], ReferralKind.INTERNAL, ReferralStatus.SENT))
        self.assertEqual(referral.case.stage, "referred")
        self.assertFalse(selectors.incoming_referrals(self.user("cd_supervisor1")).exists())
        # And one to an outside body, still waiting for its feedback.
        self.assertTrue(Referral.objects.filter(
            organization=self.orgs["CDWH"], kind=ReferralKind.EXTERNAL,
            status=ReferralStatus.AWAITING_FEEDBACK).exists())

    def test_closed_cases_have_follow_ups_and_one_was_reopened(self):
        for code in self.orgs:
            follow_ups = FollowUp.objects.filter(case__in=self.cases(code).filter(stage="closed"))
            self.assertTrue(follow_ups.filter(done_on__isnull=True,
                                              planned_on__gt=self.today).exists(), code)
            self.assertTrue(follow_ups.filter(done_on=self.today).exists(), code)
            reopened = self.cases(code).get(episode=2)
            self.assertEqual(reopened.stage, "intake")
            self.assertEqual(StageChange.objects.filter(case=reopened, action="reopen").get()
                             .actor, reopened.supervisor)

    def test_the_cases_were_walked_by_their_workers_and_approved_by_their_supervisors(self):
        for case in Case.objects.select_related("client", "worker___membership__team"):
            self.assertEqual(case.client.registered_by, case.worker)
            self.assertEqual(case.worker.role, Role.WORKER)
            self.assertEqual(case.supervisor, case.worker.membership.team.supervisor)
            for change in StageChange.objects.filter(case=case):
                expected = case.supervisor if change.action == "reopen" else case.worker
                self.assertEqual(change.actor, expected, (case, change.action))
        for review in Review.objects.select_related("plan__case", "closure__case"):
            case = (review.plan or review.closure).case
            self.assertEqual(review.reviewer, case.supervisor)
        # Every move is on the audit trail, each in its own event.
        self.assertEqual(AuditEvent.objects.filter(action__startswith="case.").count(),
                         StageChange.objects.count())

    def test_the_files_vary_in_risk_and_mode_of_service(self):
        risk_levels = set(Assessment.objects.values_list("risk_level", flat=True))
        self.assertTrue({0, 1, 2, 3} <= risk_levels, risk_levels)
        modes = set(ServiceRecord.objects.values_list("mode", flat=True))
        self.assertGreaterEqual(len(modes), 5, modes)
        # Form B's needs are the community pathway's; a centre screens instead (REH-5.2.1.1).
        needs = [case.application.needs for case in Case.objects.filter(pathway="cmh")
                 .select_related("application")]
        self.assertGreater(len(set(needs)), len(needs) / 2)
        self.assertTrue(all(re.search(r"[\u4e00-\u9fff]", text) for text in needs))

    def test_the_rehabilitation_centres_have_residents_in_every_stage(self):
        """One day centre and one residential centre (REH-4.2); between them every stage of
        the REH pathway, a screening admitted on an override, a roster and placements."""
        from anxin.cases.workflow.pathways import get_pathway
        from anxin.medication.models import Administration
        from anxin.outcomes.models import Placement
        from anxin.rehab.models import EligibilityOverride
        from anxin.roster.models import RosterEntry

        day = Organization.objects.get(code="CDYG")
        home = Organization.objects.get(code="CDXF")
        self.assertEqual((day.kind, home.kind), (OrganizationKind.REHAB_DAY,
                                                 OrganizationKind.REHAB_RESIDENTIAL))
        stages = set(Case.objects.filter(organization__in=(day, home))
                     .values_list("stage", flat=True))
        self.assertEqual(stages, {s.code for s in get_pathway("reh").stages} - {"referred"})
        self.assertTrue(Case.objects.filter(organization__in=(day, home), pathway="reh")
                        .count() == Case.objects.filter(organization__in=(day, home)).count())
        self.assertTrue(EligibilityOverride.objects.filter(organization=day).exists())
        self.assertGreaterEqual(Placement.objects.filter(organization=day).count(), 2)
        roster = RosterEntry.objects.filter(organization=day)
        self.assertTrue(roster.filter(matched_client__isnull=True).exists())
        self.assertTrue(roster.filter(matched_client__isnull=False).exists())
        self.assertEqual(set(Administration.objects.filter(organization=home)
                             .values_list("outcome", flat=True)), {"given", "refused", "missed"})

    def test_dates_chosen_by_the_demo_are_never_in_the_future(self):
        self.assertFalse(Case.objects.filter(opened_on__gt=self.today).exists())
        self.assertFalse(ServiceRecord.objects.filter(started_at__gt=timezone.now()).exists())
        self.assertFalse(Assessment.objects.filter(filled_on__gt=self.today).exists())


class DemoCasesAddedLaterTests(TestCase):
    def test_an_organisation_loaded_without_cases_gets_them_on_the_next_run(self):
        # A database loaded before the demo had cases is brought up to date once, by `make run`.
        with mock.patch("anxin.workspace.demo.loader.load_cases", return_value=0), \
                mock.patch("anxin.workspace.demo.loader.load_rehab", return_value=0), \
                mock.patch("anxin.workspace.demo.loader.load_rehab_records"):
            load_demo()
        self.assertFalse(Case.objects.exists())
        output = load_demo()
        self.assertIn("already exists (30 clients); added", output)
        self.assertEqual(set(Case.objects.filter(pathway="cmh").values_list("stage", flat=True)),
                         STAGES)
        self.assertTrue(Case.objects.filter(pathway="reh").exists())
        before = counts()
        self.assertIn("left unchanged", load_demo())
        self.assertEqual(counts(), before)


class WorkingDaysAgoTests(TestCase):
    def test_it_counts_back_in_working_days(self):
        monday = datetime.date(2026, 11, 23)
        self.assertEqual(working_days_ago(monday, 0), monday)
        self.assertEqual(working_days_ago(monday, 1), datetime.date(2026, 11, 20))
        self.assertEqual(workdays.working_days_between(working_days_ago(monday, 12), monday),
                         12)
        self.assertEqual(working_days_ago(datetime.date(2026, 11, 22), 0),
                         datetime.date(2026, 11, 20))

    def test_it_steps_over_a_year_whose_holidays_are_unknown(self):
        unknown = max(workdays.known_years()) + 1
        day = working_days_ago(datetime.date(unknown, 1, 10), 3)
        self.assertEqual(day.year, unknown - 1)
        self.assertTrue(workdays.is_working_day(day))
