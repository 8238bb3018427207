"""The audit trail as a hash chain: each event seals its content and the previous event's seal.

The append-only triggers (audit/db.py) stop the application, but not whoever owns the table: the
owner can disable or drop a trigger, or TRUNCATE. The chain makes such a change evident
afterwards: `manage.py verify_audit` recomputes every seal in id order and names the first event
that was altered (its seal no longer matches its content) or that follows a deleted one (its
`previous_hash` is not the seal of the event before it).

Seals are HMAC-SHA256 under a key kept outside the database (settings.AUDIT_CHAIN_KEY), not bare
SHA-256: with a bare hash, whoever can rewrite a row can also recompute every later seal, and the
chain would prove nothing against the very attacker it is for. Without the key, a forged or
edited event cannot be given a valid seal. (Deleting the newest events is not visible in the chain
itself; keep the head that verify_audit prints somewhere else to detect that.)

The chain is well-defined under concurrency because an event is sealed inside the transaction that
inserts it, holding a lock that the next writer must wait for until this one commits:
PostgreSQL's transaction-scoped advisory lock; SQLite lets one writer at a time anyway. The lock
is held to the end of the inserting transaction, so audited transactions commit one after the
other from their first record() on.
"""

import datetime
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import ExpressionWrapper, F, TextField

from anxin.core import crypto

TABLE = "audit_auditevent"

# The fields a seal covers, in this order. The id is left out on purpose: it is only known after
# the INSERT, and the order of the events is already sealed by the previous-hash links.
SEALED_FIELDS = ("occurred_at", "actor_id", "actor_label", "organization_id", "action",
                 "target_type", "target_id", "client_id", "ip", "request_id", "reason", "data",
                 "previous_hash")
FORMAT = "anxin-audit-v1"
# Encrypted at rest (ADR 0015). They are sealed as plain values, so that re-encrypting them under
# a rotated key leaves every seal valid; walk() decrypts them itself, so that a row tampered with
# around the application (plain text where a token belongs) is reported, not a crash.
ENCRYPTED_FIELDS = {"reason": "text", "data": "json"}

# Any constant will do; it names the lock that serialises appends to the chain (PostgreSQL).
_LOCK_ID = 0x616E78696E5F6175  # "anxin_au"


def _key() -> bytes:
    """AUDIT_CHAIN_KEY if set; otherwise a key derived from the blind-index key, which is also a
    secret outside the database that may never change. The derivation keeps the two uses apart,
    so no seal can ever equal a blind index."""
    key = getattr(settings, "AUDIT_CHAIN_KEY", "")
    if key:
        return key.encode("utf-8")
    base = settings.BLIND_INDEX_KEY
    if not base:
        raise ImproperlyConfigured(
            "AUDIT_CHAIN_KEY (ANXIN_AUDIT_CHAIN_KEY) or BLIND_INDEX_KEY must be set.")
    return hmac.new(base.encode("utf-8"), b"anxin audit chain", hashlib.sha256).digest()


def _canonical_ip(value) -> str | None:
    # The database may spell an address differently from the request (PostgreSQL's inet).
    if not value:
        return None
    try:
        return ipaddress.ip_address(value).compressed
    except ValueError:
        return str(value)


def _canonical_data(value):
    # As stored and read back: tuples become lists, keys become strings (the JSON round trip);
    # and a whole float is an integer, since PostgreSQL's jsonb may give 1e16 back as one.
    return _whole_floats(json.loads(json.dumps(value if value is not None else {})))


def _whole_floats(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_whole_floats(item) for item in value]
    if isinstance(value, dict):
        return {key: _whole_floats(item) for key, item in value.items()}
    return value


def _canonical_time(value) -> str:
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def seal(values: dict) -> str:
    """The seal of one event, given its SEALED_FIELDS (and nothing else is read)."""
    content = [FORMAT]
    for name in SEALED_FIELDS:
        value = values[name]
        if name == "occurred_at":
            value = _canonical_time(value)
        elif name == "ip":
            value = _canonical_ip(value)
        elif name == "data":
            value = _canonical_data(value)
        elif value is not None and name in ("actor_id", "organization_id", "client_id"):
            value = int(value)
        elif value is not None:
            value = str(value)  # as the database stores it (a lazy translation, say)
        content.append(value)
    message = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(_key(), message.encode("utf-8"), hashlib.sha256).hexdigest()


def lock_and_read_head(connection) -> str:
    """Take the chain's lock for the rest of the transaction and return the newest seal ("" for
    the first event). One indexed read (the primary key, backwards) besides the lock."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        # SQLite has one writer at a time, and the project opens its transactions with BEGIN
        # IMMEDIATE (settings, DATABASES OPTIONS): the transaction already holds the write lock
        # here, so nobody can append between this read and the INSERT.
        cursor.execute(f"SELECT chain_hash FROM {TABLE} ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return row[0] if row else ""


def _open(value, kind: str):
    if value is None or (value == "" and kind == "text"):
        return value
    plain = crypto.decrypt(value)
    return json.loads(plain) if kind == "json" else plain


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold."""

    event_id: int
    kind: str  # "altered": the seal does not match the content; "missing": events were removed
    checked: int  # events found intact before this one


@dataclass(frozen=True)
class Intact:
    count: int
    last_id: int | None
    head: str


def walk(events, *, chunk_size: int = 2000) -> Iterator[Break | Intact]:
    """Walk `events` (the AuditEvent manager) in id order, streaming. Yields the first Break, or
    Intact with the head of the chain if there is none."""
    previous = ""
    count = 0
    last_id = None
    # The encrypted columns are read as stored (a plain TextField does not decrypt) and opened
    # here, one row at a time.
    stored = {f"stored_{name}": ExpressionWrapper(F(name), output_field=TextField())
              for name in ENCRYPTED_FIELDS}
    plain_fields = [name for name in SEALED_FIELDS if name not in ENCRYPTED_FIELDS]
    rows = events.order_by("id").annotate(**stored).values("id", "chain_hash", *plain_fields,
                                                           *stored)
    for row in rows.iterator(chunk_size=chunk_size):
        try:
            for name, kind in ENCRYPTED_FIELDS.items():
                row[name] = _open(row.pop(f"stored_{name}"), kind)
        except (crypto.UndecryptableValue, ValueError):
            yield Break(row["id"], "altered", count)
            return
        if not hmac.compare_digest(seal(row), row["chain_hash"] or ""):
            yield Break(row["id"], "altered", count)
            return
        if row["previous_hash"] != previous:
            yield Break(row["id"], "missing", count)
            return
        previous = row["chain_hash"]
        last_id = row["id"]
        count += 1
    yield Intact(count, last_id, previous)
