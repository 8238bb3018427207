"""`/api/v1/training-sessions/`, `/api/v1/daily-services/` and `/api/v1/participation/`: the
same actions, permissions and audit as the pages, for every persona; another organisation's
case a 404 (?case=) or refused like an unknown id (a body's `case`)."""

import datetime

from django.utils import timezone

from anxin.programmes.models import DailyServiceLog, TrainingSession

from .helpers import NOW, ProgrammeTestCase, at, this_week

SESSIONS = "/api/v1/training-sessions/"
DAILY = "/api/v1/daily-services/"
PARTICIPATION = "/api/v1/participation/"
READERS = {"wang_fang", "li_qiang", "chen_min", "admin_a", "archivist_a", "quality_a"}
RECORDERS = {"wang_fang", "li_qiang", "chen_min"}


class ApiTest(ProgrammeTestCase):
    def body(self, **overrides) -> dict:
        data = {"case": self.case_a.pk, "programme": "psychological", "delivery": "one_to_one",
                "started_at": (NOW() - datetime.timedelta(hours=3)).isoformat(),
                "minutes": 55, "lead": self.p.wang_fang.pk, "lead_sex": "M",
                "note": "压力管理练习"}
        data.update(overrides)
        return data

    def post(self, url, data):
        return self.client.post(url, data, content_type="application/json")

    def test_every_read_endpoint_answers_each_role(self):
        one_case = f"{SESSIONS}?case={self.case_a.pk}"
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            with self.subTest(user=name):
                reads = 200 if name in READERS else 403
                self.assertEqual(self.client.get(SESSIONS).status_code,
                                 200 if name != "viewer" else 403)
                case_status = (403 if name == "viewer" else 404
                               if name in {"li_qiang", "zhao_lei"} else 200)
                self.assertEqual(self.client.get(one_case).status_code, case_status)
                self.assertEqual(self.client.get(DAILY).status_code, reads)
                self.assertEqual(self.client.get(PARTICIPATION).status_code, reads)

    def test_a_worker_records_a_session_and_others_are_refused(self):
        p = self.p
        self.client.force_login(p.wang_fang)
        response = self.post(SESSIONS, self.body(delivery="home", staff=[p.chen_min.pk]))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["staff"], [p.chen_min.pk])
        self.assertNotIn("note", response.json())
        session = TrainingSession.objects.get()
        self.assert_audited("training_session.recorded", target=session, actor=p.wang_fang)
        listed = self.client.get(f"{SESSIONS}?case={self.case_a.pk}").json()
        self.assertEqual([row["id"] for row in listed["results"]], [session.pk])
        for name in ("admin_a", "archivist_a", "quality_a", "viewer"):
            self.client.force_login(getattr(p, name))
            with self.subTest(user=name):
                self.assertEqual(self.post(SESSIONS, self.body()).status_code, 403)
        for name in ("li_qiang", "zhao_lei"):
            self.client.force_login(getattr(p, name))
            with self.subTest(user=name):
                response = self.post(SESSIONS, self.body())
                self.assertEqual(response.status_code, 400)
                self.assertIn("case", response.json()["error"]["fields"])
        self.assertEqual(TrainingSession.objects.count(), 1)

    def test_a_refusal_names_its_field_and_clause(self):
        self.client.force_login(self.p.wang_fang)
        for overrides, field, clause in (({"lead_sex": "F"}, "chaperone", "REH-5.6.2"),
                                         ({"minutes": 44}, "minutes", "REH-5.5.1.3"),
                                         ({"delivery": "home"}, "staff", "REH-5.6.3"),
                                         ({"staff": [self.p.zhao_lei.pk]}, "staff", "")):
            with self.subTest(field=field):
                response = self.post(SESSIONS, self.body(**overrides))
                self.assertEqual(response.status_code, 400)
                self.assertIn(clause, response.json()["error"]["fields"][field][0]["message"])
        self.assertEqual(TrainingSession.objects.count(), 0)

    def test_daily_services_by_date(self):
        self.client.force_login(self.p.chen_min)
        today = timezone.localdate().isoformat()
        response = self.post(DAILY, {"date": today, "kind": "hygiene", "case": None,
                                     "note": "整理寝室"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["kind"], "hygiene")
        rows = self.client.get(DAILY, {"date": today}).json()["results"]
        self.assertEqual([row["note"] for row in rows], ["整理寝室"])
        self.assertEqual(self.client.get(DAILY, {"date": "2026-02-30"}).status_code, 400)
        self.client.force_login(self.p.archivist_a)
        self.assertEqual(self.post(DAILY, {"date": today, "kind": "meals"}).status_code, 403)
        self.assertEqual(DailyServiceLog.objects.count(), 1)

    def test_the_weekly_participation_record(self):
        week = this_week().previous
        self.session(started_at=at(week.monday + datetime.timedelta(days=4)))
        self.client.force_login(self.p.quality_a)
        body = self.client.get(PARTICIPATION, {"week": week.code}).json()
        self.assertEqual(body["week"], week.code)
        self.assertEqual(body["clause"], "REH-6.4.3.4")
        rows = {row["case"]: row for row in body["residents"]}
        self.assertEqual(rows[self.case_a.pk]["by_programme"], {"self_care": 1})
        self.assertTrue(rows[self.case_a2.pk]["none_this_week"])
        self.assertEqual(body["residents"][0]["case"], self.case_a2.pk)
        self.assertEqual(self.client.get(PARTICIPATION, {"week": "2026-W60"}).status_code, 400)
