"""Exceptions that views and the API translate into 403 and 404 the same way."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


class NotVisible(Http404):
    """Not found, or not allowed to know it exists: both answer 404."""


class NotPermitted(PermissionDenied):
    """Visible, but the user's role lacks the capability: 403."""
