"""Support for TransactionTestCase (and LiveServerTestCase) on a database with an audit trail.

Such tests commit their data, so Django empties every table afterwards. On SQLite the flush is a
row-by-row DELETE, which the append-only triggers on the audit table refuse; PostgreSQL flushes
with TRUNCATE, which row triggers do not see.
"""

from django.db import connections

from anxin.audit.db import install_guards, remove_guards


class AuditGuardFlushMixin:
    """Lift the audit table's triggers only for the flush after each test, then put them back.

    Put it before TransactionTestCase in the bases. The flush also empties the regions that a
    migration loads, so they are loaded again before each test. (`serialized_rollback` would
    restore them too, but collides with the content types that post_migrate recreates after
    another class's flush.)
    """

    @classmethod
    def _fixture_setup(cls):
        super()._fixture_setup()
        from anxin.accounts.models import Region
        from anxin.accounts.regions import load_regions

        load_regions(Region)

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
