"""Paging that never counts more rows than a person could page through.

Django's Paginator counts every row of the query on every page: two million audit events, or
an organisation's half a million clients, counted for each click. Past a few hundred pages
nobody pages on (they filter), so the count stops at `CAP`: `SELECT COUNT(*)` over at most
CAP + 1 rows, which an index answers in a few milliseconds whatever the table's size. The page
then says "more than 10,000" rather than a number it did not compute.
"""

from django.core.paginator import Paginator
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
