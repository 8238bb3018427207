#!/usr/bin/env python
"""Backup and restore test: the demo backed up, restored into an empty database and verified;
then the checks must catch what they are for.

- The dump and the manifest hold none of the keys.
- A restore into a database that is not empty is refused.
- In the restored database, an audit event deleted, an encrypted value replaced: verification
  (--verify-only) fails, naming the counts, the chain and the sample.
- The same backup restored with other keys (the key file lost) fails verification.

Every database and file made is removed at the end.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from smoke_deploy_common import (
    base_environment,
    check,
    create_database,
    database_url,
    drop_database,
    fresh_keys,
    load_demo,
    manage,
    run,
    step,
    throwaway_database,
)

PROD = "config.settings.prod"


def tamper(database: str) -> None:
    """What someone with the database owner's rights could do around the application."""
    with psycopg.connect(database_url(database), autocommit=True) as db:
        # Replica mode skips the append-only triggers, as the table's owner can.
        db.execute("SET session_replication_role = replica")
        db.execute("DELETE FROM audit_auditevent WHERE id = "
                   "(SELECT id FROM audit_auditevent ORDER BY id OFFSET 10 LIMIT 1)")
        db.execute("UPDATE clients_client SET phone = 'gAAAAABforgedtoken' WHERE id = "
                   "(SELECT min(id) FROM clients_client WHERE phone <> '')")


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="anxin-backup-"))
    restored = None
    other = None
    try:
        with throwaway_database("deploy_backup") as source:
            keys = fresh_keys()
            env = base_environment(source, keys)
            step("the demo on a fresh database")
            load_demo(env)

            step("backup")
            dump = directory / "anxin.dump"
            manage(env, PROD, "backup", "--output", str(dump))
            manifest = Path(str(dump) + ".manifest.json")
            check(dump.is_file() and manifest.is_file(), "the backup wrote no dump or manifest")
            sql = subprocess.run(["pg_restore", "--file=-", str(dump)], capture_output=True,
                                 check=True).stdout
            for name, key in keys.items():
                check(key.encode() not in sql, f"{name} is in the dump")
                check(key not in manifest.read_text(encoding="utf-8"),
                      f"{name} is in the manifest")
            print("    no key in the dump or the manifest", flush=True)

            step("restore into an empty database, verified")
            restored = f"deploy_restored_{source.rsplit('_', 1)[-1]}"
            create_database(restored)
            output = manage(env, PROD, "restore_backup", str(dump),
                            "--target", database_url(restored))
            check("The restored database matches its backup." in output, output)
            print("    " + "\n    ".join(line for line in output.splitlines()
                                         if line.startswith("ok")), flush=True)

            step("a second restore into it is refused")
            output = manage(env, PROD, "restore_backup", str(dump),
                            "--target", database_url(restored), expect_failure=True)
            check("not empty" in output, output)

            step("tampered with after the restore: verification fails")
            tamper(restored)
            output = manage(env, PROD, "restore_backup", str(dump), "--target",
                            database_url(restored), "--verify-only", expect_failure=True)
            for name in ("row counts", "audit chain", "encrypted sample"):
                check(f"FAIL {name}" in output, f"no failed {name} check:\n{output}")
            print("    " + "\n    ".join(line for line in output.splitlines()
                                         if line.startswith("FAIL")), flush=True)

            step("restored without the key file: verification fails")
            other = f"deploy_otherkeys_{source.rsplit('_', 1)[-1]}"
            create_database(other)
            output = manage(base_environment(source, fresh_keys()), PROD, "restore_backup",
                            str(dump), "--target", database_url(other), expect_failure=True)
            for name in ("keys", "encrypted sample", "audit chain"):
                check(f"FAIL {name}" in output, f"no failed {name} check:\n{output}")
            print("    keys, sample and chain all fail", flush=True)
    finally:
        for database in (restored, other):
            if database:
                drop_database(database)
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    run(main)
