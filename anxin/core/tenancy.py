"""Every row of an organisation's data names its organisation itself.

A province is sharded by organisation (Citus, `organization_id` the distribution column,
docs/deployment.md). A row reached only through its parent (a plan row through its plan, the
plan through its case) cannot be placed on its organisation's shard, and a query that does not
name the organisation must ask every shard. So each such table carries `organization_id`, and it
must always be its parent's: a row on one shard pointing at a parent on another would be a
broken reference there.

`OrganizationOwned` holds the column and that invariant. `save()` takes the organisation from
the parent when none is given and refuses a row whose organisation is not its parent's.
`bulk_create` and queryset updates bypass `save()`: whoever bulk-creates sets `organization`
explicitly (the test `core/tests/test_tenancy.py` names every table that must have the column).

`adding_organization()` gives the migration steps that add the column to a table already full
of rows: nullable, filled from the parent in one set-based UPDATE, then NOT NULL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationOwned(models.Model):
    """A row of one organisation's data, whose organisation is its parent's.

    `organization_parent` names the foreign key(s) the organisation is inherited from; several
    names when a row has one parent among several (a review is of a plan or of a closing form),
    none when the row has no parent (a signature, stored before the form that uses it) and the
    creator must name the organisation."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT,
                                     related_name="+", editable=False,
                                     verbose_name=_("organisation"))

    organization_parent: str | tuple[str, ...] | None = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.inherit_organization()
        super().save(*args, **kwargs)

    def inherit_organization(self) -> None:
        """Fill the organisation from the parent, or raise ValueError if it differs from it."""
        parent_organization_id = self.parent_organization_id()
        if self.organization_id is None:
            if parent_organization_id is None:
                raise ValueError(f"{type(self).__name__} needs its organisation: it has no "
                                 f"parent to take it from.")
            self.organization_id = parent_organization_id
        elif parent_organization_id is not None and parent_organization_id != self.organization_id:
            raise ValueError(
                f"{type(self).__name__} of organisation {self.organization_id} refused: its "
                f"parent belongs to organisation {parent_organization_id}.")

    def parent_organization_id(self) -> int | None:
        """The parent's organisation: from the parent already loaded, else (for a new row) by
        one query of its key. A saved row whose parent is not loaded is not looked up again, so
        an edit costs no query: the parent was checked when the row was created."""
        names = self.organization_parent
        if names is None:
            return None
        for name in (names,) if isinstance(names, str) else names:
            field = self._meta.get_field(name)
            parent_id = getattr(self, field.attname)
            if parent_id is None:
                continue
            if field.is_cached(self):
                parent = field.get_cached_value(self)
                if parent is not None:
                    return parent.organization_id
            if not self._state.adding:
                return None
            return (field.related_model._base_manager.filter(pk=parent_id)
                    .values_list("organization_id", flat=True).first())
        return None


def adding_organization(model_name: str, table: str, parent_sql: str, *,
                        index: tuple[str, ...] | None = None, index_name: str = ""):
    """The migration operations that give `table` an `organization_id` filled from its parent.

    `parent_sql` is a scalar subquery on `table`'s row giving its organisation, e.g.
    `SELECT p.organization_id FROM cases_case p WHERE p.id = cases_plan.case_id`. The column is
    added nullable, filled in one UPDATE (portable: SQLite and PostgreSQL), then made NOT NULL;
    `index`, led by organization, is added for the lists that filter by it. Reversible: going
    back drops the index and the column."""
    from django.db import migrations

    def fill(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET organization_id = ({parent_sql}) "
                           f"WHERE organization_id IS NULL")
            if schema_editor.connection.vendor == "postgresql":
                # The new foreign key is deferred; its checks of the rows just written must run
                # now, or PostgreSQL refuses the ALTER TABLE that makes the column NOT NULL.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def field(null: bool):
        return models.ForeignKey(null=null, editable=False, on_delete=models.PROTECT,
                                 related_name="+", to="accounts.organization",
                                 verbose_name="organisation")

    operations = [
        migrations.AddField(model_name=model_name, name="organization", field=field(True)),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(model_name=model_name, name="organization", field=field(False)),
    ]
    if index:
        operations.append(migrations.AddIndex(
            model_name=model_name, index=models.Index(fields=list(index), name=index_name)))
    return operations
