"""The audit log page at scale: filters an index serves, a count that stops, flat queries."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anxin.audit.actions import record
from anxin.audit.models import AuditEvent
from anxin.core.paging import CappedPaginator
from anxin.workspace.testing.cases import PersonaTestCase

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


class AuditLogFilterTests(PersonaTestCase):
    def events(self, **query):
        self.client.force_login(self.p.admin_a)
        response = self.client.get(reverse("audit:list"), query)
        self.assertEqual(response.status_code, 200)
        return list(response.context["page"].object_list)

    def test_days_are_the_readers_days_at_both_ends(self):
        """From and To are whole days in China's time: 23:59 on the 1st is the 1st, 00:01 on the
        2nd is the 2nd, though both are the 1st in UTC."""
        day = datetime.date(2026, 3, 1)
        late = AuditEvent(action="client.viewed", organization=self.p.org_a,
                          actor_label="wangfang", occurred_at=at(day, 23, 59))
        late.save()
        next_day = day + datetime.timedelta(days=1)
        early = AuditEvent(action="client.viewed", organization=self.p.org_a,
                           actor_label="wangfang", occurred_at=at(next_day, 0, 1))
        early.save()
        first, second = day.isoformat(), (day + datetime.timedelta(1)).isoformat()
        self.assertEqual({e.pk for e in self.events(since=first, until=first)}, {late.pk})
        self.assertEqual({e.pk for e in self.events(since=second, until=second)}, {early.pk})
        self.assertEqual({e.pk for e in self.events(since=first, until=second)},
                         {late.pk, early.pk})

    def test_client_file_number_in_any_case(self):
        record("client.viewed", actor=self.p.wang_fang, organization=self.p.org_a,
               client=self.p.client_a, target=self.p.client_a)
        found = self.events(client=self.p.client_a.file_number.lower())
        self.assertTrue(found)
        self.assertTrue(all(event.client_id == self.p.client_a.pk for event in found))

    def test_another_organisations_client_number_finds_nothing(self):
        record("client.viewed", actor=self.p.zhao_lei, organization=self.p.org_b,
               client=self.p.client_b, target=self.p.client_b)
        self.assertEqual(self.events(client=self.p.client_b.file_number), [])


class CappedCountTests(PersonaTestCase):
    def test_the_count_stops_at_the_cap_and_the_page_says_so(self):
        for _ in range(7):
            record("client.viewed", actor=self.p.wang_fang, organization=self.p.org_a)
        self.client.force_login(self.p.admin_a)
        with mock.patch.object(CappedPaginator, "cap", 5):
            response = self.client.get(reverse("audit:list"), {"action": "client.viewed"})
            paginator = response.context["page"].paginator
            self.assertTrue(paginator.capped)
            self.assertEqual(paginator.count, 5)
            page = CappedPaginator(AuditEvent.objects.all(), 2).get_page(1)
            footer = render_to_string("core/_pagination.html", {"page": page},
                                      request=response.wsgi_request)
        self.assertIn("第 1 / 3 页 · 超过 5 条", footer)

    def test_under_the_cap_the_count_is_exact(self):
        for _ in range(3):
            record("client.viewed", actor=self.p.wang_fang, organization=self.p.org_a)
        paginator = CappedPaginator(AuditEvent.objects.filter(action="client.viewed"), 2)
        self.assertFalse(paginator.capped)
        self.assertEqual(paginator.count, 3)
        self.assertEqual(paginator.num_pages, 2)


class FlatQueriesTests(PersonaTestCase):
    def queries_for_the_page(self) -> int:
        self.client.force_login(self.p.admin_a)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("audit:list"))
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def add_events(self, count: int) -> None:
        for index in range(count):
            client = (self.p.client_a, self.p.client_a2)[index % 2]
            record("client.viewed", actor=self.p.wang_fang, organization=self.p.org_a,
                   client=client, target=client)
            record("case.opened", actor=self.p.chen_min, organization=self.p.org_a,
                   target_type="cases.case", target_id=str(index))

    def test_the_page_costs_the_same_queries_for_few_events_and_many(self):
        self.add_events(3)
        few = self.queries_for_the_page()
        self.add_events(30)
        self.assertEqual(self.queries_for_the_page(), few)
