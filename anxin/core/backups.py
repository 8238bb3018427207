"""Backups of the PostgreSQL database, and restores that prove they worked.

A backup is two files side by side: the dump (`pg_dump --format=custom`) and its manifest (JSON):
the row count of every table, the head of the audit chain, the time, the application's version
and the dump's SHA-256. Counts and head are read in the very snapshot pg_dump copies
(`pg_export_snapshot`), so they describe the dump exactly, however busy the database is.

The keys are never in either file: the database holds only ciphertext and blind indexes, and the
keys stay in the environment (.env, ANXIN_FIELD_KEYS, ANXIN_BLIND_INDEX_KEY), backed up on their
own (docs/deployment.md, "Backups"). The manifest holds a fingerprint of each key (a keyed hash
that reveals nothing of it), so that a restore can say which key is missing.

A restore goes only into an empty database, then verifies it: every count equals the manifest, a
sample of every encrypted column decrypts with the configured keys (and the blind index of the
sampled ID numbers matches them), and the audit chain walks intact up to the manifest's head.
"""

import datetime
import hashlib
import hmac
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.db import connections, transaction

FORMAT = "anxin-backup-v1"
MANIFEST_SUFFIX = ".manifest.json"
TARGET_ALIAS = "restore_target"
# Rows read per encrypted column: the first and the last by id, so that both the oldest tokens
# (under a rotated-out key, perhaps) and the newest are tried.
SAMPLE_EACH_END = 5


class BackupError(Exception):
    """The backup or restore cannot go on (wrong database, missing tool, non-empty target)."""


def manifest_path(dump: Path) -> Path:
    return dump.with_name(dump.name + MANIFEST_SUFFIX)


# --- connections --------------------------------------------------------------------------


def _require_postgresql(alias: str) -> None:
    vendor = connections[alias].vendor
    if vendor != "postgresql":
        raise BackupError(f"Backups are made with pg_dump and need PostgreSQL; the {alias!r} "
                          f"database is {vendor}.")


