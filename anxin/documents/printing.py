"""The PDF renderer: any document kind laid out like an official form — the organisation, the
title, boxed fields in the definition's sections, tick boxes for every choice, a table for each
repeating table, signature lines, page numbers — with the print stylesheet and embedded fonts
of forms A–G (cases/printing/render.py). A kind whose official layout is unusual names its own
template (`DocumentKind.print_template`); it gets the same context."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from anxin.cases.printing.render import render_html_document

from .definitions import FieldType

T = FieldType


def _file_cell(value, files) -> dict:
    """A photo printed in its box (embedded, so the PDF stands alone); a PDF file by name."""
    import base64

    kept = files.get(value)
    if kept is None:
        return {"text": ""}
    if not kept.is_image:
        return {"text": kept.name}
    with kept.file.open("rb") as handle:
        encoded = base64.b64encode(handle.read()).decode()
    return {"image": f"data:{kept.content_type};base64,{encoded}"}


def _cell(field, value, files=None, organization_id=None) -> dict:
    """What one field prints: its text, or each choice with whether it was ticked."""
    if field.type in (T.CHOICE, T.MULTI_CHOICE):
        chosen = set(value if isinstance(value, list) else [value]) if value is not None else set()
        return {"boxes": [(str(c.label.zh), c.code in chosen) for c in field.choices]}
    if field.type == T.YES_NO:
        return {"boxes": [("是", value is True), ("否", value is False)]}
    if field.type == T.TABLE:
        return {"rows": [[_cell(c, row.get(c.code), files, organization_id)
                          for c in field.columns]
                         for row in value or []], "columns": field.columns}
    if field.type == T.FILE and value is not None:
        return _file_cell(value, files or {})
    if field.type == T.SIGNATURE and value is not None:
        import base64

        from anxin.cases.models import Signature

        signature = Signature.objects.filter(pk=value).first()
        if signature is None:
            return {"text": ""}
        encoded = base64.b64encode(bytes(signature.data)).decode()
        return {"signature": f"data:{signature.content_type};base64,{encoded}",
                "text": signature.signer_name}
    if field.type in (T.STAFF, T.CONTACT, T.INSTRUMENT_RESPONSE) and value is not None:
        from .reference_labels import label

        return {"text": label(field, value, organization_id=organization_id)}
    return {"text": "" if value is None else str(value)}


def render_html(document) -> str:
    kind = document.definition
    data = document.data
    subject = document.subject
    of = subject.of(document)
    files = document.files.in_bulk()
    # The form is Chinese, as the standard's forms are, whatever the reader's language.
    with translation.override("zh-hans"):
        sections = [{"section": s, "fields": [(f, _cell(f, data.get(f.code), files,
                                                        document.organization_id))
                                              for f in s.fields]} for s in kind.sections]
        heading = subject.heading(of)
        rows = heading.print_rows
        context = {"document": document, "kind": kind, "subject": of, "heading": heading,
                   "header": [rows[i:i + 2] for i in range(0, len(rows), 2)],
                   "organization": subject.organization(of), "sections": sections,
                   "printed_on": timezone.localdate(),
                   # 一式两份 and the like: the whole form once per copy, each marked.
                   "copies": kind.copies or (None,)}
        return render_to_string(kind.print_template or "documents/print/form.html", context)


def render_pdf(document) -> bytes:
    return render_html_document(render_html(document)).write_pdf()
