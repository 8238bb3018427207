"""`/api/v1/activities/` and `/api/v1/volunteers/`: the same permissions, refusals and audit as
the pages (the actions are shared), another organisation's row a 404, lists of a fixed number of
queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from anxin.community import actions
from anxin.community.models import CommunityActivity, Volunteer, VolunteerHours
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import DAY, make_group, record_activity, register_volunteer
from .test_pages import ORG_A_READERS, RECORDERS, VOLUNTEER_KEEPERS

ACTIVITY = {"type": "policy_publicity", "title": "残疾人两项补贴政策宣传", "date": "2026-04-02",
            "region": "510107003", "place": "玉林社区广场", "residents_count": 60,
            "clients_count": 3, "family_count": 5}


class ApiPermissionMatrixTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.activity = record_activity(cls.p.wang_fang)
        cls.volunteer = register_volunteer(cls.p.wang_fang)

    def test_reading_needs_community_view_and_the_organisation(self):
        reads = ["/api/v1/activities/", f"/api/v1/activities/{self.activity.pk}/",
                 "/api/v1/volunteers/", f"/api/v1/volunteers/{self.volunteer.pk}/",
                 f"/api/v1/volunteers/{self.volunteer.pk}/hours/"]
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for url in reads:
                if name == "viewer":
                    expected = 403
                elif name == "zhao_lei":
                    expected = 200 if url.count("/") == 4 else 404
                else:
                    expected = 200
                with self.subTest(user=name, url=url):
                    self.assertEqual(self.client.get(url).status_code, expected)

    def test_writing_needs_the_capability_of_each_register(self):
        a, v = self.activity.pk, self.volunteer.pk
        writes = {
            ("post", "/api/v1/activities/"): RECORDERS,
            ("patch", f"/api/v1/activities/{a}/"): RECORDERS,
            ("post", f"/api/v1/activities/{a}/participants/"): RECORDERS,
            ("post", f"/api/v1/activities/{a}/materials/"): RECORDERS,
            ("post", "/api/v1/volunteers/"): VOLUNTEER_KEEPERS,
            ("patch", f"/api/v1/volunteers/{v}/"): VOLUNTEER_KEEPERS,
            ("post", f"/api/v1/volunteers/{v}/hours/"): VOLUNTEER_KEEPERS,
        }
        before = (CommunityActivity.objects.count(), Volunteer.objects.count(),
                  VolunteerHours.objects.count())
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for (method, url), allowed in writes.items():
                if name in allowed:
                    continue
                expected = 403
                if name == "zhao_lei":
                    if url.count("/") == 4:
                        continue  # his own organisation's register
                    expected = 404
                with self.subTest(user=name, method=method, url=url):
                    response = getattr(self.client, method)(
                        url, {}, content_type="application/json")
                    self.assertEqual(response.status_code, expected)
        self.assertEqual((CommunityActivity.objects.count(), Volunteer.objects.count(),
                          VolunteerHours.objects.count()), before)
        self.assertTrue(ORG_A_READERS >= RECORDERS)


class ActivityApiTest(PersonaTestCase):
    def test_it_records_an_activity_and_audits_it(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.post("/api/v1/activities/", ACTIVITY,
                                    content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["region"], body["region_name"]), ("510107003", "玉林街道"))
        self.assertIn("CMH-5.5", body["clauses"])
        activity = CommunityActivity.objects.get(pk=body["id"])
        self.assert_audited("community.activity_recorded", actor=self.p.wang_fang,
                            target=activity)

    def test_a_refusal_names_the_field_in_chinese(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.post("/api/v1/activities/", {**ACTIVITY, "region": None},
                                    content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["fields"]["region"][0]["message"],
                         "请选择活动所在的街道或社区。")
        self.assertFalse(CommunityActivity.objects.exists())

    def test_participants_materials_and_changes(self):
        activity = record_activity(self.p.wang_fang)
        self.client.force_login(self.p.wang_fang)
        url = f"/api/v1/activities/{activity.pk}/"
        response = self.client.post(url + "participants/", {"client": self.p.client_a.pk},
                                    content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual([p["client_name"] for p in response.json()["participants"]], ["张伟"])
        for client in (self.p.client_a2, self.p.client_b):
            with self.subTest(client=client.name):
                response = self.client.post(url + "participants/", {"client": client.pk},
                                            content_type="application/json")
                self.assertEqual(response.status_code, 400)
                self.assertIn("client", response.json()["error"]["fields"])
        response = self.client.post(url + "materials/", {"kind": "hotline_leaflet",
                                                         "count": 150},
                                    content_type="application/json")
        self.assertEqual(response.json()["materials"][0]["count"], 150)
        response = self.client.patch(url, {"residents_count": 52},
                                     content_type="application/json")
        self.assertEqual(response.json()["residents_count"], 52)
        self.assertEqual(response.json()["title"], "心理健康知识讲座")
        self.client.force_login(self.p.li_qiang)
        body = self.client.get(url).json()
        self.assertEqual((body["participants"], body["hidden_participants"]), ([], 1))

    def test_the_list_costs_the_same_queries_for_one_activity_or_many(self):
        record_activity(self.p.wang_fang)
        self.client.force_login(self.p.wang_fang)
        with CaptureQueriesContext(connection) as one:
            self.client.get("/api/v1/activities/")
        for number in range(5):
            activity = record_activity(self.p.wang_fang, title=f"活动{number}")
            actions.do_add_participant(activity, self.p.client_a, acting_user=self.p.wang_fang)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get("/api/v1/activities/?type=health_lecture")
        self.assertEqual(response.json()["count"], 6)
        self.assertEqual(len(one), len(many))


class VolunteerApiTest(PersonaTestCase):
    def test_it_registers_a_volunteer_and_logs_hours(self):
        activity = record_activity(self.p.wang_fang)
        self.client.force_login(self.p.admin_a)
        response = self.client.post("/api/v1/volunteers/", {
            "name": "周热心", "phone": "13700002222", "skills": ["follow_up"]},
            content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        volunteer_id = response.json()["id"]
        self.assertEqual(response.json()["phone"], "13700002222")
        url = f"/api/v1/volunteers/{volunteer_id}/hours/"
        response = self.client.post(url, {"date": "2026-03-10", "hours": "3.5",
                                          "activity": activity.pk},
                                    content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assert_audited("community.volunteer_hours_logged", actor=self.p.admin_a)
        self.assertEqual(self.client.get(f"/api/v1/volunteers/{volunteer_id}/").json()[
            "total_hours"], "3.5")
        self.assertEqual(self.client.get(url).json()["count"], 1)

    def test_hours_for_two_things_or_another_organisations_group_are_refused(self):
        volunteer = register_volunteer(self.p.wang_fang)
        activity = record_activity(self.p.wang_fang)
        group = make_group(self.p.org_a, self.p.wang_fang)
        other_group = make_group(self.p.org_b, self.p.zhao_lei)
        self.client.force_login(self.p.wang_fang)
        url = f"/api/v1/volunteers/{volunteer.pk}/hours/"
        for body, field in (({"activity": activity.pk, "group": group.pk}, "activity"),
                            ({"group": other_group.pk}, "group"),
                            ({"hours": "30", "follow_up_note": "随访"}, "hours")):
            with self.subTest(field=field):
                response = self.client.post(url, {"date": "2026-03-10", "hours": "2", **body},
                                            content_type="application/json")
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.json()["error"]["fields"])
        self.assertFalse(VolunteerHours.objects.exists())

    def test_the_phone_is_null_for_readers_who_do_not_keep_the_register(self):
        volunteer = register_volunteer(self.p.wang_fang)
        self.client.force_login(self.p.archivist_a)
        self.assertIsNone(self.client.get(f"/api/v1/volunteers/{volunteer.pk}/").json()["phone"])
        self.assertIsNone(self.client.get("/api/v1/volunteers/").json()["results"][0]["phone"])

    def test_the_list_costs_the_same_queries_for_one_volunteer_or_many(self):
        register_volunteer(self.p.admin_a)
        self.client.force_login(self.p.admin_a)
        with CaptureQueriesContext(connection) as one:
            self.client.get("/api/v1/volunteers/")
        for number in range(5):
            volunteer = register_volunteer(self.p.admin_a, name=f"志愿者{number}")
            actions.do_log_volunteer_hours(volunteer, acting_user=self.p.admin_a, date=DAY,
                                           hours=Decimal("1"), follow_up_note="随访")
        with CaptureQueriesContext(connection) as many:
            self.client.get("/api/v1/volunteers/")
        self.assertEqual(len(one), len(many))