def _libpq_env(config: dict) -> dict:
    """The connection for pg_dump/pg_restore in libpq's variables: the password never appears
    on a command line (which every user of the host can read)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    pairs = {"PGHOST": config.get("HOST"), "PGPORT": config.get("PORT"),
             "PGUSER": config.get("USER"), "PGPASSWORD": config.get("PASSWORD"),
             "PGDATABASE": config.get("NAME")}
    # TLS and timeouts the application connects with (DATABASE_URL's options) hold for the
    # backup too: without them libpq would fall back to `sslmode=prefer`.
    options = config.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                             ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY"),
                             ("sslcrl", "PGSSLCRL"), ("connect_timeout", "PGCONNECT_TIMEOUT")):
        pairs[variable] = options.get(option)
    env.update({k: str(v) for k, v in pairs.items() if v})
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (the PostgreSQL client, e.g. "
                          f"apt-get install postgresql-client).")
    return path


def open_target(url: str) -> str:
    """A connection alias for the database at `url`, configured like the primary."""
    parsed = dj_database_url.parse(url)
    if "postgresql" not in parsed["ENGINE"]:
        raise BackupError("The restore target must be a PostgreSQL database URL.")
    config = {**connections.databases["default"], **parsed, "CONN_MAX_AGE": 0,
              "OPTIONS": parsed.get("OPTIONS") or {},
              "TEST": {"CHARSET": None, "COLLATION": None, "MIGRATE": True, "MIRROR": None,
                       "NAME": None}}
    if TARGET_ALIAS in connections.databases:
        connections[TARGET_ALIAS].close()
        del connections[TARGET_ALIAS]
    connections.databases[TARGET_ALIAS] = config
    return TARGET_ALIAS


def close_target() -> None:
    if TARGET_ALIAS in connections.databases:
        connections[TARGET_ALIAS].close()
        del connections[TARGET_ALIAS]
        del connections.databases[TARGET_ALIAS]


# --- what the manifest records ----------------------------------------------------------------


def table_counts(alias: str) -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def audit_head(alias: str) -> dict:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT count(*), max(id) FROM audit_auditevent")
        count, last_id = cursor.fetchone()
        head = ""
        if last_id is not None:
            cursor.execute("SELECT chain_hash FROM audit_auditevent WHERE id = %s", [last_id])
            head = cursor.fetchone()[0]
    return {"events": count, "last_id": last_id, "head": head}


def key_fingerprints() -> dict:
    """A short keyed hash of each key: equal when the same key is configured, and of no use in
    finding the key (HMAC under the key itself, of a fixed message)."""
    def fingerprint(key: str) -> str:
        return hmac.new(key.encode("utf-8"), b"anxin backup key fingerprint",
                        hashlib.sha256).hexdigest()[:16]

    return {
        "field_keys": [fingerprint(key) for key in settings.FIELD_ENCRYPTION_KEYS],
        "blind_index_key": fingerprint(settings.BLIND_INDEX_KEY),
        "audit_chain_key": fingerprint(settings.AUDIT_CHAIN_KEY) if settings.AUDIT_CHAIN_KEY
        else None,
    }


def app_version() -> dict:
    version = {"release": _project_version(), "commit": None}
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR,
                              capture_output=True, text=True, timeout=5, check=False)
        if done.returncode == 0:
            version["commit"] = done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass  # an installed release without its git history
    return version


def _project_version() -> str:
    import tomllib

    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, ValueError):
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- backup -----------------------------------------------------------------------------------


def create_backup(dump: Path, *, alias: str = "default") -> dict:
    """Write `dump` and its manifest; returns the manifest."""
    _require_postgresql(alias)
    pg_dump = _tool("pg_dump")
    dump = Path(dump)
    if dump.exists() or manifest_path(dump).exists():
        raise BackupError(f"{dump} or its manifest already exists; a backup never overwrites.")
    dump.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[alias]
    started = datetime.datetime.now(datetime.UTC)
    partial = dump.with_name(dump.name + ".partial")
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            # The first statement of the transaction: one snapshot for the counts, the head and
            # pg_dump, held until the dump is complete.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
        counts = table_counts(alias)
        head = audit_head(alias)
        done = subprocess.run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={partial}"],
            env=_libpq_env(connection.settings_dict), capture_output=True, text=True,
            check=False)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    # The dump holds every ciphertext, blind index and password hash: readable by its owner
    # only, whatever the umask.
    os.chmod(partial, 0o600)
    partial.rename(dump)
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(timespec="seconds"),
        "app_version": app_version(),
        "database": connection.settings_dict["NAME"],
        "server_version": server_version,
        "pg_dump": subprocess.run([pg_dump, "--version"], capture_output=True, text=True,
                                  check=False).stdout.strip(),
        "dump": {"file": dump.name, "bytes": dump.stat().st_size, "sha256": _sha256(dump)},
        "tables": counts,
        "audit": head,
        "keys": key_fingerprints(),
    }
    manifest_path(dump).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return manifest


# --- restore ----------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    def add(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append(Check(name, ok, detail))


def read_manifest(dump: Path, manifest: Path | None = None) -> dict:
    path = Path(manifest) if manifest else manifest_path(Path(dump))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"Cannot read the manifest {path}: {exc}") from exc
    if data.get("format") != FORMAT:
        raise BackupError(f"{path} is not a manifest of this application's backups.")
    return data


def user_relations(alias: str) -> list[str]:
    """Tables, views, sequences and the like outside PostgreSQL's own schemas."""
    with connections[alias].cursor() as cursor:
        cursor.execute("""
            SELECT n.nspname || '.' || c.relname FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND n.nspname NOT LIKE 'pg_temp_%%' AND n.nspname NOT LIKE 'pg_toast_temp_%%'
            ORDER BY 1 LIMIT 5""")
        return [row[0] for row in cursor.fetchall()]


