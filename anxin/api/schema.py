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
