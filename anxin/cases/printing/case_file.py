"""The whole case file as one PDF (整案打印), made by a background job.

A long case holds dozens of forms — a service record for every session — and laying each out
takes a noticeable moment: too long for a request. The job lays out every form of the case in
the order of the standard's appendices (A–G), each exactly as it prints alone (its own page
numbers, signatures and footer), and binds them behind a catalogue that says on which page of
the file each begins. One audit event names the case and how many forms were printed.
"""

import base64
import re

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from anxin.core.exceptions import NotPermitted, NotVisible
from anxin.jobs import engine, files

from ..models import Case
from .documents import FORMS, PrintedForm
from .render import render_document, render_html_document

PIECE = 48 * 1024  # bytes of PDF per stored piece (base64 makes them 64 KiB of text)


class EngineForm:
    """A document of one of the engine's kinds in the case file (documents/printing.py lays
    it out), bound after A–G in the order the documents were begun."""

    code = "engine"
    appendix = ""

    def __init__(self, title: str):
        self.title = title


def documents_of(case: Case) -> list[tuple[PrintedForm, object]]:
    """Every printable form of the case: by appendix (A–G), then in the order they were made
    (episodes, plan versions and sessions in turn); then the engine's documents."""
    from anxin.documents.models import Document

    found = []
    for form in FORMS.values():
        rows = (form.model.objects.select_related(*form.related)
                .filter(organization_id=case.organization_id, case=case).order_by("pk"))
        found.extend((form, row) for row in rows)
    for document in (Document.objects.filter(organization_id=case.organization_id, case=case)
                     .select_related("case__client", "case__organization").order_by("pk")):
        found.append((EngineForm(document.definition.title.zh), document))
    return found


def _render(case: Case, form, document):
    if isinstance(form, EngineForm):
        from anxin.documents.printing import render_html

        return render_html_document(render_html(document))
    return render_document(case, form.code, document)


def _entry_label(form: PrintedForm, document) -> str:
    if isinstance(form, EngineForm):
        episode = f"　第{document.episode}次服务" if document.episode > 1 else ""
        return f"{form.title}{episode}"
    parts = [f"附件{form.appendix}　{form.title}"]
    if getattr(document, "episode", 1) > 1:
        parts.append(f"第{document.episode}次服务")
    if form.code == "plan":
        parts.append(f"第{document.version}版")
    if form.code == "service_record":
        parts.append(f"第{document.session_number}次")
    return "　".join(parts)


def render_catalogue(case: Case, entries: list[dict]):
    """The catalogue page(s): the standard's Chinese, like the forms it lists."""
    with translation.override("zh-hans"):
        html = render_to_string("cases/print/case_file_catalogue.html", {
            "case": case, "client": case.client, "entries": entries,
            "printed_on": timezone.localdate()})
    return render_html_document(html)


def bind(case: Case, documents: list, advance=lambda: None) -> tuple[bytes, int]:
    """The catalogue and every form laid out and bound: (PDF bytes, forms printed)."""
    laid_out = []
    for form, document in documents:
        laid_out.append((form, document, _render(case, form, document)))
        advance()
    # The catalogue's own length decides where the forms begin: lay it out once to count its
    # pages, then again with the page numbers (a second pass only if it grew).
    def entries(first_page):
        rows, page = [], first_page
        for form, document, rendered in laid_out:
            rows.append({"label": _entry_label(form, document), "page": page,
                         "pages": len(rendered.pages)})
            page += len(rendered.pages)
        return rows

    catalogue = render_catalogue(case, entries(2))
    if len(catalogue.pages) > 1:
        catalogue = render_catalogue(case, entries(len(catalogue.pages) + 1))
    pages = [*catalogue.pages, *(p for _f, _d, rendered in laid_out for p in rendered.pages)]
    return catalogue.copy(pages).write_pdf(), len(laid_out)


def run(job, progress: engine.Progress) -> None:
    from ..access import access_case
    from ..actions.printing import record_case_file_printed

    user = job.requested_by
    try:
        case = access_case(user, job.parameters.get("case"))
    except (NotVisible, NotPermitted):
        raise engine.JobFailed(_("You can no longer see this case.")) from None
    documents = documents_of(case)
    progress.total(len(documents))
    progress.batch = 1  # a few dozen forms, each a moment: show every one

    pdf, count = bind(case, documents, advance=progress.advance)
    writer = files.EncryptedWriter()
    for start in range(0, len(pdf), PIECE):
        writer.write(base64.b64encode(pdf[start:start + PIECE]).decode("ascii") + "\n")
    stored = writer.save("case-file")
    name = re.sub(r"[^A-Za-z0-9._-]", "_", f"{case.case_number}.pdf")
    engine.deliver(
        job, stored=stored, result_name=name,
        message=ngettext("%(count)d form printed.", "%(count)d forms printed.", count)
        % {"count": count},
        audit=lambda: record_case_file_printed(case, acting_user=user, documents=count))


def read_pdf(stored: str):
    """The stored PDF's bytes, piece by piece (the download streams them)."""
    for text in files.read_text(stored):
        for line in text.splitlines():
            if line:
                yield base64.b64decode(line)
