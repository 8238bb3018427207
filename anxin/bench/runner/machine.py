"""What a result was measured on: the machine, the code and the size of the data."""

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

# The main tables, counted for the scale of a result; a table an older schema lacks is skipped.
MAIN_TABLES = [
    "accounts_organization", "accounts_user", "clients_client", "clients_contact",
    "cases_case", "cases_serviceplan", "cases_servicerecord", "cases_stagechange",
    "cases_referral", "instruments_instrumentresponse", "safety_alert", "visits_homevisit",
    "notifications_notification", "audit_auditevent",
]


def memory_bytes() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def git_commit(directory: Path) -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=directory, capture_output=True,
                              text=True, timeout=10)
    except OSError:
        return None
    return done.stdout.strip() or None


def git_dirty(directory: Path) -> bool | None:
    try:
        done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                              cwd=directory, capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    return bool(done.stdout.strip()) if done.returncode == 0 else None


def facts(connection, source: Path) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round((memory_bytes() or 0) / 2**30, 1),
        "cpu": _cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg_version,
        "commit": git_commit(source),
        "uncommitted_changes": git_dirty(source),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        # Other work on the machine shows in the figures; the load when measuring began says
        # how quiet it was.
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def scale(connection) -> dict:
    """Exact row counts of the main tables and the database's size on disk."""
    rows = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        present = {name for (name,) in cursor.fetchall()}
        for table in MAIN_TABLES:
            if table in present:
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                rows[table] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    return {"rows": rows, "database_bytes": size,
            "database_size": f"{size / 2**30:.2f} GB" if size >= 2**30
            else f"{size / 2**20:.0f} MB"}
