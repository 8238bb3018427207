"""Printable PDFs of forms A–G."""

urlpatterns: list = []
