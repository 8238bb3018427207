"""The case page, the client's file and the API's case list at volume: however long the case's
timeline, however many responses, alerts and cases there are, each costs the same queries; the
case page still shows every timeline row, and the instruments panel its latest ten."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anxin.accounts.actions import do_issue_api_token
from anxin.cases import actions, scenarios
from anxin.cases.models import ServiceRecord, StageChange
from anxin.cases.views.cases import RECORDS_SHOWN
from anxin.instruments.models import InstrumentResponse
from anxin.instruments.registry import latest
from anxin.instruments.scoring import score
from anxin.safety.choices import AlertStatus
from anxin.safety.models import Alert
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client


def open_case(p, client):
    return actions.do_open_case(client, acting_user=p.wang_fang, worker=p.wang_fang,
                                supervisor=p.chen_min, source="sought_help",
                                application_date=timezone.localdate())


class CasePageScaleTests(PersonaTestCase):
    def setUp(self):
        self.case = open_case(self.p, self.p.client_a)
        self.added = 0

    def add_history(self, n):
        """n timeline rows, n PHQ-9 responses and n unresolved alerts on the case."""
        now = timezone.now()
        instrument = latest("phq9")
        answers = {f"item_{i}": 1 for i in range(1, 10)}
        answers["item_9"] = 0
        result = score(instrument, answers)
        changes, responses, alerts = [], [], []
        for _ in range(n):
            self.added += 1
            at = now - datetime.timedelta(hours=self.added)
            changes.append(StageChange(
                organization=self.case.organization, case=self.case, action="open",
                from_stage="", to_stage="application", reason=f"原因{self.added}",
                actor=self.p.wang_fang))
            responses.append(InstrumentResponse(
                organization=self.case.organization, client=self.case.client, case=self.case,
                instrument="phq9", version=instrument.version, answers=answers,
                totals={k: (v if isinstance(v, int) or v is None else str(v))
                        for k, v in result.totals.items()},
                bands={k: (b.code if b else None) for k, b in result.bands.items()},
                flags=[], administered_on=at.date(), recorded_by=self.p.wang_fang))
            alerts.append(Alert(
                organization=self.case.organization, client=self.case.client, case=self.case,
                rule="risk_level_high", urgency=2, status=AlertStatus.OPEN, raised_at=at,
                escalate_at=at + datetime.timedelta(hours=1), worker=self.p.wang_fang,
                supervisor=self.p.chen_min))
        StageChange.objects.bulk_create(changes)
        InstrumentResponse.objects.bulk_create(responses)
        Alert.objects.bulk_create(alerts)

    def count(self, url, **headers):
        self.client.get(url, headers=headers)  # per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def test_case_page_queries_do_not_grow_with_its_history(self):
        for name in ("wang_fang", "chen_min", "admin_a"):
            with self.subTest(name=name):
                self.client.force_login(getattr(self.p, name))
                url = self.case.get_absolute_url()
                self.add_history(3)
                few, _page = self.count(url)
                self.add_history(9)
                many, page = self.count(url)
                self.assertEqual(many, few)
                shown = page.content.decode()
                # Every timeline row, each with its reason, and the latest ten responses.
                for n in range(1, self.added + 1):
                    self.assertIn(f"原因{n}<", shown)
                self.assertEqual(len(page.context["rows"]), 10)

    def test_client_file_queries_do_not_grow_with_its_history(self):
        self.client.force_login(self.p.wang_fang)
        url = self.p.client_a.get_absolute_url()
        self.add_history(3)
        few, _page = self.count(url)
        self.add_history(9)
        open_case(self.p, self.p.client_a)
        many, page = self.count(url)
        self.assertEqual(many, few)
        # The chart has every response: the file charts the whole history.
        histories = page.context["histories"]
        self.assertEqual(sum(len(h.responses) for h in histories), self.added)

    def test_api_case_list_queries_do_not_grow_with_the_cases(self):
        _token, key = do_issue_api_token(self.p.wang_fang, name="test")
        auth = {"Authorization": f"Token {key}"}
        for i in range(2):
            open_case(self.p, make_client(self.p.org_a, self.p.wang_fang, name=f"甲{i}",
                                          sequence=100 + i))
        few, _response = self.count("/api/v1/cases/", **auth)
        for i in range(6):
            open_case(self.p, make_client(self.p.org_a, self.p.wang_fang, name=f"乙{i}",
                                          sequence=200 + i))
        many, response = self.count("/api/v1/cases/", **auth)
        self.assertEqual(many, few)
        self.assertEqual(response.json()["count"], 9)

    def test_caseload_queries_do_not_grow_with_the_cases(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("cases:list")
        few, _page = self.count(url)
        for i in range(8):
            open_case(self.p, make_client(self.p.org_a, self.p.wang_fang, name=f"丙{i}",
                                          sequence=300 + i))
        many, page = self.count(url)
        self.assertEqual(many, few)
        self.assertEqual(len(page.context["rows"]), 9)


class CasePageServiceRecordsTests(PersonaTestCase):
    def test_the_latest_sessions_only_and_the_same_queries_however_many(self):
        case = scenarios.advance(open_case(self.p, self.p.client_a), "intervention",
                                 worker=self.p.wang_fang, supervisor=self.p.chen_min)
        self.client.force_login(self.p.wang_fang)
        url = case.get_absolute_url()

        def sessions():
            self.client.get(url)
            with CaptureQueriesContext(connection) as queries:
                page = self.client.get(url)
            return len(queries), page.context["docs"]["records"]

        few, _shown = sessions()
        for hours in range(RECORDS_SHOWN + 3):
            scenarios.record_session(case, self.p.wang_fang,
                                     when=timezone.now() - datetime.timedelta(hours=hours + 3))
        many, shown = sessions()
        self.assertEqual(many, few)
        latest = list(ServiceRecord.objects.filter(case=case).order_by("-session_number")
                      .values_list("session_number", flat=True)[:RECORDS_SHOWN])
        self.assertEqual([r.session_number for r in shown], latest)
        self.assertGreater(ServiceRecord.objects.filter(case=case).count(), RECORDS_SHOWN)
