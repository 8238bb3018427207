"""The demo's caring teams and peer supporter (workspace/demo/caring.py): teams in the demo
streets with a member in every role, supported clients and meetings, coverage on both sides of
REH-6.4.1.6's 80 %, one active peer supporter, and nothing added by a second run."""

import io

from django.core.management import call_command
from django.test import TestCase

from anxin.accounts.models import Organization
from anxin.audit.models import AuditEvent
from anxin.caring import coverage
from anxin.caring.choices import MemberRole, PeerStatus
from anxin.caring.models import CaringTeam, CaringTeamMeeting, PeerSupporter
from anxin.workspace.demo.caring import load_caring


class DemoCaringTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO())
        cls.cdwh = Organization.objects.get(code="CDWH")
        cls.szns = Organization.objects.get(code="SZNS")

    def test_each_team_has_every_role_clients_and_meetings(self):
        teams = CaringTeam.objects.all()
        self.assertEqual(teams.count(), 7)
        for team in teams:
            with self.subTest(team=team.name):
                self.assertEqual(set(team.members.values_list("role", flat=True)),
                                 set(MemberRole.values))
                self.assertEqual(team.meetings.count(), 2)
        self.assertTrue(all(team.clients.exists() for team in teams
                            if team.organization == self.cdwh))

    def test_coverage_falls_either_side_of_the_threshold(self):
        wuhou = coverage.district_coverage(self.cdwh.district, organization=self.cdwh)
        nanshan = coverage.district_coverage(self.szns.district, organization=self.szns)
        self.assertEqual((wuhou.covered_count, wuhou.street_count, wuhou.meets), (3, 4, False))
        self.assertEqual((nanshan.covered_count, nanshan.street_count, nanshan.meets),
                         (4, 5, True))

    def test_one_peer_supporter_is_active_with_every_record(self):
        supporter = PeerSupporter.objects.get()
        self.assertEqual((supporter.organization, supporter.status),
                         (self.cdwh, PeerStatus.ACTIVE))
        self.assertEqual((supporter.assessments.count(), supporter.trainings.count(),
                          supporter.supervisions.count()), (1, 1, 2))

    def test_a_second_run_adds_nothing(self):
        before = (CaringTeam.objects.count(), CaringTeamMeeting.objects.count(),
                  PeerSupporter.objects.count(), AuditEvent.objects.count())
        for organization in (self.cdwh, self.szns):
            load_caring(organization)
        self.assertEqual((CaringTeam.objects.count(), CaringTeamMeeting.objects.count(),
                          PeerSupporter.objects.count(), AuditEvent.objects.count()), before)
