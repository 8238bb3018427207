"""Alerts over the API: who sees which, the three writes through the same actions, errors in the
API's shape, and a list whose query count does not grow with its rows."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from anxin.safety import actions
from anxin.safety.choices import AlertStatus
from anxin.safety.models import Alert
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import open_case, resolve, skip_reasons

LIST = "/api/v1/alerts/"


class AlertApiTests(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p)
        self.alert = actions.raise_alert("phq9_self_harm", organization=self.p.org_a,
                                         client=self.p.client_a, case=self.case)
        self.api = APIClient()

    def as_(self, name):
        self.api.force_authenticate(getattr(self.p, name))

    def test_list_and_detail_matrix(self):
        detail = f"{LIST}{self.alert.pk}/"
        for name, listed, status in (
                ("wang_fang", True, 200), ("chen_min", True, 200), ("admin_a", True, 200),
                ("quality_a", True, 200), ("li_qiang", False, 404), ("zhao_lei", False, 404),
                ("archivist_a", None, 403), ("viewer", None, 403)):
            with self.subTest(name=name):
                self.as_(name)
                response = self.api.get(LIST)
                if listed is None:
                    self.assertEqual(response.status_code, 403)
                else:
                    ids = [row["id"] for row in response.json()["results"]]
                    self.assertEqual(self.alert.pk in ids, listed)
                self.assertEqual(self.api.get(detail).status_code, status)
        self.api.force_authenticate(None)
        self.assertEqual(self.api.get(LIST).status_code, 401)

    def test_detail_carries_the_protocol_and_is_audited(self):
        self.as_("chen_min")
        body = self.api.get(f"{LIST}{self.alert.pk}/").json()
        self.assertEqual(body["rule"], "phq9_self_harm")
        self.assertIn("contact_family", [item["code"] for item in body["protocol"]])
        self.assert_audited("safety.alert.viewed", actor=self.p.chen_min, target=self.alert)

    def test_acknowledge_step_resolve(self):
        self.as_("chen_min")
        base = f"{LIST}{self.alert.pk}/"
        self.assertEqual(self.api.post(f"{base}acknowledge/").json()["status"],
                         AlertStatus.ACKNOWLEDGED)
        step = self.api.post(f"{base}steps/", {"protocol_item": "contact_hospital"},
                             format="json")
        self.assertEqual(step.status_code, 201)
        refused = self.api.post(f"{base}steps/", {}, format="json")
        self.assertEqual(refused.status_code, 400)
        self.assertIn("note", refused.json()["error"]["fields"])
        refused = self.api.post(f"{base}resolve/", {"resolution": " "}, format="json")
        self.assertEqual(refused.status_code, 400)
        reasons = skip_reasons(Alert.objects.get())
        resolved = self.api.post(f"{base}resolve/", {"resolution": "已送医",
                                                     "not_applicable": reasons}, format="json")
        self.assertEqual(resolved.json()["status"], AlertStatus.RESOLVED)
        self.assertEqual([s["protocol_item"] for s in resolved.json()["steps"]
                          if not s["not_applicable"]], ["contact_hospital"])
        self.assert_audited("safety.alert.resolved", actor=self.p.chen_min, target=self.alert)

    def test_writes_refused_to_readers_and_strangers(self):
        for name, status in (("admin_a", 403), ("quality_a", 403), ("li_qiang", 404),
                             ("zhao_lei", 404)):
            with self.subTest(name=name):
                self.as_(name)
                response = self.api.post(f"{LIST}{self.alert.pk}/acknowledge/")
                self.assertEqual(response.status_code, status)
        self.assertEqual(Alert.objects.get().status, AlertStatus.OPEN)

    def test_list_query_count_does_not_grow(self):
        self.as_("chen_min")
        url = LIST + "?status=all"
        with CaptureQueriesContext(connection) as few:
            self.api.get(url)
        for n in range(5):
            alert = actions.raise_alert("risk_level_high", organization=self.p.org_a,
                                        client=self.p.client_a, case=self.case,
                                        now=timezone.now() + datetime.timedelta(minutes=n))
            actions.do_record_alert_step(alert, acting_user=self.p.chen_min, note="ok")
            resolve(alert, by=self.p.chen_min)
        with CaptureQueriesContext(connection) as many:
            response = self.api.get(url)
        self.assertEqual(response.json()["count"], 6)
        self.assertEqual(len(many), len(few))