def refuse_non_empty(alias: str) -> None:
    found = user_relations(alias)
    if found:
        raise BackupError(
            "The target database is not empty (it holds " + ", ".join(found) + " …); a restore "
            "goes only into a new, empty database, so that nothing already there is mixed in or "
            "lost.")


def pg_restore(dump: Path, alias: str) -> None:
    done = subprocess.run(
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
         "--single-transaction", f"--dbname={connections[alias].settings_dict['NAME']}",
         str(dump)],
        env=_libpq_env(connections[alias].settings_dict), capture_output=True, text=True,
        check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")


def restore(dump: Path, target_url: str, *, manifest: Path | None = None,
            verify_only: bool = False, progress: Callable[[str], None] = lambda _: None
            ) -> Report:
    """Restore `dump` into the empty database at `target_url` and verify it (or, with
    `verify_only`, verify a database restored before). Raises BackupError when it cannot even
    begin; otherwise the report says what held."""
    data = read_manifest(dump, manifest)
    alias = open_target(target_url)
    try:
        report = Report()
        if not verify_only:
            refuse_non_empty(alias)
            actual = _sha256(Path(dump))
            if actual != data["dump"]["sha256"]:
                report.add("dump file", False,
                           "its SHA-256 differs from the manifest's: the file was changed or cut "
                           "short")
                return report
            report.add("dump file", True, "SHA-256 as in the manifest")
            progress("Restoring …")
            pg_restore(Path(dump), alias)
        verify(alias, data, report, progress=progress)
        return report
    finally:
        close_target()


def verify(alias: str, data: dict, report: Report, *,
           progress: Callable[[str], None] = lambda _: None) -> None:
    progress("Counting rows …")
    _check_counts(alias, data["tables"], report)
    _check_keys(data.get("keys") or {}, report)
    progress("Decrypting a sample …")
    _check_encrypted_sample(alias, report)
    progress("Walking the audit chain …")
    _check_audit_chain(alias, data["audit"], report)


def _check_counts(alias: str, expected: dict[str, int], report: Report) -> None:
    actual = table_counts(alias)
    wrong = [f"{name}: {actual.get(name, 'missing')} (manifest {count})"
             for name, count in expected.items() if actual.get(name) != count]
    extra = sorted(set(actual) - set(expected))
    wrong += [f"{name}: not in the manifest" for name in extra]
    if wrong:
        report.add("row counts", False, "; ".join(wrong[:10]) + (" …" if len(wrong) > 10 else ""))
    else:
        report.add("row counts", True,
                   f"{len(expected)} tables, {sum(expected.values())} rows, as in the manifest")


def _check_keys(expected: dict, report: Report) -> None:
    # A hint, not a verdict: the sample and the chain below are the proof. A key rotated since
    # the backup is no fault as long as the old one is still configured to decrypt.
    if not expected:
        return
    current = key_fingerprints()
    missing = [fp for fp in expected.get("field_keys", []) if fp not in current["field_keys"]]
    notes = []
    if missing:
        notes.append(f"{len(missing)} field key(s) of the backup are not configured")
    if expected.get("blind_index_key") != current["blind_index_key"]:
        notes.append("ANXIN_BLIND_INDEX_KEY differs from the backup's")
    if expected.get("audit_chain_key") != current["audit_chain_key"]:
        notes.append("ANXIN_AUDIT_CHAIN_KEY differs from the backup's")
    report.add("keys", not notes, "; ".join(notes) if notes
               else "the configured keys are the backup's")


def _encrypted_columns(alias: str):
    """(model, encrypted field names) of every model whose table the database has: a backup
    older than the code lacks the tables added since (until it is migrated)."""
    from anxin.core.crypto import EncryptedJSONField, EncryptedTextField

    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields
                 if isinstance(f, EncryptedTextField | EncryptedJSONField)]
        if names and model._meta.db_table in tables:
            yield model, names


