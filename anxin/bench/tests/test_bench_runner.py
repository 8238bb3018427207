"""The benchmark runner: its figures, the Server-Timing parse, the report's verdicts, and the
floor queries against the app's own querysets (same rows, on PostgreSQL)."""

import datetime
import unittest

from django.db import connection
from django.test import SimpleTestCase
from django.utils import timezone

from anxin.bench.runner import floors, report
from anxin.bench.runner.stats import percentile, ratio, server_time, summary
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client


class FiguresTests(SimpleTestCase):
    def test_percentiles_interpolate_between_ranks(self):
        values = list(range(1, 101))  # 1…100
        self.assertEqual(percentile(values, 50), 50.5)
        self.assertAlmostEqual(percentile(values, 95), 95.05)
        self.assertEqual(percentile(values, 100), 100)
        self.assertEqual(percentile(values, 0), 1)

    def test_percentile_of_unsorted_and_single_values(self):
        self.assertEqual(percentile([30, 10, 20], 50), 20)
        self.assertEqual(percentile([7], 95), 7)
        self.assertIsNone(percentile([], 50))

    def test_summary_skips_missing_times_and_says_how_many(self):
        figures = summary([10, None, 20, 30])
        self.assertEqual(figures["n"], 3)
        self.assertEqual(figures["p50"], 20)
        self.assertEqual(figures["max"], 30)
        self.assertEqual(summary([None])["p50"], None)

    def test_server_timing_reads_the_app_metric(self):
        self.assertEqual(server_time("app;dur=12.34"), 12.34)
        self.assertEqual(server_time("db;dur=3.1, app;dur=5.5"), 5.5)
        self.assertEqual(server_time('app;desc="Application";dur=7'), 7.0)
        self.assertEqual(server_time("app;dur=40, cache;dur=1"), 40.0)

    def test_server_timing_missing_or_other_metrics_only(self):
        self.assertIsNone(server_time(None))
        self.assertIsNone(server_time(""))
        self.assertIsNone(server_time("db;dur=3"))
        self.assertIsNone(server_time("application;dur=3"))

    def test_ratio(self):
        self.assertEqual(ratio(30.0, 10.0), 3.0)
        self.assertIsNone(ratio(None, 10.0))
        self.assertIsNone(ratio(30.0, 0))


def page(name, *, p95, ratio_=None, is_list=True, errors=0, queries=7):
    """A measured page whose queries take `ratio_` times its 1 ms floor."""
    return {"name": name, "role": "worker", "list": is_list, "queries": queries, "bytes": 4096,
            "server": {"p50": p95 / 2, "p95": p95, "max": p95}, "client": {"p50": 1, "p95": 2},
            "floor_time": {"p50": 1.0}, "database_ms": ratio_, "ratio": p95 / 2,
            "error_count": errors}


