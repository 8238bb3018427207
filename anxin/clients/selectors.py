"""Reads of clients: who sees which, and search."""

import re

from django.db.models import Q, QuerySet

from anxin.core.crypto import blind_index

from . import identity
from .name_search import name_contains


def id_number_index(raw: str) -> str:
    return blind_index(identity.normalise(raw), purpose="id_number")


def phone_index(raw: str) -> str:
    digits = "".join(ch for ch in raw or "" if ch.isdigit())
    return blind_index(digits, purpose="phone") if digits else ""


def category_index(category: str) -> str:
    return blind_index(category, purpose="population_category")


def categories_index(categories) -> str:
    """The keyed tokens of a client's population categories, space-separated, so that a list
    can filter on a category without the column naming one (ADR 0015)."""
    return " ".join(sorted({category_index(category) for category in categories or []}))


ID_NUMBER_SHAPE = re.compile(r"\d{17}[\dX]")


def search_clients(queryset: QuerySet, query: str) -> QuerySet:
    """Name (contains), file number, or an exact ID number or phone through the blind index.

    A query shaped like an identifier is looked up by that identifier's index alone: an exact
    ID number ORed with a name `LIKE '%…%'` could not use its blind index and scanned every
    client (docs/benchmarks.md). No client is lost by it: a name holds no 18-character ID
    number, a phone has at most 12 digits, and a file number (`CODE-2026-00001`) has the
    letters and hyphens an ID number has not."""
    query = (query or "").strip()
    if not query:
        return queryset
    compact = identity.normalise(query)
    if ID_NUMBER_SHAPE.fullmatch(compact):
        return queryset.filter(id_number_index=id_number_index(compact))
    # Each branch has its index (name grams, file number, phone's blind index): the planner
    # combines them (BitmapOr) instead of scanning.
    condition = name_contains(query) | Q(file_number=query.upper())
    if sum(ch.isdigit() for ch in query) >= 7:
        condition |= Q(phone_index=phone_index(query))
    return queryset.filter(condition)


def with_list_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("district", "street", "registered_by")


def filter_by_category(queryset: QuerySet, category: str) -> QuerySet:
    """Clients in a population category, through the keyed index: the categories themselves
    are encrypted. Tokens have a fixed length and no spaces, so a substring is a whole token."""
    if not category:
        return queryset
    return queryset.filter(population_category_index__contains=category_index(category))
