"""manage.py bench: the benchmark suite on PostgreSQL (docs/benchmarks.md)."""

import json
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from anxin.bench.runner import floors, load, machine, report
from anxin.bench.runner.probe import PAGES
from anxin.bench.runner.serve import BenchCode, Server, project_dir
from anxin.bench.runner.stats import ratio

DEFAULT_PASSWORD = "Bench-Password-2026"
# What a stored result shows instead of the values typed into a search.
SHOWN_VALUES = {"q_name": "q=<name>", "q_id": "q=<ID number>", "q_phone": "q=<phone>"}


class Command(BaseCommand):
    help = ("Measure every main page and endpoint on a warm gunicorn with production settings "
            "against a PostgreSQL bench database: server and client time, queries, the raw-SQL "
            "floor, and a concurrency run. Writes bench/results/<clients>-<label>.json.")

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=10_000,
                            help="The scale; a bench database with fewer clients is generated "
                                 "again with generate_province.")
        parser.add_argument("--database-url", default=None,
                            help="Default postgres://postgres@127.0.0.1:5432/anxin_bench_<N>.")
        parser.add_argument("--requests", type=int, default=100,
                            help="Timed requests per page, after the warm-up.")
        parser.add_argument("--concurrency-users", type=int, default=20)
        parser.add_argument("--web-workers", type=int, default=None,
                            help="gunicorn workers; default: as many as the deployment's "
                                 "config/gunicorn.conf.py starts on this machine.")
        parser.add_argument("--concurrency-seconds", type=float, default=60,
                            help="0 skips the concurrency run.")
        parser.add_argument("--label", default="current",
                            help="Names the result, e.g. before or after.")
        parser.add_argument("--source", default=None,
                            help="A checkout of the application to serve (default: this one).")
        parser.add_argument("--source-commit", default=None,
                            help="The commit of --source when it is no git checkout.")
        parser.add_argument("--password", default=DEFAULT_PASSWORD,
                            help="The accounts' password when generating the province.")
        parser.add_argument("--write-docs", action="store_true",
                            help="Render docs/benchmarks.md from every stored result.")
        parser.add_argument("--docs-only", action="store_true",
                            help="Only render docs/benchmarks.md; measure nothing.")

    def handle(self, *args, **options):
        if options["docs_only"]:
            self.write_docs()
            return
        clients = options["clients"]
        url = options["database_url"] or f"postgres://postgres@127.0.0.1:5432/anxin_bench_{clients}"
        if not urlparse(url).scheme.startswith("postgres"):
            raise CommandError("The benchmarks run on PostgreSQL only: SQLite has neither the "
                               "planner nor the concurrency being measured. Give a "
                               "postgres:// --database-url (or none, for anxin_bench_<N>).")
        if options["requests"] < 1:
            raise CommandError("--requests must be at least 1.")
        if "/" in options["label"] or not options["label"].strip():
            raise CommandError("--label must be a plain name, such as before or after.")
        source = Path(options["source"] or project_dir()).resolve()
        if not (source / "manage.py").exists():
            raise CommandError(f"{source} is no checkout of the application (no manage.py).")

        self.ensure_province(url, clients, options["password"])
        code = BenchCode(source, url)
        try:
            result = self.measure(code, url, options)
        finally:
            code.cleanup()
        result["clients"] = clients
        directory = project_dir() / "bench" / "results"
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{clients}-{options['label']}.json"
        path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"Results in {path.relative_to(project_dir())}.")
        self.summarise(result)
        if options["write_docs"]:
            self.write_docs()

    # The province

    def ensure_province(self, url: str, clients: int, password: str):
        import psycopg

        name = urlparse(url).path.lstrip("/")
        present = self.client_count(url)
        if present is not None and present >= clients:
            self.stdout.write(f"{name}: {present:,} clients, enough for {clients:,}.")
            return
        if not name.startswith("anxin_bench_"):
            raise CommandError(f"{name} has {present or 0:,} clients, fewer than {clients:,}; "
                               f"only a database named anxin_bench_* is (re)built by the bench.")
        admin_url = urlparse(url)._replace(path="/template1").geturl()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            if present is not None or self.exists(connection, name):
                self.stdout.write(f"{name}: {present or 0:,} clients; building it again.")
                connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        env = {**BenchCode.base_env(), "DATABASE_URL": url,
               "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=project_dir(), env=env,
                       check=True)
        subprocess.run([*manage, "generate_province", "--clients", str(clients),
                        "--password", password], cwd=project_dir(), env=env, check=True)

    @staticmethod
    def exists(connection, name: str) -> bool:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  [name]).fetchone() is not None

    @staticmethod
    def client_count(url: str) -> int | None:
        """The clients in the bench database; None when it or its tables do not exist."""
        import psycopg

        try:
            with psycopg.connect(url) as connection:
                row = connection.execute("SELECT to_regclass('clients_client')").fetchone()
                if row[0] is None:
                    return 0
                return connection.execute("SELECT count(*) FROM clients_client").fetchone()[0]
        except psycopg.OperationalError:
            return None

    # The measurement

    def measure(self, code: BenchCode, url: str, options: dict) -> dict:
        import psycopg

        self.stdout.write("Migrating, collecting static files, counting queries in-process…")
        code.migrate()
        code.compile_translations()
        code.collectstatic()
        probe = code.probe()
        pages = probe["pages"]
        users = ", ".join(f"{role} {u['username']}" for role, u in probe["users"].items())
        self.stdout.write(f"Organisation {probe['organization']['id']} "
                          f"({probe['organization']['clients']:,} clients); {users}.")

        runs = options["requests"]
        with psycopg.connect(url, autocommit=True) as connection:
            facts = machine.facts(connection, code.source)
            if options["source_commit"]:
                facts["commit"] = options["source_commit"]
            scale = machine.scale(connection)
            for page in pages:
                page["floor_time"] = load.time_floor(connection, floors.FLOORS[page["floor"]],
                                                     page["floor_params"], runs)

        identity = load.Identity(probe["sessions"], probe["token"], settings.SESSION_COOKIE_NAME)
        concurrency = None
        with Server(code, workers=options["web_workers"]) as server:
            self.stdout.write(f"gunicorn on 127.0.0.1:{server.port}; warming up…")
            load.warm(server.port, pages, identity)
            for page in pages:
                page.update(load.measure_page(server.port, page, identity, runs))
                page["ratio"] = ratio(page["server"]["p50"], page["floor_time"]["p50"])
                self.stdout.write(f"  {page['name']:<20} server p50 {page['server']['p50']} "
                                  f"p95 {page['server']['p95']} ms, floor "
                                  f"{page['floor_time']['p50']} ms, {page['queries']} queries")
            if options["concurrency_seconds"] > 0 and options["concurrency_users"] > 0:
                self.stdout.write(f"{options['concurrency_users']} users for "
                                  f"{options['concurrency_seconds']:.0f} s…")
                concurrency = load.concurrency(server.port, pages, identity,
                                               options["concurrency_users"],
                                               options["concurrency_seconds"])
        templates = {name: path for name, _role, path, *_rest in PAGES}
        for page in pages:
            page["path"] = templates[page["name"]].format_map(
                _Shown(client=page["floor_params"]["client"], case=page["floor_params"]["case"]))
            del page["floor_params"]
        return {
            "label": options["label"],
            "command": "manage.py bench " + shlex.join(sys.argv[2:]),
            "database": urlparse(url).path.lstrip("/"),
            "source": "this checkout" if code.source == project_dir() else str(code.source),
            "settings": {"requests": runs, "gunicorn_workers": server.workers,
                         "settings": "config/settings/bench.py"},
            "machine": facts, "scale": scale,
            "identities": {"organization": probe["organization"], "users": probe["users"]},
            "pages": pages, "concurrency": concurrency,
        }

    def summarise(self, result: dict):
        for page in result["pages"]:
            verdict = report.page_verdicts(page)
            if verdict["p95"] is False or verdict["floor"] is False:
                self.stdout.write(f"  not met: {page['name']} (p95 {page['server']['p95']} ms, "
                                  f"ratio {page['ratio']})")
        run = result.get("concurrency")
        if run:
            self.stdout.write(f"Concurrency: {run['requests_per_second']} requests/s, p95 "
                              f"{run['client']['p95']} ms, {run['error_count']} errors.")

    def write_docs(self):
        results = report.load_results(project_dir() / "bench" / "results")
        generator = project_dir() / "docs" / "benchmarks-generator.md"
        text = report.render(results, generator.read_text(encoding="utf-8")
                             if generator.exists() else None)
        (project_dir() / "docs" / "benchmarks.md").write_text(text, encoding="utf-8")
        self.stdout.write(f"docs/benchmarks.md from {len(results)} results.")


class _Shown(dict):
    """Fills a page's path for the record: ids as they are, searched values as placeholders."""

    def __missing__(self, key):
        return SHOWN_VALUES.get(key, f"<{key}>")
