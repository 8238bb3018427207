"""The counts of a street-month (REH-6.4.3's denominator and its part under grid management)
and the lists, in a number of queries that does not grow with the roster."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from anxin.roster import selectors

from .helpers import RosterTestCase, id_number, last_month, people, this_month


class CountsTest(RosterTestCase):
    def test_it_counts_registered_matched_and_under_grid_management(self):
        rows = people(5) + [(self.p.client_a.name, self.p.client_a.id_number, "是", "")]
        self.import_file(rows)
        self.import_file(people(7), month=last_month())
        counts = selectors.street_month_counts(self.p.org_a, street=self.jiangxi,
                                               month=this_month())
        self.assertEqual(counts, selectors.StreetMonthCounts(
            registered=6, matched=1, under_grid_management=3))

    def test_a_street_month_without_a_roster_counts_nobody(self):
        counts = selectors.street_month_counts(self.p.org_a, street=self.wangjiang,
                                               month=this_month())
        self.assertEqual(counts.registered, 0)

    def test_the_overview_annotates_each_import_with_its_counts(self):
        self.import_file([(self.p.client_a.name, self.p.client_a.id_number, "是", ""),
                          ("李四", id_number(2), "否", "")])
        item = selectors.import_list(self.p.wang_fang).get()
        self.assertEqual((item.row_count, item.matched_count, item.under_grid_count), (2, 1, 1))

    def test_the_overview_shows_nothing_of_another_organisation(self):
        self.import_file(people(2))
        self.assertFalse(selectors.import_list(self.p.zhao_lei).exists())
        self.assertFalse(selectors.import_list(self.p.viewer).exists())


class QueryCountTest(RosterTestCase):
    def queries(self, call) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured)

    def test_the_entries_and_their_openable_clients_cost_the_same_however_many_rows(self):
        def read(roster_import):
            page = list(selectors.entries(roster_import)[:50])
            selectors.openable_clients(self.p.wang_fang, page)
            [entry.masked_id_number for entry in page]

        few = self.import_file(people(2) + [(self.p.client_a.name, self.p.client_a.id_number,
                                             "是", "")])
        many = self.import_file(people(40, start=300) + [
            (self.p.client_a.name, self.p.client_a.id_number, "是", ""),
            (self.p.client_a2.name, self.p.client_a2.id_number, "否", "")],
            street=self.wangjiang)
        self.assertEqual(self.queries(lambda: read(many)), self.queries(lambda: read(few)))

    def test_the_import_costs_the_same_queries_for_ten_rows_or_two_hundred(self):
        """Apart from the batched INSERTs of the entries (as many rows a statement as the
        database takes), an import's queries do not grow with its rows."""
        def statements(call) -> tuple[int, int]:
            with CaptureQueriesContext(connection) as captured:
                call()
            inserts = [q for q in captured if q["sql"].startswith(
                'INSERT INTO "roster_rosterentry"')]
            return len(captured) - len(inserts), len(inserts)

        small, small_inserts = statements(lambda: self.import_file(people(10)))
        large, large_inserts = statements(lambda: self.import_file(
            people(200, start=400), street=self.wangjiang))
        self.assertEqual(small, large)
        self.assertEqual(small_inserts, 1)
        self.assertLessEqual(large_inserts, 3)
