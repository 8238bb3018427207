"""`/api/v1/caring-teams/` and `/api/v1/peer-supporters/`: the same actions, permissions and
audit as the pages. Every persona on every endpoint; another organisation's row a 404; ids of
clients and colleagues outside what the user may name refused like unknown ones."""

from anxin.caring.choices import MemberRole
from anxin.caring.models import CaringTeamMember, PeerSupporter

from .helpers import TODAY, CaringTestCase

READERS = {"wang_fang", "li_qiang", "chen_min", "admin_a", "archivist_a", "quality_a"}
MANAGERS = {"wang_fang", "li_qiang", "chen_min", "admin_a"}


class ApiPermissionMatrixTest(CaringTestCase):
    def test_every_read_endpoint_answers_each_role(self):
        teams = "/api/v1/caring-teams/"
        peers = "/api/v1/peer-supporters/"
        team = f"{teams}{self.team.pk}/"
        meeting = f"{team}meetings/{self.meeting.pk}/"
        peer = f"{peers}{self.supporter.pk}/"
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            with self.subTest(user=name):
                lists = 200 if name in READERS | {"zhao_lei"} else 403
                self.assertEqual(self.client.get(teams).status_code, lists)
                self.assertEqual(self.client.get(peers).status_code, lists)
                one = 200 if name in READERS else 403 if name == "viewer" else 404
                self.assertEqual(self.client.get(team).status_code, one)
                self.assertEqual(self.client.get(meeting).status_code, one)
                one_peer = 404 if name == "li_qiang" else one
                self.assertEqual(self.client.get(peer).status_code, one_peer)

    def test_every_write_endpoint_answers_each_role_and_changes_nothing_when_refused(self):
        team = f"/api/v1/caring-teams/{self.team.pk}/"
        peer = f"/api/v1/peer-supporters/{self.supporter.pk}/"
        posts = [f"{team}members/", f"{team}clients/", f"{team}meetings/",
                 f"{peer}trainings/", f"{peer}assessments/", f"{peer}supervisions/",
                 f"{peer}status/"]
        before = (CaringTeamMember.objects.count(), self.supporter.trainings.count())
        for name, user in self.p.all_users().items():
            if name in MANAGERS:
                continue
            self.client.force_login(user)
            for url in posts:
                with self.subTest(user=name, url=url):
                    status = self.client.post(url, {"role": "volunteer", "name": "x",
                                                    "since": TODAY().isoformat()},
                                              content_type="application/json").status_code
                    self.assertEqual(status, 404 if name == "zhao_lei" else 403)
            with self.subTest(user=name, url="patch"):
                status = self.client.patch(team, {"name": "x"},
                                           content_type="application/json").status_code
                self.assertEqual(status, 404 if name == "zhao_lei" else 403)
        self.assertEqual((CaringTeamMember.objects.count(), self.supporter.trainings.count()),
                         before)


