"""Database routing: everything on the primary, except reads a caller sends to the replica.

See anxin/core/replica.py for the opt-in. Writes, migrations and every read outside
`reading_from_replica()` use "default", so read-after-write holds without anyone thinking of it.
"""

from django.db import connections

from anxin.core.replica import REPLICA, replica_configured, replica_requested


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not (replica_requested() and replica_configured()):
            return "default"
        # Inside a transaction on the primary, what it wrote is visible only there: a report
        # run within one reads the primary too.
        if connections["default"].in_atomic_block:
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: a row read from either may refer to the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the schema through replication; migrating it would fail (it is
        # read only) and is never needed.
        return db != REPLICA
