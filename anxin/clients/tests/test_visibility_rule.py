"""The visibility rules, rewritten for scale (UNION of indexed id sets instead of an OR over a
subquery), give exactly the rows the original rules gave: no row gained, none lost.

The original rules are kept here, verbatim in meaning, as the reference. A randomised
organisation (teams with and without a supervisor, clients registered by anyone, cases held and
supervised by anyone, break-the-glass openings running and expired, a second organisation
alongside) is checked for every member."""

import datetime
import random

from django.db.models import Q
from django.test import TestCase
from django.utils import timezone

from anxin.accounts.capabilities import ORG_WIDE_ROLES
from anxin.accounts.choices import OrganizationKind, Role
from anxin.accounts.models import Organization, Region, Team
from anxin.cases.models import Case
from anxin.clients.models import Client, EmergencyAccess
from anxin.workspace.testing.personas import make_client, make_user


def reference_clients(user):
    """ClientQuerySet.visible_to as it was written before the rewrite."""
    membership = user.membership
    queryset = Client.objects.filter(organization_id=membership.organization_id)
    if membership.role in ORG_WIDE_ROLES:
        return queryset
    ids = Client.objects.values("pk")
    emergency = Q(pk__in=EmergencyAccess.objects.filter(user=user).active().values("client_id"))
    if membership.role == Role.SUPERVISOR:
        return queryset.filter(
            Q(registered_by=user)
            | Q(registered_by___membership__team__supervisor=user)
            | Q(pk__in=ids.filter(Q(cases__worker=user) | Q(cases__supervisor=user)
                                  | Q(cases__worker___membership__team__supervisor=user)))
            | emergency)
    return queryset.filter(Q(registered_by=user) | Q(pk__in=ids.filter(cases__worker=user))
                           | emergency)


def reference_cases(user):
    """CaseQuerySet.visible_to as it was written before the rewrite."""
    membership = user.membership
    queryset = Case.objects.filter(organization_id=membership.organization_id)
    if membership.role in ORG_WIDE_ROLES:
        return queryset
    if membership.role == Role.SUPERVISOR:
        return queryset.filter(Q(worker=user) | Q(supervisor=user)
                               | Q(worker___membership__team__supervisor=user))
    return queryset.filter(worker=user)


def build_organization(code: str, rng: random.Random, sequence_base: int):
    region = Region.objects.get
    org = Organization.objects.create(
        name=f"机构{code}", code=code, kind=OrganizationKind.COMMUNITY_STATION,
        province=region(code="510000"), city=region(code="510100"),
        district=region(code="510107"))
    supervisors = [make_user(f"{code}-s{i}", f"督导{i}", role=Role.SUPERVISOR, organization=org)
                   for i in range(3)]
    teams = [Team.objects.create(organization=org, name="一组", supervisor=supervisors[0]),
             Team.objects.create(organization=org, name="二组", supervisor=supervisors[1]),
             Team.objects.create(organization=org, name="三组")]  # no supervisor
    workers = [make_user(f"{code}-w{i}", f"社工{i}", role=Role.WORKER, organization=org,
                         team=teams[i % 3]) for i in range(6)]
    # A supervisor who is also a member of a team supervised by another.
    supervisors[2].membership.team = teams[0]
    supervisors[2].membership.save()
    admin = make_user(f"{code}-admin", "管理员", role=Role.ORG_ADMIN, organization=org)
    staff = workers + supervisors
    clients = [make_client(org, rng.choice(staff), name=f"对象{i}", sequence=sequence_base + i)
               for i in range(40)]
    today = timezone.localdate()
    for number, client in enumerate(rng.sample(clients, 30)):
        for episode in range(rng.choice([1, 1, 2])):
            Case.objects.create(
                organization=org, client=client, case_number=f"{code}-{number}-{episode}",
                stage="intervention", source="self", opened_on=today,
                worker=rng.choice(staff), created_by=admin,
                supervisor=rng.choice([*supervisors, None]))
    now = timezone.now()
    for user, client, expires in [
            (workers[3], clients[0], now + datetime.timedelta(hours=2)),
            (workers[4], clients[1], now - datetime.timedelta(minutes=1)),  # expired
            (supervisors[1], clients[2], now + datetime.timedelta(hours=1))]:
        EmergencyAccess.objects.create(organization=org, user=user, client=client,
                                       reason="夜间危机", opened_at=now, expires_at=expires)
    return [*staff, admin]


class VisibilityRuleEquivalenceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        rng = random.Random(20261203)
        cls.members = (build_organization("EQA", rng, 100)
                       + build_organization("EQB", rng, 300))

    def test_clients_every_member_sees_what_the_original_rule_gave(self):
        for user in self.members:
            with self.subTest(user=user.username):
                expected = set(reference_clients(user).values_list("pk", flat=True))
                self.assertSetEqual(
                    set(Client.objects.visible_to(user).values_list("pk", flat=True)), expected)
                self.assertEqual(Client.objects.visible_to(user).count(), len(expected))

    def test_the_id_subquery_for_related_tables_is_the_same_set(self):
        """`visible_ids` (what alerts, incidents, responses and visits filter on) is exactly
        the ids of `visible_to`."""
        for user in self.members:
            with self.subTest(user=user.username):
                self.assertSetEqual(
                    set(Client.objects.filter(pk__in=Client.objects.visible_ids(user))
                        .values_list("pk", flat=True)),
                    set(reference_clients(user).values_list("pk", flat=True)))

    def test_cases_every_member_sees_what_the_original_rule_gave(self):
        for user in self.members:
            with self.subTest(user=user.username):
                expected = set(reference_cases(user).values_list("pk", flat=True))
                self.assertSetEqual(
                    set(Case.objects.visible_to(user).values_list("pk", flat=True)), expected)

    def test_the_dataset_exercises_every_path(self):
        """A test that passed on an empty organisation would prove nothing."""
        def only_through_cases(user):
            registered = set(Client.objects.filter(registered_by=user)
                             .values_list("pk", flat=True))
            return set(Case.objects.filter(worker=user).values_list("client_id", flat=True)) \
                - registered
        self.assertTrue(any(only_through_cases(user) for user in self.members))
        worker = next(u for u in self.members if u.username == "EQA-w3")
        seen = set(Client.objects.visible_to(worker).values_list("pk", flat=True))
        opened = EmergencyAccess.objects.get(user=worker).client_id
        self.assertIn(opened, seen)
        expired = EmergencyAccess.objects.get(user__username="EQA-w4").client_id
        w4 = next(u for u in self.members if u.username == "EQA-w4")
        self.assertEqual(expired in set(Client.objects.visible_to(w4).values_list("pk", flat=True)),
                         Client.objects.filter(pk=expired).filter(
                             Q(registered_by=w4) | Q(cases__worker=w4)).exists())
        supervisor = next(u for u in self.members if u.username == "EQA-s0")
        team = set(supervisor.team_member_ids())
        self.assertTrue(Client.objects.filter(registered_by__in=team)
                        .exclude(registered_by=supervisor).exists())

    def test_whoever_sees_a_case_sees_its_client(self):
        """access_case marks the case's client as seen (core.access.mark_seen), so that the
        case page's panels skip the client rule: that holds only if no case is visible whose
        client is not."""
        for user in self.members:
            with self.subTest(user=user.username):
                clients = set(Client.objects.visible_to(user).values_list("pk", flat=True))
                of_cases = set(Case.objects.visible_to(user).values_list("client_id", flat=True))
                self.assertLessEqual(of_cases, clients)

    def test_a_seen_client_narrows_the_rule_only_for_the_user_who_was_let_in(self):
        from anxin.clients.access import access_client

        worker = next(u for u in self.members if u.username == "EQA-w0")
        other = next(u for u in self.members if u.username == "EQA-w1")
        mine = Client.objects.visible_to(worker).first()
        client = access_client(worker, mine.pk)
        self.assertEqual(list(Client.objects.visible_ids(worker, within=client)), [mine.pk])
        # Another user handed the same object gets the whole rule, not that client.
        theirs = set(Client.objects.filter(pk__in=Client.objects.visible_ids(other, within=client))
                     .values_list("pk", flat=True))
        self.assertSetEqual(theirs, set(reference_clients(other).values_list("pk", flat=True)))
        # An object that never went through access_client narrows nothing either.
        plain = Client.objects.get(pk=mine.pk)
        self.assertSetEqual(
            set(Client.objects.filter(pk__in=Client.objects.visible_ids(worker, within=plain))
                .values_list("pk", flat=True)),
            set(reference_clients(worker).values_list("pk", flat=True)))
