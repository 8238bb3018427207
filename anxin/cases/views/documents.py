"""Pages for forms A–G: fill in, read, confirm and submit, review."""

urlpatterns: list = []
