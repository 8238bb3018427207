"""Referral pages."""

urlpatterns: list = []
