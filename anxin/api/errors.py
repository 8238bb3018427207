"""Every API error has one shape: {"error": {"code", "message", "fields"?}}.

`code` is machine-readable and stable; `message` is for people, in the request's language.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

_CODES = {
    status.HTTP_400_BAD_REQUEST: "validation_error",
    status.HTTP_401_UNAUTHORIZED: "not_authenticated",
    status.HTTP_403_FORBIDDEN: "permission_denied",
    status.HTTP_404_NOT_FOUND: "not_found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    status.HTTP_429_TOO_MANY_REQUESTS: "throttled",
}


def django_validation_to_fields(error: DjangoValidationError) -> dict[str, list[dict]]:
    """{"field": [{"code", "message"}]} from a Django ValidationError with an error dict."""
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": [_item(e) for e in error.error_list]}
    return {field: [_item(e) for e in errors] for field, errors in error.error_dict.items()}


def _item(error: DjangoValidationError) -> dict:
    message = error.message % error.params if error.params else error.message
    return {"code": error.code or "invalid", "message": str(message)}


def _duplicates(error: DjangoValidationError, user) -> tuple[DjangoValidationError, dict]:
    """The files a refused registration collides with, so a program can offer them instead —
    those the user may open. Of a colleague's file the refusal says only whom to ask
    (anxin.clients.id_check), as the registration page does.

    Set by anxin.clients.actions: DuplicateClient has `existing`, PossibleDuplicate `candidates`.
    """
    from anxin.clients import id_check

    extra = {}
    existing = getattr(error, "existing", None)
    if existing is not None:
        hidden = id_check.duplicate_error(user, existing)
        if hidden is None:
            extra["existing_client"] = _client_ref(existing)
        error = hidden or error
    candidates = getattr(error, "candidates", None)
    if candidates:
        mine = id_check.openable(user, candidates)
        extra["candidates"] = [_client_ref(c) for c in candidates if c.pk in mine]
        error = id_check.possible_duplicate_error(user, candidates) or error
    return error, extra


def _client_ref(client) -> dict:
    return {"id": client.pk, "file_number": client.file_number}


def _drf_fields(detail) -> dict[str, list[dict]]:
    if isinstance(detail, list):
        return {"non_field_errors": [{"code": d.code, "message": str(d)} for d in detail]}
    fields = {}
    for field, value in detail.items():
        items = value if isinstance(value, list) else [value]
        fields[field] = [
            {"code": getattr(v, "code", "invalid"), "message": str(v)} if not isinstance(v, dict)
            else {"code": "invalid", "message": str(v)}
            for v in items
        ]
    return fields


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        request = context.get("request")
        exc, duplicates = _duplicates(exc, getattr(request, "user", None))
        body = {"code": "validation_error",
                "message": _("The data sent is not valid; see the fields."),
                "fields": django_validation_to_fields(exc), **duplicates}
        # DRF's own handler does this for its errors; without it a refusal under
        # ATOMIC_REQUESTS would still commit what the request wrote before it.
        set_rollback()
        return Response({"error": body}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body = {"code": _CODES.get(response.status_code, "error")}
    if isinstance(exc, exceptions.ValidationError):
        body["message"] = _("The data sent is not valid; see the fields.")
        body["fields"] = _drf_fields(exc.detail)
    else:
        detail = getattr(exc, "detail", "")
        body["code"] = getattr(detail, "code", None) or body["code"]
        body["message"] = str(detail)
    response.data = {"error": body}
    return response
