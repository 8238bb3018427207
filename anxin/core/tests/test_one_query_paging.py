"""OneQueryPaginator: the same pages, totals and last-page fallback as Django's paginator,
in one query per page where the total comes with the rows."""

from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anxin.clients.models import Client
from anxin.core.paging import OneQueryPaginator
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client


class OneQueryPaginatorTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(7):
            make_client(cls.p.org_a, cls.p.wang_fang, name=f"翻页{n}", sequence=60 + n)

    def rows(self):
        return Client.objects.filter(organization=self.p.org_a).order_by("-created_at", "-id")

    def test_every_page_matches_djangos_paginator_in_one_query(self):
        reference = Paginator(self.rows(), 3)
        for number in range(1, reference.num_pages + 1):
            with self.subTest(page=number):
                with CaptureQueriesContext(connection) as queries:
                    page = OneQueryPaginator(self.rows(), 3).get_page(number)
                    count, pages = page.paginator.count, page.paginator.num_pages
                    has_next = page.has_next()
                self.assertEqual(len(queries), 1)
                expected = reference.page(number)
                self.assertEqual([c.pk for c in page], [c.pk for c in expected])
                self.assertEqual((count, pages, has_next),
                                 (reference.count, reference.num_pages, expected.has_next()))

    def test_past_the_end_or_nonsense_gives_the_last_or_first_page(self):
        reference = Paginator(self.rows(), 3)
        last = reference.page(reference.num_pages)
        page = OneQueryPaginator(self.rows(), 3).get_page(99)
        self.assertEqual((page.number, [c.pk for c in page]),
                         (reference.num_pages, [c.pk for c in last]))
        self.assertEqual(OneQueryPaginator(self.rows(), 3).get_page("x").number, 1)
        empty = OneQueryPaginator(Client.objects.none(), 3).get_page(1)
        self.assertEqual((empty.paginator.count, list(empty)), (0, []))

    def test_a_workers_client_list_is_paged_in_one_query_and_an_admins_with_a_count(self):
        def page_queries(user):
            self.client.force_login(user)
            self.client.get(reverse("clients:list"))
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse("clients:list"))
            sql = [q["sql"] for q in queries.captured_queries if "clients_client" in q["sql"]]
            return response.context["page"], sql

        page, sql = page_queries(self.p.wang_fang)
        self.assertEqual(len(sql), 1)
        self.assertIn("OVER", sql[0])
        self.assertEqual(page.paginator.count, Client.objects.visible_to(self.p.wang_fang).count())
        page, sql = page_queries(self.p.admin_a)
        self.assertEqual(len(sql), 2)  # a capped count, then the page read in index order
        self.assertNotIn("OVER", " ".join(sql))