def _check_encrypted_sample(alias: str, report: Report) -> None:
    from anxin.core.crypto import UndecryptableValue

    opened = 0
    failures = []
    columns = list(_encrypted_columns(alias))
    for model, names in columns:
        rows = model._base_manager.using(alias)
        for name in names:
            # A non-empty stored value (empty text and NULL are stored in clear).
            stored = rows.exclude(**{f"{name}__isnull": True}).exclude(**{name: ""}) \
                if _is_text(model, name) else rows.exclude(**{f"{name}__isnull": True})
            ids = (list(stored.order_by("pk").values_list("pk", flat=True)[:SAMPLE_EACH_END])
                   + list(stored.order_by("-pk").values_list("pk", flat=True)[:SAMPLE_EACH_END]))
            ids = list(dict.fromkeys(ids))
            try:
                # values_list applies the field's from_db_value: the decryption.
                opened += len(list(rows.filter(pk__in=ids).values_list(name, flat=True)))
                continue
            except UndecryptableValue:
                pass
            for pk in ids:  # one row at a time, to name those that fail
                try:
                    rows.filter(pk=pk).values_list(name, flat=True).get()
                    opened += 1
                except UndecryptableValue:
                    failures.append(f"{model._meta.db_table}.{name} #{pk}")
    _check_blind_index(alias, report)
    if failures:
        report.add("encrypted sample", False,
                   f"{len(failures)} value(s) do not decrypt with the configured keys: "
                   + ", ".join(failures[:5]))
    else:
        report.add("encrypted sample", True,
                   f"{opened} values in {sum(len(n) for _, n in columns)} encrypted columns "
                   "decrypt")


def _is_text(model, name: str) -> bool:
    from anxin.core.crypto import EncryptedTextField

    return isinstance(model._meta.get_field(name), EncryptedTextField)


def _check_blind_index(alias: str, report: Report) -> None:
    # The blind-index key cannot be tested by decrypting: recompute the index of a few ID
    # numbers. A wrong key would let every search and duplicate check quietly miss. (The one
    # look upward from core: the check is of the whole database, and the ID number is the
    # clients app's.)
    from anxin.clients.models import Client
    from anxin.clients.selectors import id_number_index
    from anxin.core.crypto import UndecryptableValue

    rows = Client._base_manager.using(alias).exclude(id_number_index="")
    try:
        sample = (list(rows.order_by("pk").values_list("id_number", "id_number_index")[:10])
                  + list(rows.order_by("-pk").values_list("id_number", "id_number_index")[:10]))
    except UndecryptableValue:
        return  # the encrypted sample reports it
    if not sample:
        return
    wrong = sum(1 for plain, index in sample if id_number_index(plain) != index)
    report.add("blind index", wrong == 0,
               f"{len(sample) - wrong} of {len(sample)} sampled ID numbers have the index of "
               "the configured ANXIN_BLIND_INDEX_KEY")


def _check_audit_chain(alias: str, expected: dict, report: Report) -> None:
    from anxin.audit import chain

    events = apps.get_model("audit", "AuditEvent")._base_manager.using(alias)
    outcome = next(iter(chain.walk(events)))
    if isinstance(outcome, chain.Break):
        what = ("was altered" if outcome.kind == "altered"
                else "follows deleted events")
        report.add("audit chain", False,
                   f"event #{outcome.event_id} {what} ({outcome.checked} events before it "
                   "intact)")
        return
    same = (outcome.count == expected["events"] and outcome.last_id == expected["last_id"]
            and outcome.head == expected["head"])
    if not same:
        report.add("audit chain", False,
                   f"intact but ends at #{outcome.last_id} after {outcome.count} events, head "
                   f"{outcome.head[:12] or '-'}; the manifest's ends at #{expected['last_id']} "
                   f"after {expected['events']}, head {expected['head'][:12] or '-'}")
        return
    report.add("audit chain", True,
               f"{outcome.count} events intact, head {outcome.head[:12] or '-'} as in the "
               "manifest")
