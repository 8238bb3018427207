"""Forms A–G as PDF: a Django template per form, one print stylesheet, WeasyPrint.

The Chinese font comes from a Python package (Noto Serif SC and Noto Sans SC), never from the
system, so the PDF reads the same on a machine with no Chinese font; WeasyPrint embeds only the
glyphs a form uses (harfbuzz-subset, see scripts/setup.sh).
"""

import threading

import pylopdf_fonts_zh_cn
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from ..models import Case
from .documents import printed_form

FONT_URLS = {
    "serif": pylopdf_fonts_zh_cn.serif_path().resolve().as_uri(),
    "sans": pylopdf_fonts_zh_cn.sans_path().resolve().as_uri(),
}


class FormFetcher(URLFetcher):
    """Loads the two font files and data: URIs (signatures), nothing else: a form prints from
    what is in the database, and text a client typed can never make the server fetch a URL."""

    def fetch(self, url, headers=None):
        if url.startswith("data:") or url in FONT_URLS.values():
            return super().fetch(url, headers)
        raise ValueError(f"A printed form loads no {url[:40]!r}")


_shared = threading.local()


def _print_resources() -> tuple[FontConfiguration, CSS, FormFetcher]:
    """The font configuration and the parsed stylesheet, made once per thread.

    Registering an @font-face copies the font file and has Fontconfig scan it, which costs more
    than laying out a whole form; WeasyPrint skips that for a configuration that has already
    seen the face. One per thread, because Fontconfig and Pango objects are not shared safely
    between threads.
    """
    if getattr(_shared, "css", None) is None:
        fetcher = FormFetcher(allowed_protocols=("data", "file"))
        fonts = FontConfiguration()
        css = CSS(string=render_to_string("cases/print/print.css", {"fonts": FONT_URLS}),
                  font_config=fonts, url_fetcher=fetcher)
        _shared.fonts, _shared.css, _shared.fetcher = fonts, css, fetcher
    return _shared.fonts, _shared.css, _shared.fetcher


def render_html(case: Case, code: str, document) -> str:
    form = printed_form(code)
    context = {"case": case, "client": case.client, "document": document, "form": form,
               "printed_on": timezone.localdate(), **form.context(document, case)}
    # The forms are the standard's Chinese forms; any label or date drawn from Django (a
    # choice's display, a month name) must be Chinese too, whatever the reader's language.
    with translation.override("zh-hans"):
        return render_to_string(form.template, context)


def render_html_document(html: str):
    """Laid-out pages (a WeasyPrint Document) of HTML in the print stylesheet, for binding
    several into one PDF (printing/case_file.py)."""
    fonts, css, fetcher = _print_resources()
    return HTML(string=html, url_fetcher=fetcher).render(stylesheets=[css], font_config=fonts)


def render_document(case: Case, code: str, document):
    """One filled-in form, laid out: its pages as when it is printed alone."""
    return render_html_document(render_html(case, code, document))


def render_pdf(case: Case, code: str, document) -> bytes:
    """One filled-in form as PDF bytes."""
    return render_document(case, code, document).write_pdf()
