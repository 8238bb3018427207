"""Caseload, supervisor queue, case page, opening a case and moving it."""

urlpatterns: list = []
