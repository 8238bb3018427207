"""The alert list, the API's alert list and the home dashboard at volume: their query counts do
not grow with the alerts; the list shows the most urgent first and the rest on asking; the
visibility rule finds exactly the alerts the original rule (an OR over the visible clients)
found."""

import datetime

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anxin.accounts.actions import do_issue_api_token
from anxin.accounts.capabilities import ALERT_VIEW, ALERT_WIDE_ROLES
from anxin.cases.actions import do_open_case
from anxin.clients.models import Client
from anxin.safety.choices import AlertStatus
from anxin.safety.models import Alert
from anxin.safety.views import LIST_FIRST
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import TODAY, open_case

ROW = 'class="list-group-item px-0 d-flex'


class AlertListScaleTests(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p)
        # 李强's client, whose alert 王芳 sees only as its addressee.
        self.other = do_open_case(self.p.client_a2, acting_user=self.p.li_qiang,
                                  worker=self.p.li_qiang, source="sought_help",
                                  application_date=TODAY)
        self.raised = 0

    def add_alerts(self, n, **extra):
        """n alerts on 张伟's case (any status but resolved unless given), as the periodic
        checks leave them over time."""
        now = timezone.now()
        alerts = []
        for i in range(n):
            self.raised += 1
            at = now - datetime.timedelta(minutes=self.raised)
            fields = {"organization": self.p.org_a, "client": self.p.client_a,
                      "case": self.case, "rule": "risk_level_high", "urgency": 1 + i % 3,
                      "status": (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)[i % 2],
                      "raised_at": at, "escalate_at": at + datetime.timedelta(hours=1),
                      "worker": self.p.wang_fang, "supervisor": self.p.chen_min, **extra}
            alerts.append(Alert(**fields))
        Alert.objects.bulk_create(alerts)

    def count(self, url, **headers):
        self.client.get(url, headers=headers)  # per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def test_list_query_count_is_flat(self):
        for name in ("wang_fang", "chen_min", "admin_a"):
            for show in ("open", "all"):
                with self.subTest(name=name, show=show):
                    self.client.force_login(getattr(self.p, name))
                    url = reverse("safety:alerts") + f"?show={show}"
                    self.add_alerts(3)
                    self.add_alerts(1, status=AlertStatus.RESOLVED)
                    few, _page = self.count(url)
                    self.add_alerts(9)
                    self.add_alerts(3, status=AlertStatus.RESOLVED)
                    many, page = self.count(url)
                    self.assertEqual(many, few)
                    self.assertGreaterEqual(page.content.decode().count(ROW), 12)

    def test_api_list_query_count_is_flat(self):
        _token, key = do_issue_api_token(self.p.wang_fang, name="test")
        auth = {"Authorization": f"Token {key}"}
        for params in ("", "?status=all"):
            with self.subTest(params=params):
                url = "/api/v1/alerts/" + params
                self.add_alerts(3)
                few, _response = self.count(url, **auth)
                self.add_alerts(9)
                many, response = self.count(url, **auth)
                self.assertEqual(many, few)
                self.assertEqual(response.json()["count"],
                                 Alert.objects.visible_to(self.p.wang_fang)
                                 .filter(**({} if params else {"status__in": ["open",
                                                                              "acknowledged"]}))
                                 .count())

    def test_home_query_count_is_flat(self):
        self.client.force_login(self.p.wang_fang)
        self.add_alerts(2)
        few, _page = self.count(reverse("home"))
        self.add_alerts(12)
        many, _page = self.count(reverse("home"))
        self.assertEqual(many, few)

    def test_the_most_urgent_first_and_the_rest_on_asking(self):
        self.client.force_login(self.p.chen_min)
        self.add_alerts(LIST_FIRST + 5)
        url = reverse("safety:alerts")
        page = self.client.get(url).content.decode()
        self.assertEqual(page.count(ROW), LIST_FIRST)
        self.assertIn('id="alert-list-more"', page)
        first = [a.get_absolute_url() for a in
                 Alert.objects.visible_to(self.p.chen_min).most_urgent_first()[:LIST_FIRST]]
        self.assertTrue(all(url in page for url in first))
        more = self.client.get(url + "?show=open&more=1").content.decode()
        self.assertEqual(more.count(ROW), LIST_FIRST + 5)
        self.assertNotIn('id="alert-list-more"', more)

    def test_visibility_is_the_original_rule_row_for_row(self):
        self.add_alerts(2)
        self.add_alerts(1, status=AlertStatus.RESOLVED)
        # Addressed to 王芳 about a client she does not see; about her client but addressed
        # to someone else; in another organisation; a self-assessment alert (no client).
        self.add_alerts(1, client=self.p.client_a2, case=self.other)
        self.add_alerts(1, worker=self.p.li_qiang, supervisor=None)
        self.add_alerts(1, client=self.p.client_a2, case=self.other, worker=self.p.li_qiang,
                        supervisor=None)
        self.add_alerts(1, organization=self.p.org_b, client=self.p.client_b, case=None,
                        worker=self.p.zhao_lei, supervisor=None)
        self.add_alerts(1, client=None, case=None, worker=self.p.li_qiang, supervisor=None)
        for name, user in self.p.all_users().items():
            with self.subTest(name=name):
                expected = set()
                if user.can(ALERT_VIEW):
                    in_org = Alert.objects.filter(organization=user.organization)
                    if user.role not in ALERT_WIDE_ROLES:
                        in_org = in_org.filter(
                            Q(worker=user) | Q(supervisor=user)
                            | Q(client__in=Client.objects.visible_to(user).values("pk")))
                    expected = set(in_org.values_list("pk", flat=True))
                found = set(Alert.objects.visible_to(user).values_list("pk", flat=True))
                self.assertEqual(found, expected)
        self.assertTrue(Alert.objects.visible_to(self.p.wang_fang)
                        .filter(client=self.p.client_a2).exists())
        self.assertFalse(Alert.objects.visible_to(self.p.li_qiang)
                         .filter(client=self.p.client_a, worker=self.p.wang_fang).exists())
