"""What the deployment smoke tests share: a throwaway PostgreSQL database with the demo in it,
fresh keys, and `manage.py` run as a deployment runs it.

Every run makes its own database (deploy_smoke_<pid>…) and keys, and removes them at the end,
whatever happens; nothing of a developer's .env or database is used.
"""

import base64
import os
import secrets
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# The PostgreSQL server (its maintenance database is only used to create and drop ours).
SERVER = os.environ.get("SMOKE_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


def step(text: str) -> None:
    print(f"--- {text}", flush=True)


class SmokeFailure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def fresh_keys() -> dict[str, str]:
    return {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "ANXIN_FIELD_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "ANXIN_BLIND_INDEX_KEY": secrets.token_hex(32),
    }


def database_url(name: str) -> str:
    return f"{SERVER}/{name}"


def _admin():
    return psycopg.connect(database_url("postgres"), autocommit=True)


def create_database(name: str) -> None:
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # template0 takes no connections, so nobody connected to template1 can make it fail.
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')


def drop_database(name: str) -> None:
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def throwaway_database(prefix: str):
    name = f"{prefix}_{os.getpid()}"
    create_database(name)
    try:
        yield name
    finally:
        drop_database(name)


def base_environment(database: str, keys: dict[str, str], **extra: str) -> dict[str, str]:
    """The process environment of a deployment: ours, without anything a developer's shell or
    .env might add (the variables set here win over .env, which never overrides)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ANXIN_", "DJANGO_")) and k != "DATABASE_URL"}
    env.update(keys)
    env["DATABASE_URL"] = database_url(database)
    env.update(extra)
    return env


def manage(env: dict[str, str], settings: str, *args: str, expect_failure: bool = False) -> str:
    started = time.monotonic()
    done = subprocess.run([PYTHON, "manage.py", *args, f"--settings={settings}"], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    took = time.monotonic() - started
    if expect_failure:
        check(done.returncode != 0,
              f"manage.py {' '.join(args)} should have failed but succeeded:\n{output}")
    elif done.returncode != 0:
        raise SmokeFailure(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{output}")
    print(f"    manage.py {' '.join(args)} ({settings.rsplit('.', 1)[-1]}) {took:.1f} s",
          flush=True)
    return output


def load_demo(env: dict[str, str], *, check_refusal: bool = False) -> None:
    """Migrate as a production upgrade does, then load the demo with development settings:
    production settings refuse demo data (checked with `check_refusal`)."""
    manage(env, "config.settings.prod", "migrate", "--noinput", "-v0")
    if check_refusal:
        refused = manage(env, "config.settings.prod", "load_demo", expect_failure=True)
        check("refusing to load it into a production deployment" in refused,
              f"load_demo under production settings failed for another reason:\n{refused}")
    manage(env, "config.settings.dev", "load_demo")


def run(main) -> None:
    started = time.monotonic()
    try:
        main()
    except SmokeFailure as failure:
        print(f"FAILED: {failure}", file=sys.stderr, flush=True)
        sys.exit(1)
    print(f"--- passed in {time.monotonic() - started:.0f} s", flush=True)