class ApiTeamTest(CaringTestCase):
    def post(self, url, body):
        return self.client.post(url, body, content_type="application/json")

    def test_a_team_is_formed_and_filled_over_the_api_with_its_audit_events(self):
        self.client.force_login(self.p.chen_min)
        response = self.post("/api/v1/caring-teams/", {
            "name": "玉林团队", "street": "510107003", "formed_on": TODAY().isoformat()})
        self.assertEqual(response.status_code, 201, response.content)
        team_id = response.json()["id"]
        url = f"/api/v1/caring-teams/{team_id}/"
        member = self.post(f"{url}members/", {"role": MemberRole.COMMUNITY_DOCTOR,
                                              "name": "文静", "unit": "社区卫生服务中心",
                                              "phone": "13881230104",
                                              "since": TODAY().isoformat()})
        self.assertEqual(member.status_code, 201, member.content)
        client = self.post(f"{url}clients/", {"client": self.p.client_a.pk,
                                              "since": TODAY().isoformat()})
        self.assertEqual(client.status_code, 201, client.content)
        meeting = self.post(f"{url}meetings/", {
            "held_on": TODAY().isoformat(), "topic": "首次会议",
            "attendees": [member.json()["id"]], "clients_discussed": [self.p.client_a.pk],
            "minutes": "明确分工"})
        self.assertEqual(meeting.status_code, 201, meeting.content)
        self.assertEqual(meeting.json()["minutes"], "明确分工")
        detail = self.client.get(url).json()
        self.assertEqual([m["name"] for m in detail["members"]], ["文静"])
        self.assertEqual(detail["clients"][0]["client"]["id"], self.p.client_a.pk)
        self.assertEqual(detail["meetings"][0]["clients_discussed"], [self.p.client_a.pk])
        for action in ("caring_team.created", "caring_team.member_added",
                       "caring_team.client_added", "caring_team.meeting_recorded"):
            with self.subTest(action=action):
                self.assert_audited(action, actor=self.p.chen_min)

    def test_the_api_refuses_as_the_page_does_naming_the_field(self):
        self.client.force_login(self.p.wang_fang)
        response = self.post("/api/v1/caring-teams/", {
            "name": "重复", "street": "510107001", "formed_on": TODAY().isoformat()})
        self.assertEqual(response.status_code, 400)
        self.assertIn("REH-3.6", response.json()["error"]["fields"]["street"][0]["message"])
        url = f"/api/v1/caring-teams/{self.team.pk}/"
        for client_id in (self.p.client_b.pk, self.p.client_a2.pk, 999999):
            with self.subTest(client=client_id):
                response = self.post(f"{url}clients/", {"client": client_id,
                                                        "since": TODAY().isoformat()})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["error"]["fields"]["client"][0]["message"],
                                 "请选择您负责的服务对象。")

    def test_the_team_names_only_clients_the_reader_follows(self):
        from anxin.caring import actions

        actions.do_add_team_client(self.team, self.p.client_a2, acting_user=self.p.li_qiang,
                                   since=TODAY())
        self.client.force_login(self.p.wang_fang)
        detail = self.client.get(f"/api/v1/caring-teams/{self.team.pk}/").json()
        self.assertEqual([c["client"]["id"] for c in detail["clients"]], [self.p.client_a.pk])
        self.assertEqual(detail["hidden_client_count"], 1)


class ApiPeerTest(CaringTestCase):
    def post(self, url, body):
        return self.client.post(url, body, content_type="application/json")

    def test_the_gate_holds_over_the_api_too(self):
        self.client.force_login(self.p.wang_fang)
        url = f"/api/v1/peer-supporters/{self.supporter.pk}/"
        response = self.post(f"{url}status/", {"status": "active"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("CMH-7.2.2", response.json()["error"]["fields"]["status"][0]["message"])
        self.assertEqual(self.post(f"{url}assessments/", {
            "assessed_on": TODAY().isoformat(), "assessor": self.p.chen_min.pk,
            "result": "passed"}).status_code, 201)
        self.assertEqual(self.post(f"{url}trainings/", {
            "trained_on": TODAY().isoformat(), "topic": "倾听", "hours": "3"}).status_code, 201)
        response = self.post(f"{url}supervisions/", {
            "held_on": TODAY().isoformat(), "supervisor": self.p.chen_min.pk,
            "notes": "督导"})
        self.assertEqual(response.status_code, 201, response.content)
        response = self.post(f"{url}status/", {"status": "active"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "active")
        self.assertEqual(PeerSupporter.objects.get(pk=self.supporter.pk).status, "active")
        self.assert_audited("peer_supporter.status_changed", actor=self.p.wang_fang,
                            client=self.p.client_a)

    def test_a_peer_supporter_is_registered_over_the_api(self):
        self.client.force_login(self.p.li_qiang)
        response = self.post("/api/v1/peer-supporters/", {"client": self.p.client_a2.pk})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["status"], "candidate")
        response = self.post("/api/v1/peer-supporters/", {"client": self.p.client_a.pk})
        self.assertEqual(response.status_code, 400)
