"""Paging that never counts more rows than a person could page through.

Django's Paginator counts every row of the query on every page: two million audit events, or
an organisation's half a million clients, counted for each click. Past a few hundred pages
nobody pages on (they filter), so the count stops at `CAP`: `SELECT COUNT(*)` over at most
CAP + 1 rows, which an index answers in a few milliseconds whatever the table's size. The page
then says "more than 10,000" rather than a number it did not compute.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.utils.functional import cached_property

CAP = 10_000


class CappedPaginator(Paginator):
    cap = CAP

    @cached_property
    def _capped_count(self) -> int:
        object_list = self.object_list
        if hasattr(object_list, "query"):
            # Unordered: with its ORDER BY the database would sort every row to find the
            # first CAP + 1; a count needs none of that.
            return object_list.order_by()[:self.cap + 1].count()
        return len(object_list)

    @cached_property
    def capped(self) -> bool:
        """True when there are more rows than the count says."""
        return self._capped_count > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)


class OneQueryPaginator(CappedPaginator):
    """The page and its total in one query (`COUNT(*) OVER ()`), for a list the database
    gathers whole before it can order it — a worker's or supervisor's clients, a UNION of
    their id sets: a separate count would gather the set a second time. Only for such lists:
    on an organisation's whole table the window would read every row that the list's index
    lets the page skip (use CappedPaginator there)."""

    def get_page(self, number):
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        rows = self._rows(number)
        if rows or number == 1:
            # The capped count the templates read, from the page itself.
            self.__dict__["_capped_count"] = rows[0].paging_total if rows else 0
        else:
            # Past the end (the list shrank since the link was made): the last page.
            number = self.num_pages
            rows = self._rows(number)
        return self._get_page(rows, number, self)

    def _rows(self, number: int) -> list:
        offset = (number - 1) * self.per_page
        counted = self.object_list.annotate(paging_total=Window(Count("pk")))
        return list(counted[offset:offset + self.per_page])


class SectionPage:
    """One of several lists on a page (the supervisor queue has five), a page at a time with
    its own `<key>_page` in the address. The page and its total come in one query
    (`COUNT(*) OVER ()`) rather than a count and a fetch; the total is exact, so use it where a
    list stays in the thousands (a queue), and CappedPaginator where it may not."""

    per_page = 20

    def __init__(self, request, key: str, rows):
        self.key = f"{key}_page"
        self._query = request.GET
        try:
            self.number = max(int(request.GET.get(self.key) or 1), 1)
        except ValueError:
            self.number = 1
        counted = rows.annotate(queue_total=Window(Count("pk")))
        self.rows = self._fetch(counted)
        if not self.rows and self.number > 1:
            # Past the end (the list shrank since the link was made): show the last page.
            self.number = max((rows.count() + self.per_page - 1) // self.per_page, 1)
            self.rows = self._fetch(counted)
        self.total = self.rows[0].queue_total if self.rows else 0
        self.start_index = (self.number - 1) * self.per_page + 1 if self.rows else 0
        self.end_index = self.start_index + len(self.rows) - 1 if self.rows else 0

    def _fetch(self, counted) -> list:
        offset = (self.number - 1) * self.per_page
        return list(counted[offset:offset + self.per_page])

    def _url(self, number: int) -> str:
        query = self._query.copy()
        query[self.key] = number
        return "?" + query.urlencode()

    @property
    def previous_url(self) -> str:
        return self._url(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self._url(self.number + 1) if self.end_index < self.total else ""
