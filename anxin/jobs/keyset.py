"""Reading a long queryset a chunk at a time, in its own order, without holding it whole.

Each chunk is its own query that starts after the last row of the one before (keyset paging):
no server-side cursor, which a transaction-pooling PgBouncer cannot keep across statements
(prod.py turns them off behind it, and `.iterator()` would then fetch every row at once), and
no OFFSET that rescans what was read. The order is the queryset's, made total by the primary key.
"""

from collections.abc import Iterator
from functools import reduce
from operator import and_, or_

from django.db.models import Q, QuerySet


def _ordering(queryset: QuerySet) -> list[str] | None:
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering or [])
    if not all(isinstance(name, str) and name.lstrip("-") and "?" not in name
               for name in ordering):
        return None  # an expression: not something a keyset can follow
    pk = queryset.model._meta.pk.attname
    ordering = [("-" if n.startswith("-") else "") + (pk if n.lstrip("-") == "pk" else
                                                       n.lstrip("-")) for n in ordering]
    if pk not in [n.lstrip("-") for n in ordering]:
        ordering.append(pk)
    return ordering


def _value(row, path: str):
    for part in path.split("__"):
        row = getattr(row, part, None) if row is not None else None
    return row.pk if hasattr(row, "_meta") else row


def _after(ordering: list[str], last: list) -> Q:
    """Rows that sort after `last` in `ordering`: a lexicographic comparison, as ORs of ANDs."""
    options = []
    for i, name in enumerate(ordering):
        field = name.lstrip("-")
        equal = [Q(**{prev.lstrip("-"): last[j]}) for j, prev in enumerate(ordering[:i])]
        beyond = Q(**{f"{field}__{'lt' if name.startswith('-') else 'gt'}": last[i]})
        options.append(reduce(and_, [*equal, beyond]))
    return reduce(or_, options)


def chunks(queryset: QuerySet, size: int) -> Iterator:
    """Every row of `queryset`, in its order, read `size` at a time."""
    ordering = _ordering(queryset)
    if ordering is None:
        yield from queryset.iterator(chunk_size=size)
        return
    queryset = queryset.order_by(*ordering)
    condition, offset = None, 0
    while True:
        page = queryset if condition is None else queryset.filter(condition)
        rows = list(page[offset:offset + size])
        yield from rows
        if len(rows) < size:
            return
        last = [_value(rows[-1], name.lstrip("-")) for name in ordering]
        if any(value is None for value in last):
            # NULLs sort differently on SQLite and PostgreSQL: go on by position instead.
            offset += size
        else:
            condition, offset = _after(ordering, last), 0
