"""The read replica is opt-in: every read goes to the primary unless a report asks otherwise,
and even then not inside a transaction or when no replica is configured."""

import json
import os
import subprocess
import sys
import threading
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.test import SimpleTestCase, TestCase

from anxin.accounts.models import Region
from anxin.core.replica import reading_from_replica, replica_requested
from config.db_router import ReplicaRouter

WITH_REPLICA = mock.patch("config.db_router.replica_configured", return_value=True)


class WithoutAReplica(TestCase):
    def test_everything_reads_and_writes_the_primary(self):
        router = ReplicaRouter()
        self.assertEqual(router.db_for_read(Region), "default")
        with reading_from_replica():
            self.assertEqual(router.db_for_read(Region), "default")
            self.assertEqual(Region.objects.all().db, "default")
            # A real query inside the block is answered (by the primary).
            self.assertGreater(Region.objects.count(), 0)
        self.assertEqual(router.db_for_write(Region), "default")


class WithAReplica(SimpleTestCase):
    def setUp(self):
        WITH_REPLICA.start()
        self.addCleanup(WITH_REPLICA.stop)
        self.router = ReplicaRouter()

    def test_reads_go_to_the_primary_unless_the_code_opts_in(self):
        self.assertEqual(self.router.db_for_read(Region), "default")
        with reading_from_replica():
            self.assertEqual(self.router.db_for_read(Region), "replica")
            self.assertEqual(Region.objects.all().db, "replica")
            # Writes never go to the replica, opted in or not.
            self.assertEqual(self.router.db_for_write(Region), "default")
        self.assertEqual(self.router.db_for_read(Region), "default")
        self.assertFalse(replica_requested())

    def test_the_opt_in_ends_with_its_block_even_on_an_error(self):
        with self.assertRaises(RuntimeError), reading_from_replica():
            raise RuntimeError
        self.assertEqual(self.router.db_for_read(Region), "default")

    def test_the_opt_in_is_the_requests_own(self):
        seen = []
        with reading_from_replica():
            thread = threading.Thread(target=lambda: seen.append(self.router.db_for_read(Region)))
            thread.start()
            thread.join()
        self.assertEqual(seen, ["default"])

    def test_the_replica_is_never_migrated(self):
        self.assertTrue(self.router.allow_migrate("default", "clients"))
        self.assertFalse(self.router.allow_migrate("replica", "clients"))


class InsideATransaction(TestCase):
    def test_a_report_run_inside_a_transaction_reads_what_it_wrote(self):
        router = ReplicaRouter()
        with WITH_REPLICA, transaction.atomic(), reading_from_replica():
            self.assertEqual(router.db_for_read(Region), "default")


class TheProductionSettings(SimpleTestCase):
    """prod.py read in a process of its own, as gunicorn reads it."""

    def read(self, **env) -> dict:
        code = ("import json, django; from django.conf import settings; django.setup(); "
                "print(json.dumps({'databases': sorted(settings.DATABASES), "
                "'mirror': settings.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'), "
                "'engine': settings.SESSION_ENGINE, 'alias': settings.SESSION_CACHE_ALIAS, "
                "'caches': {k: v['BACKEND'] for k, v in settings.CACHES.items()}, "
                "'static': settings.STORAGES['staticfiles']['BACKEND'], "
                "'routers': settings.DATABASE_ROUTERS}))")
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod",
                       "DJANGO_SECRET_KEY": "x" * 50, "ANXIN_FIELD_KEYS":
                       settings.FIELD_ENCRYPTION_KEYS[0], "ANXIN_BLIND_INDEX_KEY": "k" * 64,
                       "DATABASE_URL": "postgres://app@127.0.0.1:5432/anxin"}
        environment.pop("ANXIN_REPLICA_DATABASE_URL", None)
        environment.update(env)
        done = subprocess.run([sys.executable, "-c", code], env=environment, cwd=settings.BASE_DIR,
                              capture_output=True, text=True, timeout=60, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    def test_sessions_live_in_redis_on_their_own_alias_and_the_replica_is_optional(self):
        plain = self.read()
        self.assertEqual(plain["databases"], ["default"])
        self.assertEqual(plain["engine"], "django.contrib.sessions.backends.cache")
        self.assertEqual(plain["alias"], "sessions")
        self.assertEqual(plain["caches"]["sessions"],
                         "django.core.cache.backends.redis.RedisCache")
        self.assertEqual(plain["static"],
                         "whitenoise.storage.CompressedManifestStaticFilesStorage")
        self.assertEqual(plain["routers"], ["config.db_router.ReplicaRouter"])
        replica = self.read(ANXIN_REPLICA_DATABASE_URL="postgres://ro@10.0.0.2:5432/anxin")
        self.assertEqual(replica["databases"], ["default", "replica"])
        self.assertEqual(replica["mirror"], "default")
