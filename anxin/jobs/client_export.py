"""The client list as CSV, as a job: the same columns, filters, visibility and audit event as
the list the person saw when they pressed "export"."""

import io
from types import SimpleNamespace

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from anxin.core.exports import csv_writer

from . import engine, files, keyset

CHUNK = 500  # rows read from the database at a time


def clients_for(user, query: str):
    """The clients the list shows `user` for the filters in `query` (its query string).

    The list view's own filtering is used, so the export cannot drift from what the list
    shows; it only reads the query string and the user from the request it is handed.
    """
    from anxin.clients.views import _filtered_clients

    _form, clients = _filtered_clients(SimpleNamespace(GET=QueryDict(query), user=user))
    return clients


def header() -> list[str]:
    return [_("File number"), _("Name"), _("Sex"), _("Birth date"), _("ID number"),
            _("District"), _("Street"), _("Population categories"), _("Registered at")]


def row(client) -> list[str]:
    return [
        client.file_number, client.name, client.get_sex_display(),
        client.birth_date.isoformat(), client.masked_id_number,
        client.district.name if client.district else "",
        client.street.name if client.street else "",
        "、".join(client.get_population_categories_display()),
        timezone.localtime(client.created_at).strftime("%Y-%m-%d %H:%M"),
    ]


def run(job, progress: engine.Progress) -> None:
    from anxin.clients import actions

    user = job.requested_by
    query = job.parameters.get("query", "")
    clients = clients_for(user, query)
    progress.total(clients.count())
    out = files.EncryptedWriter()
    out.write("\ufeff")  # Excel needs the BOM to read UTF-8 Chinese.
    buffer = io.StringIO()
    writer = csv_writer(buffer)  # a client named "=HYPERLINK(…)" stays text
    writer.writerow(header())
    count = 0
    for client in keyset.chunks(clients, CHUNK):
        writer.writerow(row(client))
        count += 1
        progress.advance()
        if buffer.tell() >= files.PIECE:
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue())
    stored = out.save("client-export")
    stamp = timezone.localdate().isoformat()
    engine.deliver(
        job, stored=stored, result_name=f"clients-{stamp}.csv",
        message=ngettext("%(count)d client exported.", "%(count)d clients exported.", count)
        % {"count": count},
        audit=lambda: actions.record_client_export(acting_user=user, count=count, query=query,
                                                   fmt="csv"))
