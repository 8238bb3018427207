"""Support for TransactionTestCase (and LiveServerTestCase) on a database with an audit trail.

Such tests commit their data, so Django empties every table afterwards. On SQLite the flush is a
row-by-row DELETE, which the append-only triggers on the audit table refuse; PostgreSQL flushes
with TRUNCATE, which row triggers do not see.
"""

from django.db import connections

from anxin.audit.db import install_guards, remove_guards


class AuditGuardFlushMixin:
    """Lift the audit table's triggers only for the flush after each test, then put them back.

    Put it before TransactionTestCase in the bases. `serialized_rollback` restores the rows that
    migrations load (the bundled regions), which the flush removes too.
    """

    serialized_rollback = True

    def _fixture_teardown(self):
        lifted = [connections[alias] for alias in self._databases_names(include_mirrors=False)
                  if connections[alias].vendor == "sqlite"]
        for connection in lifted:
            remove_guards(connection)
        try:
            super()._fixture_teardown()
        finally:
            for connection in lifted:
                install_guards(connection)
