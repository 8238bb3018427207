"""The production-like server the benchmark measures: gunicorn as deployed
(config/gunicorn.conf.py, with as many workers as it starts on this machine) and the bench
settings (config/settings/bench.py), on a free port of 127.0.0.1 only, serving the project or
another checkout of it; and the in-process probe run inside the same code."""

import functools
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

SETTINGS_MODULE = "anxin_bench_settings"
WORKERS = 2  # for a checkout from before config/gunicorn.conf.py


def project_dir() -> Path:
    return Path(settings.BASE_DIR)


def dotenv(path: Path) -> dict:
    """KEY=VALUE lines of the project's .env: the keys that decrypt the bench data, which
    another checkout (--source) does not have."""
    values = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, _, value = line.partition("=")
                values[key.strip()] = value.strip()
    return values


class BenchCode:
    """The code under measurement and the environment it runs in. The bench settings are copied
    under a top-level name beside it, so that a checkout older than them is served with the same
    settings."""

    def __init__(self, source: Path, database_url: str):
        self.source = Path(source).resolve()
        self.database_url = database_url
        self.settings_dir = Path(tempfile.mkdtemp(prefix="anxin-bench-"))
        shutil.copy(project_dir() / "config" / "settings" / "bench.py",
                    self.settings_dir / f"{SETTINGS_MODULE}.py")

    @staticmethod
    def base_env() -> dict:
        return {**dotenv(project_dir() / ".env"), **os.environ}

    def env(self) -> dict:
        env = self.base_env()
        env.update(DATABASE_URL=self.database_url, DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
                   PYTHONPATH=os.pathsep.join([str(self.settings_dir), str(self.source)]),
                   ANXIN_SERVER_TIMING="1", PYTHONDONTWRITEBYTECODE="1",
                   ANXIN_STATIC_ROOT=str(self._static_root))
        return env

    @functools.cached_property
    def _static_root(self) -> Path:
        """Collected once per state of the static files: collecting and compressing them takes
        half a minute, and a release does it once too. The key covers every file under the
        code's static directories and the packaged assets (Bootstrap)."""
        import hashlib

        import xstatic.pkg.bootstrap

        digest = hashlib.sha256(str(self.source).encode())
        roots = [*sorted(self.source.glob("anxin/**/static")),
                 Path(xstatic.pkg.bootstrap.BASE_DIR)]
        for root in roots:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        return Path(tempfile.gettempdir()) / "anxin-bench-static" / digest.hexdigest()[:16]

    def migrate(self):
        """The bench database at the schema of the code served (a newer schema already applied
        stays: migrations only go forward)."""
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                       cwd=self.source, env=self.env(), check=True, timeout=6 * 3600)

    def compile_translations(self):
        """A fresh checkout has only the .po catalogue; without its compiled form the pages
        would be served in English, doing less work than a release in Chinese does."""
        if not list(self.source.glob("locale/*/LC_MESSAGES/django.po")):
            return
        if all(po.with_suffix(".mo").exists()
               for po in self.source.glob("locale/*/LC_MESSAGES/*.po")):
            return
        subprocess.run([sys.executable, "manage.py", "compiletranslations"], cwd=self.source,
                       env=self.env(), check=True, timeout=600, stdout=subprocess.DEVNULL)

    def collectstatic(self):
        """Hashed static files, as a release collects them: the pages name them by their
        manifest."""
        if (self._static_root / "staticfiles.json").exists():
            return
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                       cwd=self.source, env=self.env(), check=True, timeout=600)

    def probe(self) -> dict:
        script = Path(__file__).with_name("probe.py")
        done = subprocess.run([sys.executable, str(script)], cwd=self.source, env=self.env(),
                              capture_output=True, text=True, timeout=1800)
        if done.returncode != 0:
            raise RuntimeError(f"The probe failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def cleanup(self):
        shutil.rmtree(self.settings_dir, ignore_errors=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn, started and stopped by this process (it ends only the process it started)."""

    def __init__(self, code: BenchCode, workers: int | None = None):
        self.code = code
        self.config = code.source / "config" / "gunicorn.conf.py"
        if not self.config.exists():  # an older checkout, from before the deployment's file
            self.config = None
        self.workers = workers or self.deployed_workers()
        self.port = None
        self.process = None
        self.log_path = code.settings_dir / "gunicorn.log"

    def deployed_workers(self) -> int:
        """As many workers as the deployment's gunicorn.conf.py starts on this machine."""
        if self.config is None:
            return WORKERS
        import runpy

        return int(runpy.run_path(str(self.config))["workers"])

    def start(self, timeout: float = 60):
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        # The deployment's own configuration (preloading, keep-alive, recycling), with the
        # address, the worker count and the logs the benchmark needs on top.
        config = ["--config", str(self.config)] if self.config else []
        self.process = subprocess.Popen(
            [str(gunicorn), *config, "config.wsgi:application", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--chdir", str(self.code.source),
             "--timeout", "120", "--graceful-timeout", "5", "--error-logfile",
             str(self.log_path)],
            cwd=self.code.source, env=self.code.env(), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/accounts/login/")
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