def result(clients, label, date, pages, concurrency=None):
    return {"clients": clients, "label": label, "command": "manage.py bench",
            "machine": {"date": date, "nproc": 2, "memory_gb": 23.0, "postgresql": "17.2",
                        "commit": "0123456789abcdef"},
            "scale": {"rows": {"clients_client": clients}, "database_size": "1 GB"},
            "identities": {"organization": {"id": 3, "clients": clients // 5},
                           "users": {"worker": {"username": "o3-worker1", "sees": 40}}},
            "pages": pages, "concurrency": concurrency}


class VerdictTests(SimpleTestCase):
    def test_a_list_within_both_targets(self):
        self.assertEqual(report.page_verdicts(page("clients_worker", p95=50, ratio_=2.0)),
                         {"p95": True, "floor": True})

    def test_a_list_over_both_targets(self):
        self.assertEqual(report.page_verdicts(page("clients_worker", p95=50.1, ratio_=2.1)),
                         {"p95": False, "floor": False})

    def test_the_floor_is_judged_on_the_pages_queries_not_its_rendering(self):
        fast_queries = page("clients_worker", p95=40, ratio_=1.5)
        fast_queries["ratio"] = 20.0  # server p50 over the floor: shown, not judged
        self.assertEqual(report.page_verdicts(fast_queries), {"p95": True, "floor": True})
        self.assertEqual(report.sql_ratio(fast_queries), 1.5)
        no_time = page("clients_worker", p95=40)
        self.assertIsNone(report.sql_ratio(no_time))
        self.assertIsNone(report.page_verdicts(no_time)["floor"])

    def test_a_page_that_is_no_list_has_no_floor_target(self):
        self.assertEqual(report.page_verdicts(page("case_page", p95=20, ratio_=9, is_list=False)),
                         {"p95": True, "floor": None})

    def test_errors_fail_a_fast_page(self):
        self.assertFalse(report.page_verdicts(page("audit", p95=5, ratio_=1, errors=3))["p95"])

    def test_no_server_time_is_not_judged(self):
        unmeasured = page("audit", p95=5, ratio_=None)
        unmeasured["server"] = {"p50": None, "p95": None}
        self.assertEqual(report.page_verdicts(unmeasured), {"p95": None, "floor": None})

    def test_concurrency_needs_both_the_latency_and_no_errors(self):
        run = {"users": 20, "seconds": 60, "client": {"n": 900, "p50": 80, "p95": 300},
               "error_count": 0}
        self.assertTrue(report.concurrency_verdict(run))
        self.assertFalse(report.concurrency_verdict({**run, "error_count": 1}))
        self.assertFalse(report.concurrency_verdict({**run, "client": {"n": 9, "p95": 301}}))
        self.assertIsNone(report.concurrency_verdict(None))


class RenderTests(SimpleTestCase):
    def row(self, text, title):
        return next(line for line in text.splitlines() if line.startswith(f"| {title}"))

    def test_each_row_says_met_or_not_met(self):
        text = report.render([result(10_000, "before", "2026-12-01T10:00:00+00:00", [
            page("caseload", p95=40, ratio_=1.5), page("audit", p95=120, ratio_=8.0)])])
        self.assertIn("### 10,000 clients — “before”", text)
        caseload = self.row(text, "Caseload (worker)")
        self.assertTrue(caseload.endswith("| met | met |"), caseload)
        audit = self.row(text, "Audit log (worker)")
        self.assertTrue(audit.endswith("| **not met** | **not met** |"), audit)
        self.assertIn("2 cores", text)
        self.assertIn("PostgreSQL 17.2", text)

    def test_concurrency_line_and_its_verdict(self):
        run = {"users": 20, "seconds": 60, "requests_per_second": 41.5, "error_count": 2,
               "client": {"n": 2000, "p50": 90, "p95": 250, "max": 900},
               "errors": [{"page": "queue", "status": 502}]}
        text = report.render([result(10_000, "before", "2026-12-01T10:00:00+00:00",
                                     [page("queue", p95=30, ratio_=1)], run)])
        self.assertIn("41.5 requests/s", text)
        self.assertIn("p95 ≤ 300 ms with no errors: **not met**", text)
        self.assertIn("queue 502", text)

    def test_before_and_after_of_the_same_scale_are_paired(self):
        results = [
            result(10_000, "before", "2026-12-01T10:00:00+00:00", [page("caseload", p95=90)]),
            result(10_000, "after", "2026-12-02T10:00:00+00:00", [page("caseload", p95=30)]),
            result(100_000, "before", "2026-12-01T11:00:00+00:00", [page("caseload", p95=200)]),
        ]
        pairs = report.before_after_pairs(results)
        self.assertEqual(len(pairs), 1)
        self.assertEqual((pairs[0][0]["label"], pairs[0][1]["label"]), ("before", "after"))
        text = report.render(results)
        section = text.split("## Before and after", 1)[1]
        self.assertIn("### 10,000 clients", section)
        self.assertNotIn("100,000", section)
        self.assertIn("| Caseload (worker) | 45 / 90 | 15 / 30 | 7 → 7 |", section)

    def test_the_latest_of_each_label_is_paired(self):
        results = [
            result(10_000, "before", "2026-12-01T10:00:00+00:00", [page("caseload", p95=90)]),
            result(10_000, "before", "2026-12-03T10:00:00+00:00", [page("caseload", p95=80)]),
            result(10_000, "after", "2026-12-02T10:00:00+00:00", [page("caseload", p95=30)]),
        ]
        before, _after = report.before_after_pairs(results)[0]
        self.assertEqual(before["machine"]["date"], "2026-12-03T10:00:00+00:00")

    def test_no_pair_without_an_after(self):
        text = report.render([result(10_000, "before", "2026-12-01T10:00:00+00:00",
                                     [page("caseload", p95=90)])])
        self.assertNotIn("## Before and after", text)

    def test_the_generator_section_is_included_one_level_down(self):
        generator = "# The generator\n\n## Throughput\n\n```sh\n# a comment\n```\n"
        text = report.render([], generator)
        self.assertIn("\n## The generator\n", text)
        self.assertIn("\n### Throughput\n", text)
        self.assertIn("\n# a comment\n", text)

    def test_a_generator_section_already_at_the_second_level_stays_there(self):
        text = report.render([], "## The synthetic province\n\n### Throughput\n")
        self.assertIn("\n## The synthetic province\n", text)
        self.assertIn("\n### Throughput\n", text)


@unittest.skipUnless(connection.vendor == "postgresql",
                     "the floor queries are PostgreSQL SQL (the benchmark runs on it only)")
class FloorQueryTests(PersonaTestCase):
    """Each floor lists the same rows as the page's queryset; on a small world with every way
    of seeing a client (registered, through a case, through a team, an opening still running,
    one expired, another organisation)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from anxin.audit.actions import record
        from anxin.cases.models import Case, ServicePlan
        from anxin.clients.models import EmergencyAccess
        from anxin.safety.models import Alert

        p = cls.p
        org = p.org_a
        now = timezone.now()
        today = timezone.localdate()
        cls.clients = [p.client_a, p.client_a2]
        for n in range(6):
            registrar = p.wang_fang if n % 2 else p.li_qiang
            cls.clients.append(make_client(org, registrar, name=f"张{'伟芳'[n % 2]}{n}",
                                           sequence=100 + n))
        other_org_client = p.client_b
        # 王芳 holds a case of a client 李强 registered; 李强 one of a client she registered.
        stages = ["intake", "assessment", "closed", "application"]
        cls.cases = []
        for n, client in enumerate(cls.clients[1:6]):
            worker = p.wang_fang if n % 2 == 0 else p.li_qiang
            cls.cases.append(Case.objects.create(
                organization=org, client=client, case_number=f"K{n}", stage=stages[n % 4],
                worker=worker, supervisor=p.chen_min if n < 3 else None, source="sought_help",
                opened_on=today, created_by=worker,
                due_on=today - datetime.timedelta(days=n - 2) if n != 3 else None))
        Case.objects.create(organization=p.org_b, client=other_org_client, case_number="B1",
                            stage="intake", worker=p.zhao_lei, source="sought_help",
                            opened_on=today, created_by=p.zhao_lei)
        # An opening still running, and one that has expired.
        EmergencyAccess.objects.create(organization=org, user=p.wang_fang,
                                       client=cls.clients[6], reason="危机", opened_at=now,
                                       expires_at=now + datetime.timedelta(hours=2))
        EmergencyAccess.objects.create(organization=org, user=p.wang_fang,
                                       client=cls.clients[7], reason="危机",
                                       opened_at=now - datetime.timedelta(days=2),
                                       expires_at=now - datetime.timedelta(days=1))
        for n, case in enumerate(cls.cases):
            ServicePlan.objects.create(case=case, episode=1, version=1, kind="initial",
                                       status="submitted" if n != 1 else "draft",
                                       created_by=case.worker, overall_goal="稳定",
                                       **cls.in_org(ServicePlan, org))
            Alert.objects.create(organization=org, client=case.client, case=case,
                                 rule="phq9_item9", urgency=1 + n % 3, worker=case.worker,
                                 supervisor=case.supervisor, raised_at=now, escalate_at=now,
                                 status=["open", "acknowledged", "resolved"][n % 3])
        for n in range(3):
            record("client.viewed", actor=p.admin_a, target=cls.clients[n],
                   client=cls.clients[n])

    @staticmethod
    def in_org(model, org):
        names = {f.name for f in model._meta.get_fields()}
        return {"organization": org} if "organization" in names else {}

    def floor_ids(self, floor, user, limit, **values):
        from anxin.cases.selectors import active_stages

        params = {"org": user.membership.organization_id, "user": user.pk, "limit": limit,
                  "stages": sorted(active_stages()), "today": timezone.localdate(), **values}
        with connection.cursor() as cursor:
            return [[row[0] for row in rows] for rows in floors.run(cursor, floor, params)]

    def assert_same(self, floor_rows, queryset):
        self.assertEqual(floor_rows, [obj.pk for obj in queryset])

    def test_client_lists(self):
        from anxin.clients.models import Client

        for name, user in (("clients_worker", self.p.wang_fang),
                           ("clients_supervisor", self.p.chen_min)):
            with self.subTest(name):
                expected = Client.objects.visible_to(user)[:25]
                self.assertGreater(len(expected), 1)
                self.assert_same(self.floor_ids(name, user, 25)[0], expected)
        # The order is the list's: the first page stops at the limit.
        expected = Client.objects.visible_to(self.p.wang_fang)[:2]
        self.assert_same(self.floor_ids("clients_worker", self.p.wang_fang, 2)[0], expected)

    def test_searches(self):
        from anxin.clients.models import Client
        from anxin.clients.selectors import search_clients

        worker = self.p.wang_fang
        target = Client.objects.visible_to(worker).exclude(id_number_index="").first()
        visible = Client.objects.visible_to(worker)
        for name, query, values in (
            ("search_name", target.name, {"name": target.name}),
            ("search_name", "张", {"name": "张"}),
            ("search_id", target.id_number, {"id_index": target.id_number_index}),
            ("search_phone", target.phone, {"phone_index": target.phone_index}),
        ):
            with self.subTest(name, query=query):
                expected = search_clients(visible, query)[:25]
                self.assertTrue(expected)
                self.assert_same(self.floor_ids(name, worker, 25, **values)[0], expected)

    def test_caseload_and_api_cases(self):
        from anxin.cases.models import Case
        from anxin.cases.selectors import active_stages
        from anxin.cases.views.cases import DEADLINE_ORDER

        worker = self.p.wang_fang
        caseload = (Case.objects.visible_to(worker).filter(worker=worker,
                                                            stage__in=active_stages())
                    .order_by(*DEADLINE_ORDER)[:25])
        self.assertTrue(caseload)
        self.assert_same(self.floor_ids("caseload", worker, 25)[0], caseload)
        self.assert_same(self.floor_ids("api_cases", worker, 25)[0],
                         Case.objects.visible_to(worker)[:25])

    def test_alert_lists(self):
        from anxin.safety.models import Alert

        for name, user in (("alerts_worker", self.p.wang_fang),
                           ("alerts_supervisor", self.p.chen_min)):
            with self.subTest(name):
                expected = (Alert.objects.visible_to(user).exclude(status="resolved")
                            .most_urgent_first()[:200])
                self.assertTrue(expected)
                self.assert_same(self.floor_ids(name, user, 200)[0], expected)

    def test_queue_sections(self):
        from anxin.cases.models import Case
        from anxin.cases.selectors import active_stages, awaiting_approval, incoming_referrals

        supervisor = self.p.chen_min
        plans, closures, overdue, referrals = self.floor_ids("queue", supervisor, 50)
        expected_plans, expected_closures = awaiting_approval(supervisor)
        self.assertTrue(expected_plans)
        self.assert_same(plans, expected_plans[:50])
        self.assert_same(closures, expected_closures[:50])
        expected_overdue = (Case.objects.visible_to(supervisor)
                            .filter(stage__in=active_stages(), due_on__lt=timezone.localdate())
                            .order_by("due_on")[:50])
        self.assertTrue(expected_overdue)
        self.assert_same(overdue, expected_overdue)
        self.assert_same(referrals, incoming_referrals(supervisor)[:50])

    def test_audit_log_first_page(self):
        from anxin.audit.models import AuditEvent

        admin = self.p.admin_a
        expected = AuditEvent.objects.visible_to(admin)[:50]
        self.assertGreaterEqual(len(expected), 3)
        self.assert_same(self.floor_ids("audit", admin, 50)[0], expected)

    def test_file_and_case_page_only_for_whom_sees_them(self):
        worker = self.p.wang_fang
        mine, theirs = self.clients[1], self.p.client_b
        case = self.cases[0]
        self.assertEqual(self.floor_ids("client_file", worker, 1, client=mine.pk,
                                        case=case.pk)[0], [mine.pk])
        self.assertEqual(self.floor_ids("client_file", worker, 1, client=theirs.pk,
                                        case=case.pk)[0], [])
        self.assertEqual(self.floor_ids("case_page", worker, 1, client=mine.pk,
                                        case=case.pk)[0], [case.pk])
        self.assertEqual(self.floor_ids("case_page", self.p.li_qiang, 1, client=mine.pk,
                                        case=case.pk)[0], [])


class CommandTests(SimpleTestCase):
    def test_sqlite_is_refused_with_the_reason(self):
        from django.core.management import CommandError, call_command

        with self.assertRaisesMessage(CommandError, "PostgreSQL only"):
            call_command("bench", "--clients", "10", "--database-url", "sqlite:///bench.db")
