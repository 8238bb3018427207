"""Searching clients by part of a name with an index, on PostgreSQL.

Chinese names are often two characters: too short for trigrams (pg_trgm needs three), and a
`LIKE '%…%'` scans every client of the organisation. Instead, the name is indexed by its single
characters and its character pairs (bigrams): `anxin_name_grams('王伟芳')` is
`'王 王伟 伟 伟芳 芳'`, and a GIN index holds `to_tsvector('simple', …)` of it (the 'simple'
configuration keeps each CJK run between spaces as one word, and folds Latin letters to lower
case). A query of two or more characters asks for all of its bigrams (a one-character query for
the character); the index answers that, and for queries of three characters or more the name's
own `icontains` then keeps only real substrings, so the result is exactly what `icontains` alone
would give (anxin/clients/tests/test_search_rule.py holds it to that).

On other databases (SQLite for development and tests) the search is `icontains` alone.
"""

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, Value

FUNCTION = "anxin_name_grams"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
    SELECT coalesce(string_agg(substr(name, i, 1) || ' ' || substr(name, i, 2), ' '), '')
    FROM generate_series(1, char_length(name)) AS i
$$;
"""
DROP_FUNCTION = f"DROP FUNCTION IF EXISTS {FUNCTION}(text);"
INDEX = "client_name_grams"
CREATE_INDEX = (f"CREATE INDEX IF NOT EXISTS {INDEX} ON clients_client "
                f"USING gin (to_tsvector('simple'::regconfig, {FUNCTION}(name)));")
DROP_INDEX = f"DROP INDEX IF EXISTS {INDEX};"


def query_grams(query: str) -> str:
    """The bigrams of `query` (or the query itself when it is one character), space-separated,
    for `plainto_tsquery`, which ANDs them."""
    if len(query) < 2:
        return query
    return " ".join(query[i:i + 2] for i in range(len(query) - 1))


class _NameGramsMatch(Func):
    """`to_tsvector('simple', anxin_name_grams(name)) @@ plainto_tsquery('simple', grams)`:
    written out so that it is exactly the indexed expression."""

    template = ("to_tsvector('simple'::regconfig, " + FUNCTION + "(%(field)s)) "
                "@@ plainto_tsquery('simple'::regconfig, %(grams)s)")
    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        grams_sql, grams_params = compiler.compile(self.source_expressions[1])
        return (self.template % {"field": field_sql, "grams": grams_sql},
                [*field_params, *grams_params])


def name_contains(query: str) -> Q:
    """Clients whose name contains `query` (case-insensitive), index-served on PostgreSQL."""
    contains = Q(name__icontains=query)
    grams = query_grams(query)
    if connection.vendor != "postgresql" or not any(ch.isalnum() for ch in grams):
        # A query of only punctuation has no word for the index: icontains alone.
        return contains
    match = Q(_NameGramsMatch(F("name"), Value(grams)))
    if len(query) <= 2 and query.isalnum():
        # One or two letters are one gram of the name: the index's answer is exact. Leaving
        # the LIKE out also keeps the planner's estimate right (it guesses a LIKE keeps almost
        # nothing, and then joins the visible clients by nested loop, 1.7 s at a million).
        return match
    # Longer queries: every pair present does not make them one run ("王伟王" in "伟王伟").
    return match & contains
