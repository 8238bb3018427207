"""The OpenAPI description of the error envelope, and a server-rendered documentation page.

The page lists operations from the generated schema rather than loading Swagger UI, whose
scripts would come from a CDN.
"""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

HTTP_METHODS = ("get", "post", "put", "patch", "delete")

_ERROR_DESCRIPTIONS = {
    400: _("The data sent is not valid; `fields` says why, per field."),
    401: _("No valid token or session was sent."),
    403: _("Your role may not do this."),
    404: _("No such client, or not one you may see."),
}


class ApiFieldErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ApiClientRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    file_number = serializers.CharField()


class ApiErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable and machine-readable."))
    message = serializers.CharField(help_text=_("For people, in the request's language."))
    fields = serializers.DictField(child=ApiFieldErrorSerializer(many=True), required=False)
    existing_client = ApiClientRefSerializer(
        required=False, help_text=_("The client already registered with this ID number."))
    candidates = ApiClientRefSerializer(
        many=True, required=False,
        help_text=_("Clients with the same name and birth date; resend with "
                    "confirm_not_duplicate if none is the same person."))


class ApiErrorResponseSerializer(serializers.Serializer):
    error = ApiErrorSerializer()


def error_responses(*status_codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ApiErrorResponseSerializer,
                                  description=_ERROR_DESCRIPTIONS[code])
            for code in status_codes}


# What any operation may answer besides its own success, in the one error shape
# (anxin/api/errors.py): every request can be malformed, unauthenticated, refused or aimed at
# something the user may not see; a list page past the end is a 404 too; an update read at an
# older version is refused (ADR 0013); a throttled one waits.
COMMON_ERRORS = {
    "400": _("The data sent is not valid; `fields` says why, per field."),
    "401": _("No valid token or session was sent."),
    "403": _("Your role may not do this."),
    "404": _("No such object, or not one you may see."),
    "429": _("Too many requests; wait and try again."),
}
UPDATE_ERRORS = {"409": _("Someone saved a newer version meanwhile; nothing was changed.")}
ERROR_COMPONENT = "ApiErrorResponse"


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the errors above, so the
    schema states each status the API really returns (checked by schemathesis in the suite)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    if ERROR_COMPONENT not in schemas:
        schemas[ERROR_COMPONENT] = {
            "type": "object", "required": ["error"],
            "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "fields": {"type": "object"}}}}}
    body = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            errors = {**COMMON_ERRORS, **(UPDATE_ERRORS if method in ("put", "patch") else {})}
            for code, description in errors.items():
                responses.setdefault(code, {"description": str(description), "content": body})
    return result


@require_GET
def api_docs(request):
    """Every path and method of the API with its summary, in the request's language."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        {"path": path, "method": method.upper(), "summary": operation.get("summary", "")}
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]
    return render(request, "api/docs.html", {"info": schema["info"], "operations": operations})
