"""Reads of clients: who sees which, and search."""

from django.db.models import Q, QuerySet

from anxin.accounts.capabilities import CLIENT_VIEW, ORG_WIDE_ROLES
from anxin.accounts.choices import Role
from anxin.core.crypto import blind_index

from . import identity


def visible_clients(queryset: QuerySet, user) -> QuerySet:
    """The clients `user` may see: a worker's are those they registered or hold a case of; a
    supervisor's also those of the cases they supervise and of their team's workers.

    Organisation isolation first; then the role narrows further. Regional viewers see no
    identities at all.
    """
    if not user.is_authenticated or not user.can(CLIENT_VIEW):
        return queryset.none()
    membership = user.membership
    queryset = queryset.filter(organization_id=membership.organization_id)
    if membership.role in ORG_WIDE_ROLES:
        return queryset
    # Through a subquery of ids, so a client with several cases is listed once.
    ids = queryset.model.objects.values("pk")
    if membership.role == Role.SUPERVISOR:
        return queryset.filter(
            Q(registered_by=user)
            | Q(registered_by___membership__team__supervisor=user)
            | Q(pk__in=ids.filter(Q(cases__worker=user) | Q(cases__supervisor=user)
                                  | Q(cases__worker___membership__team__supervisor=user)))
        )
    return queryset.filter(Q(registered_by=user) | Q(pk__in=ids.filter(cases__worker=user)))


def id_number_index(raw: str) -> str:
    return blind_index(identity.normalise(raw), purpose="id_number")


def phone_index(raw: str) -> str:
    digits = "".join(ch for ch in raw or "" if ch.isdigit())
    return blind_index(digits, purpose="phone") if digits else ""


def search_clients(queryset: QuerySet, query: str) -> QuerySet:
    """Name (contains), file number, or an exact ID number or phone through the blind index."""
    query = (query or "").strip()
    if not query:
        return queryset
    condition = Q(name__icontains=query) | Q(file_number__iexact=query)
    compact = identity.normalise(query)
    if len(compact) == 18:
        condition |= Q(id_number_index=id_number_index(compact))
    if sum(ch.isdigit() for ch in query) >= 7:
        condition |= Q(phone_index=phone_index(query))
    return queryset.filter(condition)


def with_list_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("district", "street", "registered_by")


def filter_by_category(queryset: QuerySet, category: str) -> QuerySet:
    """Clients in a population category. JSON `contains` is missing on SQLite, so match the
    quoted value in the JSON text, which works on both databases."""
    if not category:
        return queryset
    return queryset.filter(population_categories__icontains=f'"{category}"')
